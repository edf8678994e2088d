import { createServer } from 'node:net';
import {
  CoreV1Api,
  CustomObjectsApi,
  KubernetesObjectApi,
  type KubernetesObject,
} from '@kubernetes/client-node';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { AuthenticationStrategy } from '@backstage/plugin-kubernetes-node';
import {
  defaultKratixCrdDir,
  type StandaloneControlPlane,
  startStandaloneControlPlane,
  waitFor,
} from '@internal/kratix-testenv';
import request from 'supertest';
import kratixBackend from '..';
import { readKratixConfig } from '../config/readKratixConfig';
import { createKratixPlatforms } from '../platforms/createKratixPlatforms';
import { createKratixServices, type KratixServices } from '../services';
import { startAwsTokenWebhook } from './auth/__testUtils__/startAwsTokenWebhook';

jest.setTimeout(300_000);

const AWS = {
  accessKeyId: 'AKIDKRATIXTEST',
  secretAccessKey: 'kratix-test-secret',
  region: 'eu-west-1',
};
const READERS = 'kratix-readers';
const KUBECTL_PROXY_PORT = 8001;

const crd = (plural: string, kind: string) => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `${plural}.test.kratix.io` },
  spec: {
    group: 'test.kratix.io',
    names: { kind, plural, singular: kind.toLowerCase() },
    scope: 'Namespaced',
    versions: [
      {
        name: 'v1alpha1',
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: {
                type: 'object',
                properties: { size: { type: 'string' } },
              },
            },
          },
        },
      },
    ],
  },
});

/** A Promise and its request kind, as Kratix would have installed them, plus requests. */
async function installPromise(
  env: StandaloneControlPlane,
  name: string,
  plural: string,
  kind: string,
  requests: string[],
) {
  const kc = env.controlPlane.kubeConfig;
  const objects = KubernetesObjectApi.makeApiClient(kc);
  const api = crd(plural, kind);
  await objects.create(api);
  await objects.create({
    apiVersion: 'platform.kratix.io/v1alpha1',
    kind: 'Promise',
    metadata: { name },
    spec: { api },
  } as KubernetesObject);
  const custom = kc.makeApiClient(CustomObjectsApi);
  await waitFor(`CRD ${plural} established`, async () =>
    custom
      .listNamespacedCustomObject({
        group: 'test.kratix.io',
        version: 'v1alpha1',
        plural,
        namespace: 'default',
      })
      .then(() => true)
      .catch(() => false),
  );
  await createRequests(env, plural, kind, requests);
}

/** Requests of a test Promise in namespace default. */
async function createRequests(
  env: StandaloneControlPlane,
  plural: string,
  kind: string,
  names: string[],
) {
  const custom = env.controlPlane.kubeConfig.makeApiClient(CustomObjectsApi);
  for (const name of names) {
    await custom.createNamespacedCustomObject({
      group: 'test.kratix.io',
      version: 'v1alpha1',
      plural,
      namespace: 'default',
      body: {
        apiVersion: 'test.kratix.io/v1alpha1',
        kind,
        metadata: { name },
        spec: { size: 'small' },
      },
    });
  }
}

/** Read rights on Kratix's and the test Promises' kinds for group kratix-readers and a ServiceAccount; its token. */
async function createReaders(env: StandaloneControlPlane): Promise<string> {
  const kc = env.controlPlane.kubeConfig;
  const objects = KubernetesObjectApi.makeApiClient(kc);
  const rbac = 'rbac.authorization.k8s.io/v1';
  await objects.create({
    apiVersion: rbac,
    kind: 'ClusterRole',
    metadata: { name: 'kratix-reader' },
    rules: [
      {
        apiGroups: ['platform.kratix.io', 'test.kratix.io'],
        resources: ['*'],
        verbs: ['get', 'list', 'watch'],
      },
    ],
  } as KubernetesObject);
  await objects.create({
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: 'kratix-reader', namespace: 'default' },
  });
  await objects.create({
    apiVersion: rbac,
    kind: 'ClusterRoleBinding',
    metadata: { name: 'kratix-reader' },
    roleRef: {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: 'kratix-reader',
    },
    subjects: [
      { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: READERS },
      { kind: 'ServiceAccount', name: 'kratix-reader', namespace: 'default' },
    ],
  } as KubernetesObject);
  const token = await kc
    .makeApiClient(CoreV1Api)
    .createNamespacedServiceAccountToken({
      name: 'kratix-reader',
      namespace: 'default',
      body: { spec: { audiences: [], expirationSeconds: 3600 } },
    });
  return token.status!.token!;
}

/** Runs `kubectl proxy` on port 8001, where the Kubernetes plugin's localKubectlProxy locator looks. */
async function startKubectlProxy(env: StandaloneControlPlane) {
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', error =>
      reject(
        new Error(
          `port ${KUBECTL_PROXY_PORT} is taken (${error.message}): the localKubectlProxy test runs kubectl proxy there, where the Kubernetes plugin looks`,
        ),
      ),
    );
    probe.listen(KUBECTL_PROXY_PORT, '127.0.0.1', () =>
      probe.close(() => resolve()),
    );
  });
  env.spawn('kubectl-proxy', env.binaries.kubectl, [
    'proxy',
    `--port=${KUBECTL_PROXY_PORT}`,
    `--kubeconfig=${env.controlPlane.adminKubeconfigFile}`,
  ]);
  await waitFor('kubectl proxy', async () =>
    fetch(`http://127.0.0.1:${KUBECTL_PROXY_PORT}/version`)
      .then(res => res.ok)
      .catch(() => false),
  );
}

/** A strategy that authenticates with an x509 client certificate, as a Pinniped-like one would. */
const certificateStrategy = (cert: {
  certPem: string;
  keyPem: string;
}): AuthenticationStrategy => ({
  getCredential: async () => ({
    type: 'x509 client certificate',
    cert: cert.certPem,
    key: cert.keyPem,
  }),
  validateCluster: () => [],
  presentAuthMetadata: () => ({}),
});

const summary = (result: { items: any[]; errors: any[] }) => ({
  items: result.items.map(i =>
    i.promise
      ? [i.platform, i.promise, i.namespace, i.name]
      : [i.platform, i.name],
  ),
  errors: result.errors.map(e => [e.platform, e.type, e.statusCode]),
});

// Each auth kind that a Kubernetes plugin cluster can use from a backend, against one
// real kube-apiserver: a ServiceAccount token, a real kubectl proxy, an EKS token checked
// by an authentication webhook as AWS would, and x509 client certificates of its client CA.
describe('Kratix on clusters of the Kubernetes plugin (real API server)', () => {
  const savedEnv = { ...process.env };
  let env: StandaloneControlPlane;
  let webhook: Awaited<ReturnType<typeof startAwsTokenWebhook>>;
  let services: KratixServices;
  let stopPlatforms: () => Promise<void> = async () => undefined;
  let rootConfig: Record<string, any>;

  beforeAll(async () => {
    Object.assign(process.env, {
      AWS_ACCESS_KEY_ID: AWS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: AWS.secretAccessKey,
      AWS_REGION: AWS.region,
    });
    delete process.env.AWS_SESSION_TOKEN;
    delete process.env.AWS_PROFILE;
    webhook = await startAwsTokenWebhook({
      ...AWS,
      clusterId: 'eks-kratix',
      user: { username: 'aws:kratix', groups: [READERS] },
    });
    env = await startStandaloneControlPlane({
      crdDirs: [defaultKratixCrdDir()],
      clientCertificates: true,
      // Every request asks the webhook: token expiry is seen at once.
      tokenWebhook: { url: webhook.url, cacheTtl: '0s' },
    });
    const [serviceAccountToken] = await Promise.all([
      createReaders(env),
      installPromise(env, 'database', 'databases', 'Database', [
        'orders',
        'payments',
      ]),
      startKubectlProxy(env),
    ]);
    const { server, caPem, clientCertificates } = env.controlPlane;
    const caData = Buffer.from(caPem).toString('base64');
    const cluster = (name: string, extra: object) => ({
      name,
      url: server,
      caData,
      ...extra,
    });
    rootConfig = {
      kubernetes: {
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: [
              cluster('sa-cluster', {
                authProvider: 'serviceAccount',
                serviceAccountToken,
              }),
              // The aws strategy signs for authMetadata's x-k8s-aws-id, else the cluster name.
              cluster('eks-kratix', { authProvider: 'aws' }),
              cluster('x509-cluster', { authProvider: 'clientCertificate' }),
              cluster('x509-stranger', { authProvider: 'strangerCertificate' }),
            ],
          },
          { type: 'localKubectlProxy' },
        ],
      },
      kratix: {
        platforms: [
          { name: 'sa', kubernetesCluster: 'sa-cluster' },
          { name: 'proxy', kubernetesCluster: 'local' },
          { name: 'aws', kubernetesCluster: 'eks-kratix' },
        ],
      },
    };
    const [reader, stranger] = await Promise.all([
      clientCertificates!.issue({ user: 'kratix-x509', groups: [READERS] }),
      clientCertificates!.issue({ user: 'stranger' }),
    ]);
    const platforms = createKratixPlatforms(
      readKratixConfig(
        new ConfigReader({
          ...rootConfig,
          kratix: {
            platforms: [
              ...rootConfig.kratix.platforms,
              { name: 'x509', kubernetesCluster: 'x509-cluster' },
              { name: 'x509-stranger', kubernetesCluster: 'x509-stranger' },
            ],
          },
        }),
        {
          authStrategies: {
            clientCertificate: certificateStrategy(reader),
            strangerCertificate: certificateStrategy(stranger),
          },
        },
      ),
      { logger: mockServices.logger.mock() },
    );
    stopPlatforms = () => platforms.stop();
    services = createKratixServices(platforms);
  });

  afterAll(async () => {
    await stopPlatforms();
    await env?.stop();
    await webhook?.close();
    process.env = { ...savedEnv };
  });

  /** What the platforms service reads on a platform: its Promises and requests. */
  const readsOf = async (platform: string) => ({
    promises: summary(await services.promises.list({ platform })),
    requests: summary(await services.requests.listAll({ platform })),
  });
  const readable = (platform: string) => ({
    promises: { items: [[platform, 'database']], errors: [] },
    requests: {
      items: [
        [platform, 'database', 'default', 'orders'],
        [platform, 'database', 'default', 'payments'],
      ],
      errors: [],
    },
  });

  it('serviceAccount: reads Promises and requests with the token of the config locator', async () => {
    expect(await readsOf('sa')).toEqual(readable('sa'));
  });

  it('localKubectlProxy: reads Promises and requests through a real kubectl proxy, anonymously', async () => {
    expect(await readsOf('proxy')).toEqual(readable('proxy'));
  });

  it('aws: reads Promises and requests with an EKS token the API server had verified', async () => {
    expect(await readsOf('aws')).toEqual(readable('aws'));
    expect(webhook.reviews.length).toBeGreaterThan(0);
    expect(webhook.reviews.filter(r => !r.authenticated)).toEqual([]);
  });

  it('x509 client certificate: reads with the certificate a strategy gives; another certificate is another user', async () => {
    expect(await readsOf('x509')).toEqual(readable('x509'));
    const stranger = await services.promises.list({
      platform: 'x509-stranger',
    });
    expect(summary(stranger)).toEqual({
      items: [],
      errors: [['x509-stranger', 'forbidden', 403]],
    });
    expect(stranger.errors[0].message).toContain(
      'User "stranger" cannot list resource "promises"',
    );
  });

  it('aws: an expired token is refused, a fresh one is got, and the watch caches keep following', async () => {
    const before = webhook.reviews.length;
    const firstToken = webhook.reviews[before - 1].signedAt;
    // EKS refuses tokens older than 15 minutes; here, older than 2 seconds. The API
    // server keeps a token it accepted for 10 seconds without asking again.
    webhook.maxAgeSeconds = 2;
    await new Promise(resolve => setTimeout(resolve, 11_000));
    try {
      // A new Promise: the Promise watch (opened with the first token, and authenticated
      // when it opened) sees it; its request kind's new cache lists with the expired
      // token, is refused, and lists again with a fresh one.
      await installPromise(env, 'cache', 'caches', 'Cache', ['sessions']);
      const requests = await waitFor(
        'the new Promise and its request',
        async () => {
          const result = await services.requests.listAll({ platform: 'aws' });
          return result.items.length === 3 ? result : undefined;
        },
      );
      expect(summary(requests)).toEqual({
        items: [
          ['aws', 'cache', 'default', 'sessions'],
          ['aws', 'database', 'default', 'orders'],
          ['aws', 'database', 'default', 'payments'],
        ],
        errors: [],
      });
      const after = webhook.reviews.slice(before);
      expect(after[0]).toEqual({
        signedAt: firstToken,
        authenticated: false,
        reason: 'expired (older than 2 s)',
      });
      expect(after[1]).toEqual({
        signedAt: expect.any(String),
        authenticated: true,
      });
      expect(after[1].signedAt > firstToken).toBe(true);

      // The watches opened with the first token still deliver.
      await createRequests(env, 'databases', 'Database', ['invoices']);
      const withInvoices = await waitFor('the new request', async () => {
        const result = await services.requests.listAll({ platform: 'aws' });
        return result.items.length === 4 ? result : undefined;
      });
      expect(summary(withInvoices).items).toContainEqual([
        'aws',
        'database',
        'default',
        'invoices',
      ]);
      expect(withInvoices.errors).toEqual([]);
    } finally {
      webhook.maxAgeSeconds = 900;
    }
  });

  it('the backend plugin reads the same clusters from its own config (REST)', async () => {
    const { server } = await startTestBackend({
      features: [
        kratixBackend,
        mockServices.rootConfig.factory({ data: rootConfig }),
      ],
    });
    const platforms = await request(server).get('/api/kratix/platforms');
    expect(
      platforms.body.items.map((p: any) => [p.name, p.connection]),
    ).toEqual([
      ['sa', 'kubernetes-plugin'],
      ['proxy', 'kubernetes-plugin'],
      ['aws', 'kubernetes-plugin'],
    ]);
    const requests = await request(server).get(
      '/api/kratix/requests?search=orders',
    );
    expect(requests.status).toBe(200);
    expect(
      requests.body.items.map((r: any) => [r.platform, r.promise, r.name]),
    ).toEqual([
      ['aws', 'database', 'orders'],
      ['proxy', 'database', 'orders'],
      ['sa', 'database', 'orders'],
    ]);
    expect(requests.body.errors).toEqual([]);
  });

  it('the backend plugin refuses at start-up a cluster that authenticates as the signed-in user', async () => {
    await expect(
      startTestBackend({
        features: [
          kratixBackend,
          mockServices.rootConfig.factory({
            data: {
              kubernetes: {
                clusterLocatorMethods: [
                  {
                    type: 'config',
                    clusters: [
                      {
                        name: 'okta-cluster',
                        url: env.controlPlane.server,
                        authProvider: 'oidc',
                        oidcTokenProvider: 'okta',
                      },
                    ],
                  },
                ],
              },
              kratix: {
                platforms: [{ name: 'p', kubernetesCluster: 'okta-cluster' }],
              },
            },
          }),
        ],
      }),
    ).rejects.toThrow(
      "Invalid Kratix config at 'kratix.platforms[0].kubernetesCluster': Kubernetes plugin cluster 'okta-cluster' (kubernetes.clusterLocatorMethods[0].clusters[0]): authProvider 'oidc' authenticates each request with the signed-in user's OIDC token",
    );
  });
});
