import { ConfigReader } from '@backstage/config';
import { readKratixConfig } from './readKratixConfig';

const read = (data: object) => readKratixConfig(new ConfigReader(data));

describe('readKratixConfig', () => {
  it('reads no platforms from an empty config', () => {
    expect(read({})).toEqual({ platforms: [] });
  });

  it('reads each connection type with its workers', () => {
    const config = read({
      kratix: {
        platforms: [
          {
            name: 'prod',
            title: 'Production',
            kubeconfig: { path: 'kube/config', context: 'platform' },
            requestTimeoutMs: 2500,
            dryRun: 'server',
            workers: [
              {
                name: 'worker-a',
                destination: 'worker-1',
                url: 'https://worker-a.example.com:6443/',
                serviceAccountToken: 'secret-token',
                caData: 'Q0E=',
              },
              { name: 'worker-b', destination: 'edge.dc-2', inCluster: true },
            ],
          },
          {
            name: 'dev',
            url: 'https://dev.example.com',
            serviceAccountToken: 't',
            skipTLSVerify: true,
          },
        ],
      },
    });
    expect(config.platforms).toEqual([
      {
        name: 'prod',
        title: 'Production',
        requestTimeoutMs: 2500,
        dryRun: 'server',
        writeAs: 'service',
        impersonation: {
          userTemplate: '{{name}}',
          groupTemplate: '{{name}}',
          groupPrefix: '',
        },
        connection: {
          type: 'kubeconfig',
          configKey: 'kratix.platforms[0].kubeconfig',
          path: 'kube/config',
          context: 'platform',
        },
        workers: [
          {
            name: 'worker-a',
            destination: 'worker-1',
            connection: {
              type: 'url',
              configKey: 'kratix.platforms[0].workers[0].url',
              url: 'https://worker-a.example.com:6443',
              serviceAccountToken: 'secret-token',
              caData: 'Q0E=',
              caFile: undefined,
              skipTLSVerify: false,
            },
          },
          {
            name: 'worker-b',
            destination: 'edge.dc-2',
            connection: {
              type: 'in-cluster',
              configKey: 'kratix.platforms[0].workers[1].inCluster',
            },
          },
        ],
      },
      {
        name: 'dev',
        title: 'dev',
        requestTimeoutMs: 10000,
        dryRun: 'auto',
        writeAs: 'service',
        impersonation: {
          userTemplate: '{{name}}',
          groupTemplate: '{{name}}',
          groupPrefix: '',
        },
        connection: {
          type: 'url',
          configKey: 'kratix.platforms[1].url',
          url: 'https://dev.example.com',
          serviceAccountToken: 't',
          caData: undefined,
          caFile: undefined,
          skipTLSVerify: true,
        },
        workers: [],
      },
    ]);
  });

  it('reads writeAs and the impersonation templates', () => {
    const [platform] = read({
      kratix: {
        platforms: [
          {
            name: 'p',
            inCluster: true,
            writeAs: 'user',
            impersonation: {
              userTemplate: 'oidc:{{ name }}@example.com',
              groupTemplate: '{{namespace}}/{{name}}',
              groupPrefix: 'oidc:',
            },
          },
        ],
      },
    }).platforms;
    expect(platform).toMatchObject({
      writeAs: 'user',
      impersonation: {
        userTemplate: 'oidc:{{ name }}@example.com',
        groupTemplate: '{{namespace}}/{{name}}',
        groupPrefix: 'oidc:',
      },
    });
    const [defaults] = read({
      kratix: {
        platforms: [
          {
            name: 'p',
            inCluster: true,
            writeAs: 'user',
            impersonation: { groupPrefix: 'backstage:' },
          },
        ],
      },
    }).platforms;
    expect(defaults.impersonation).toEqual({
      userTemplate: '{{name}}',
      groupTemplate: '{{name}}',
      groupPrefix: 'backstage:',
    });
  });

  it('reuses a cluster of the Kubernetes plugin by name, for platforms and workers', () => {
    const config = read({
      kubernetes: {
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: [
              {
                name: 'platform-cluster',
                url: 'https://10.0.0.1',
                authProvider: 'serviceAccount',
                serviceAccountToken: 'tok',
                caData: 'Q0E=',
              },
            ],
          },
          { type: 'localKubectlProxy' },
        ],
      },
      kratix: {
        platforms: [
          {
            name: 'p',
            kubernetesCluster: 'platform-cluster',
            workers: [
              {
                name: 'w',
                destination: 'worker-1',
                kubernetesCluster: 'local',
              },
            ],
          },
        ],
      },
    });
    expect(config.platforms[0].connection).toMatchObject({
      type: 'kubernetes-plugin',
      configKey: 'kratix.platforms[0].kubernetesCluster',
      clusterKey: 'kubernetes.clusterLocatorMethods[0].clusters[0]',
      authProvider: 'serviceAccount',
      cluster: {
        name: 'platform-cluster',
        url: 'https://10.0.0.1',
        authMetadata: {
          'kubernetes.io/auth-provider': 'serviceAccount',
          serviceAccountToken: 'tok',
        },
        caData: 'Q0E=',
        skipTLSVerify: false,
      },
      credentialMaxAgeMs: Infinity,
    });
    expect(config.platforms[0].workers[0].connection).toMatchObject({
      type: 'kubernetes-plugin',
      configKey: 'kratix.platforms[0].workers[0].kubernetesCluster',
      clusterKey: 'kubernetes.clusterLocatorMethods[1]',
      authProvider: 'localKubectlProxy',
      cluster: { name: 'local', url: 'http://127.0.0.1:8001' },
    });
  });

  it.each([
    [
      'a missing connection',
      { platforms: [{ name: 'p' }] },
      "Invalid Kratix config at 'kratix.platforms[0]': set exactly one of kubeconfig, url, inCluster: true or kubernetesCluster",
    ],
    [
      'two connections',
      { platforms: [{ name: 'p', url: 'https://x', inCluster: true }] },
      "Invalid Kratix config at 'kratix.platforms[0]': set exactly one of kubeconfig, url, inCluster: true or kubernetesCluster (found url, inCluster)",
    ],
    [
      'a bad platform name',
      { platforms: [{ name: 'Prod_1', inCluster: true }] },
      "Invalid Kratix config at 'kratix.platforms[0].name': 'Prod_1' must be lower-case letters",
    ],
    [
      'a URL that is not one',
      { platforms: [{ name: 'p', url: 'not a url' }] },
      "Invalid Kratix config at 'kratix.platforms[0].url': 'not a url' is not a URL",
    ],
    [
      'a non-http URL',
      { platforms: [{ name: 'p', url: 'ftp://x' }] },
      "Invalid Kratix config at 'kratix.platforms[0].url': the URL must be http(s), got ftp:",
    ],
    [
      'an unknown dryRun',
      { platforms: [{ name: 'p', inCluster: true, dryRun: 'always' }] },
      "Invalid Kratix config at 'kratix.platforms[0].dryRun': 'always' must be auto, kratix or server",
    ],
    [
      'an unknown writeAs',
      { platforms: [{ name: 'p', inCluster: true, writeAs: 'admin' }] },
      "Invalid Kratix config at 'kratix.platforms[0].writeAs': 'admin' must be service or user",
    ],
    [
      'a user template with an unknown variable',
      {
        platforms: [
          {
            name: 'p',
            inCluster: true,
            impersonation: { userTemplate: '{{email}}' },
          },
        ],
      },
      "Invalid Kratix config at 'kratix.platforms[0].impersonation.userTemplate': '{{email}}' '{{email}}' is not a variable; use {{kind}}, {{namespace}}, {{name}}, {{ref}}",
    ],
    [
      'a group template without a variable',
      {
        platforms: [
          {
            name: 'p',
            inCluster: true,
            impersonation: { groupTemplate: 'everyone' },
          },
        ],
      },
      "Invalid Kratix config at 'kratix.platforms[0].impersonation.groupTemplate': 'everyone' names no variable, so every user (or group) would get the same name",
    ],
    [
      'a template with an unmatched brace',
      {
        platforms: [
          {
            name: 'p',
            inCluster: true,
            impersonation: { userTemplate: '{{name}' },
          },
        ],
      },
      "Invalid Kratix config at 'kratix.platforms[0].impersonation.userTemplate': '{{name}' has an unmatched brace",
    ],
    [
      'a group prefix with a line break',
      {
        platforms: [
          {
            name: 'p',
            inCluster: true,
            impersonation: { groupPrefix: 'a\nb' },
          },
        ],
      },
      "Invalid Kratix config at 'kratix.platforms[0].impersonation.groupPrefix': must not contain control characters",
    ],
    [
      'a bad timeout',
      { platforms: [{ name: 'p', inCluster: true, requestTimeoutMs: -5 }] },
      "Invalid Kratix config at 'kratix.platforms[0].requestTimeoutMs': must be a positive whole number",
    ],
    [
      'a worker without a Destination',
      {
        platforms: [
          {
            name: 'p',
            inCluster: true,
            workers: [{ name: 'w', inCluster: true }],
          },
        ],
      },
      "Missing required config value at 'kratix.platforms[0].workers[0].destination'",
    ],
    [
      'a worker with a bad Destination name',
      {
        platforms: [
          {
            name: 'p',
            inCluster: true,
            workers: [{ name: 'w', destination: 'Worker 1', inCluster: true }],
          },
        ],
      },
      "Invalid Kratix config at 'kratix.platforms[0].workers[0].destination': 'Worker 1'",
    ],
    [
      'two workers with one name',
      {
        platforms: [
          {
            name: 'p',
            inCluster: true,
            workers: [
              { name: 'w', destination: 'a', inCluster: true },
              { name: 'w', destination: 'b', inCluster: true },
            ],
          },
        ],
      },
      "Invalid Kratix config at 'kratix.platforms[0].workers[1].name': 'w' is used twice",
    ],
    [
      'two platforms with one name',
      {
        platforms: [
          { name: 'p', inCluster: true },
          { name: 'p', inCluster: true },
        ],
      },
      "Invalid Kratix config at 'kratix.platforms[1].name': 'p' is used twice",
    ],
    [
      'a kubeconfig without a path',
      { platforms: [{ name: 'p', kubeconfig: { context: 'x' } }] },
      "Missing required config value at 'kratix.platforms[0].kubeconfig.path'",
    ],
    [
      'an unknown Kubernetes plugin cluster',
      { platforms: [{ name: 'p', kubernetesCluster: 'nope' }] },
      "Invalid Kratix config at 'kratix.platforms[0].kubernetesCluster': no cluster named 'nope' in kubernetes.clusterLocatorMethods",
    ],
  ])('rejects %s, naming the key', (_what, kratix, message) => {
    expect(() => read({ kratix })).toThrow(message);
  });
});
