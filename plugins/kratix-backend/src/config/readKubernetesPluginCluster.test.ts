import { ConfigReader } from '@backstage/config';
import {
  AnonymousStrategy,
  AwsIamStrategy,
  AzureIdentityStrategy,
  GoogleServiceAccountStrategy,
} from '@backstage/plugin-kubernetes-backend';
import type { AuthenticationStrategy } from '@backstage/plugin-kubernetes-node';
import {
  type ReadKratixConfigOptions,
  readKratixConfig,
} from './readKratixConfig';
import { ServiceAccountTokenStrategy } from '../cluster/auth/ServiceAccountTokenStrategy';
import type { KubernetesPluginConnection } from './types';

const KEY = "Invalid Kratix config at 'kratix.platforms[0].kubernetesCluster'";

/** The connection of platform `p`, reached by `kubernetesCluster: name`. */
function connectionOf(
  name: string,
  kubernetes: object,
  options: ReadKratixConfigOptions & { root?: object } = {},
): KubernetesPluginConnection {
  const config = readKratixConfig(
    new ConfigReader({
      ...options.root,
      kubernetes,
      kratix: { platforms: [{ name: 'p', kubernetesCluster: name }] },
    }),
    options,
  );
  return config.platforms[0].connection as KubernetesPluginConnection;
}

const configLocator = (...clusters: object[]) => ({
  clusterLocatorMethods: [{ type: 'config', clusters }],
});
const cluster = (extra: object) => ({
  name: 'c',
  url: 'https://c.example.com:6443/',
  ...extra,
});

const customStrategy = (errors: Error[] = []): AuthenticationStrategy => ({
  getCredential: async () => ({ type: 'anonymous' }),
  validateCluster: () => errors,
  presentAuthMetadata: () => ({}),
});

describe('kubernetesCluster: a cluster of a config locator', () => {
  it('reads a serviceAccount cluster with its token, CA and TLS settings; the token never expires', async () => {
    const connection = connectionOf(
      'c',
      configLocator(
        { name: 'other', url: 'https://other', authProvider: 'aws' },
        cluster({
          title: 'Platform',
          authProvider: 'serviceAccount',
          serviceAccountToken: 'tok',
          caData: 'Q0E=',
          caFile: '/etc/ca.pem',
          skipTLSVerify: true,
        }),
      ),
    );
    expect(connection).toEqual({
      type: 'kubernetes-plugin',
      configKey: 'kratix.platforms[0].kubernetesCluster',
      clusterKey: 'kubernetes.clusterLocatorMethods[0].clusters[1]',
      cluster: {
        name: 'c',
        title: 'Platform',
        url: 'https://c.example.com:6443',
        authMetadata: {
          'kubernetes.io/auth-provider': 'serviceAccount',
          serviceAccountToken: 'tok',
        },
        skipTLSVerify: true,
        caData: 'Q0E=',
        caFile: '/etc/ca.pem',
      },
      authProvider: 'serviceAccount',
      strategy: expect.any(ServiceAccountTokenStrategy),
      credentialMaxAgeMs: Infinity,
    });
    await expect(
      connection.strategy.getCredential(connection.cluster, {}),
    ).resolves.toEqual({ type: 'bearer token', token: 'tok' });
  });

  it("reads a serviceAccount cluster without a token (the Pod's rotating token file) again every minute", () => {
    const connection = connectionOf(
      'c',
      configLocator(cluster({ authProvider: 'serviceAccount' })),
    );
    expect(connection.strategy).toBeInstanceOf(ServiceAccountTokenStrategy);
    expect(connection.credentialMaxAgeMs).toBe(60_000);
  });

  it('takes the auth provider and any kubernetes.io/... key from authMetadata, over the shorthands', () => {
    const connection = connectionOf(
      'c',
      configLocator(
        cluster({
          authProvider: 'serviceAccount',
          assumeRole: 'arn:aws:iam::123:role/k8s',
          externalId: 'ext',
          authMetadata: {
            'kubernetes.io/auth-provider': 'aws',
            'kubernetes.io/x-k8s-aws-id': 'eks-prod',
            'kubernetes.io/aws-external-id': 'ext-2',
          },
        }),
      ),
    );
    expect(connection.authProvider).toBe('aws');
    expect(connection.cluster.authMetadata).toEqual({
      'kubernetes.io/auth-provider': 'aws',
      'kubernetes.io/aws-assume-role': 'arn:aws:iam::123:role/k8s',
      'kubernetes.io/aws-external-id': 'ext-2',
      'kubernetes.io/x-k8s-aws-id': 'eks-prod',
    });
    expect(connection.strategy).toBeInstanceOf(AwsIamStrategy);
    expect(connection.credentialMaxAgeMs).toBe(600_000);
  });

  describe('with aws credentials in the environment', () => {
    const saved = { ...process.env };
    beforeEach(() => {
      process.env.AWS_ACCESS_KEY_ID = 'AKIDEXAMPLE';
      process.env.AWS_SECRET_ACCESS_KEY = 'secret';
      process.env.AWS_REGION = 'eu-west-1';
      delete process.env.AWS_SESSION_TOKEN;
      delete process.env.AWS_PROFILE;
    });
    afterEach(() => {
      process.env = { ...saved };
    });

    it('gets an EKS token from the aws strategy, signed for the cluster id, without calling AWS', async () => {
      const connection = connectionOf(
        'c',
        configLocator(cluster({ authProvider: 'aws' })),
      );
      const credential = await connection.strategy.getCredential(
        connection.cluster,
        {},
      );
      expect(credential.type).toBe('bearer token');
      const token = (credential as { token: string }).token;
      expect(token).toMatch(/^k8s-aws-v1\./);
      const url = new URL(
        Buffer.from(token.slice('k8s-aws-v1.'.length), 'base64url').toString(),
      );
      expect(url.host).toBe('sts.eu-west-1.amazonaws.com');
      expect(url.searchParams.get('Action')).toBe('GetCallerIdentity');
      expect(url.searchParams.get('X-Amz-Credential')).toMatch(
        /^AKIDEXAMPLE\/\d{8}\/eu-west-1\/sts\/aws4_request$/,
      );
      expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe(
        'host;x-k8s-aws-id',
      );
    });
  });

  it.each([
    ['azure', AzureIdentityStrategy, 300_000],
    ['googleServiceAccount', GoogleServiceAccountStrategy, 1_800_000],
    ['localKubectlProxy', AnonymousStrategy, Infinity],
  ])(
    'uses the Kubernetes plugin strategy of authProvider %s',
    (authProvider, type, maxAge) => {
      const connection = connectionOf(
        'c',
        configLocator(cluster({ authProvider })),
      );
      expect(connection.authProvider).toBe(authProvider);
      expect(connection.strategy).toBeInstanceOf(type);
      expect(connection.credentialMaxAgeMs).toBe(maxAge);
    },
  );

  it('makes one strategy per auth provider, shared by the clusters that use it', () => {
    const config = readKratixConfig(
      new ConfigReader({
        kubernetes: configLocator(
          cluster({ name: 'a', authProvider: 'aws' }),
          cluster({ name: 'b', authProvider: 'aws' }),
        ),
        kratix: {
          platforms: [
            {
              name: 'p',
              kubernetesCluster: 'a',
              workers: [
                { name: 'w', destination: 'd', kubernetesCluster: 'b' },
              ],
            },
          ],
        },
      }),
    );
    const platform = config.platforms[0]
      .connection as KubernetesPluginConnection;
    const worker = config.platforms[0].workers[0]
      .connection as KubernetesPluginConnection;
    expect(worker.cluster.name).toBe('b');
    expect(worker.strategy).toBe(platform.strategy);
  });

  it('uses a strategy given to readKratixConfig for its auth provider, asked again every minute', () => {
    const pinniped = customStrategy();
    const oidc = customStrategy();
    const connection = connectionOf(
      'c',
      configLocator(cluster({ authProvider: 'pinniped' })),
      { authStrategies: { pinniped, oidc } },
    );
    expect(connection.strategy).toBe(pinniped);
    expect(connection.credentialMaxAgeMs).toBe(60_000);
    expect(
      connectionOf('c', configLocator(cluster({ authProvider: 'oidc' })), {
        authStrategies: { oidc },
      }).strategy,
    ).toBe(oidc);
  });
});

describe('kubernetesCluster: the cluster of a localKubectlProxy locator', () => {
  it("is named 'local' and reached anonymously at kubectl proxy's address", () => {
    const connection = connectionOf('local', {
      clusterLocatorMethods: [
        { type: 'config', clusters: [] },
        { type: 'localKubectlProxy' },
      ],
    });
    expect(connection).toEqual({
      type: 'kubernetes-plugin',
      configKey: 'kratix.platforms[0].kubernetesCluster',
      clusterKey: 'kubernetes.clusterLocatorMethods[1]',
      cluster: {
        name: 'local',
        url: 'http://127.0.0.1:8001',
        authMetadata: { 'kubernetes.io/auth-provider': 'localKubectlProxy' },
        skipMetricsLookup: true,
      },
      authProvider: 'localKubectlProxy',
      strategy: expect.any(AnonymousStrategy),
      credentialMaxAgeMs: Infinity,
    });
  });
});

describe('kubernetesCluster: errors name the Kratix key and the Kubernetes plugin cluster', () => {
  const where = `${KEY}: Kubernetes plugin cluster 'c' (kubernetes.clusterLocatorMethods[0].clusters[0])`;
  const userToken = (provider: string, what: string) =>
    `${where}: authProvider '${provider}' authenticates each request with ${what}, which the frontend sends along; Kratix reads clusters from the backend (watch caches shared by every user, the catalog sync), where there is no user token. Give Kratix a credential of its own: a cluster with authProvider serviceAccount, localKubectlProxy, aws, azure, googleServiceAccount, or url + serviceAccountToken`;

  it.each([
    [
      'no Kubernetes plugin config',
      'c',
      {},
      {},
      `${KEY}: no cluster named 'c' in kubernetes.clusterLocatorMethods (types config and localKubectlProxy)`,
    ],
    [
      "a name that only a catalog or gke locator could know, or 'local' without a localKubectlProxy locator",
      'local',
      {
        clusterLocatorMethods: [
          { type: 'catalog' },
          { type: 'gke', projectId: 'p' },
        ],
      },
      {},
      `${KEY}: no cluster named 'local' in kubernetes.clusterLocatorMethods (types config and localKubectlProxy); kubernetes.clusterLocatorMethods[0] (type catalog) cannot be used yet: its clusters are catalog entities, and Kratix sets its clusters up once, at start-up, in a root service that cannot read the catalog; kubernetes.clusterLocatorMethods[1] (type gke) cannot be used yet: it lists clusters through the Google Cloud API while the backend runs, and gives them without their CA certificate`,
    ],
    [
      'a name used twice',
      'c',
      {
        clusterLocatorMethods: [
          { type: 'config', clusters: [cluster({ authProvider: 'aws' })] },
          { type: 'config', clusters: [cluster({ authProvider: 'azure' })] },
        ],
      },
      {},
      `${KEY}: 'c' names 2 clusters of the Kubernetes plugin (kubernetes.clusterLocatorMethods[0].clusters[0], kubernetes.clusterLocatorMethods[1].clusters[0]); give them distinct names`,
    ],
    [
      'a cluster without a URL',
      'c',
      configLocator({ name: 'c', authProvider: 'serviceAccount' }),
      {},
      `${where}: Missing required config value at 'kubernetes.clusterLocatorMethods[0].clusters[0].url'`,
    ],
    [
      'a URL that is not one',
      'c',
      configLocator(cluster({ url: 'nope', authProvider: 'serviceAccount' })),
      {},
      `${where}: 'nope' is not a URL`,
    ],
    [
      'a non-http URL',
      'c',
      configLocator(
        cluster({ url: 'ftp://c', authProvider: 'serviceAccount' }),
      ),
      {},
      `${where}: the URL must be http(s), got ftp:`,
    ],
    [
      'a cluster without an auth provider',
      'c',
      configLocator(cluster({})),
      {},
      `${where}: kubernetes.clusterLocatorMethods[0].clusters[0] has no auth provider: set authProvider or authMetadata['kubernetes.io/auth-provider']`,
    ],
    [
      'authMetadata that is not an object',
      'c',
      configLocator(cluster({ authProvider: 'aws', authMetadata: ['x'] })),
      {},
      `${where}: kubernetes.clusterLocatorMethods[0].clusters[0].authMetadata must be an object of strings`,
    ],
    [
      'an authMetadata value that is not a string',
      'c',
      configLocator(
        cluster({
          authProvider: 'aws',
          authMetadata: { 'kubernetes.io/aws-account-id': 123 },
        }),
      ),
      {},
      `${where}: kubernetes.clusterLocatorMethods[0].clusters[0].authMetadata['kubernetes.io/aws-account-id'] must be a string, got number`,
    ],
    [
      'authProvider oidc (the user token)',
      'c',
      configLocator(
        cluster({ authProvider: 'oidc', oidcTokenProvider: 'okta' }),
      ),
      {},
      userToken(
        'oidc',
        "the signed-in user's OIDC token (of the cluster's oidcTokenProvider)",
      ),
    ],
    [
      'authProvider google (the user token)',
      'c',
      configLocator(cluster({ authProvider: 'google' })),
      {},
      userToken('google', "the signed-in user's Google access token"),
    ],
    [
      'authProvider aks (the user token)',
      'c',
      configLocator(cluster({ authProvider: 'aks' })),
      {},
      userToken('aks', "the signed-in user's Azure (AKS) access token"),
    ],
    [
      'an auth provider without a strategy',
      'c',
      configLocator(cluster({ authProvider: 'pinniped' })),
      {},
      `${where}: authProvider 'pinniped' has no auth strategy Kratix can use (it can use serviceAccount, localKubectlProxy, aws, azure, googleServiceAccount); strategies added to the Kubernetes plugin (kubernetesAuthStrategyExtensionPoint) are that plugin's own and are not shared with Kratix`,
    ],
    [
      'googleServiceAccount credentials that are not JSON',
      'c',
      {
        ...configLocator(cluster({ authProvider: 'googleServiceAccount' })),
        googleServiceAccountCredentials: '{not json',
      },
      {},
      `${where}: the Kubernetes plugin's 'googleServiceAccount' auth strategy cannot start: kubernetes.googleServiceAccountCredentials is not JSON (`,
    ],
    [
      'an aws integration config the aws strategy refuses',
      'c',
      configLocator(cluster({ authProvider: 'aws' })),
      { aws: { mainAccount: { accessKeyId: 'AKID' } } },
      `${where}: the Kubernetes plugin's 'aws' auth strategy cannot start: The main AWS integration account has an access key ID configured, but no secret access key.`,
    ],
  ])('refuses %s', (_what, name, kubernetes, root, message) => {
    expect(() => connectionOf(name, kubernetes, { root })).toThrow(message);
  });

  it("reports what the strategy's validateCluster finds", () => {
    expect(() =>
      connectionOf('c', configLocator(cluster({ authProvider: 'pinniped' })), {
        authStrategies: {
          pinniped: customStrategy([
            new Error('needs kubernetes.io/pinniped-audience'),
          ]),
        },
      }),
    ).toThrow(`${where}: needs kubernetes.io/pinniped-audience`);
  });
});
