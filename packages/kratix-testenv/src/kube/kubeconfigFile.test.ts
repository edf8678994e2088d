import { kubeconfigDocument, kubeConfigFor } from './kubeconfigFile';

const CA = '-----BEGIN CERTIFICATE-----\nabc\n-----END CERTIFICATE-----\n';

describe('kubeconfig', () => {
  it('shares one cluster entry between contexts that name it', () => {
    const doc = kubeconfigDocument([
      {
        name: 'platform',
        server: 'https://127.0.0.1:1',
        caPem: CA,
        token: 'a',
      },
      { name: 'worker', server: 'https://127.0.0.1:2', caPem: CA, token: 'b' },
      {
        name: 'platform-restricted',
        cluster: 'platform',
        server: 'https://127.0.0.1:1',
        caPem: CA,
        token: 'c',
      },
    ]);
    expect(doc.clusters.map(c => [c.name, c.cluster.server])).toEqual([
      ['platform', 'https://127.0.0.1:1'],
      ['worker', 'https://127.0.0.1:2'],
    ]);
    expect(
      Buffer.from(
        doc.clusters[0].cluster['certificate-authority-data'],
        'base64',
      ).toString(),
    ).toBe(CA);
    expect(doc.contexts).toEqual([
      { name: 'platform', context: { cluster: 'platform', user: 'platform' } },
      { name: 'worker', context: { cluster: 'worker', user: 'worker' } },
      {
        name: 'platform-restricted',
        context: { cluster: 'platform', user: 'platform-restricted' },
      },
    ]);
    expect(doc.users[2]).toEqual({
      name: 'platform-restricted',
      user: { token: 'c' },
    });
    expect(doc['current-context']).toBe('platform');
  });

  it('builds a client-node KubeConfig for one context', () => {
    const kc = kubeConfigFor({
      name: 'worker',
      server: 'https://127.0.0.1:2',
      caPem: CA,
      token: 'b',
    });
    expect(kc.getCurrentContext()).toBe('worker');
    expect(kc.getCurrentCluster()?.server).toBe('https://127.0.0.1:2');
    expect(kc.getCurrentUser()?.token).toBe('b');
  });
});
