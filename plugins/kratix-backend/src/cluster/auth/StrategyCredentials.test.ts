import type {
  AuthenticationStrategy,
  ClusterDetails,
  KubernetesCredential,
} from '@backstage/plugin-kubernetes-node';
import { KratixClusterError } from '../errors';
import { ServiceAccountTokenStrategy } from './ServiceAccountTokenStrategy';
import { StrategyCredentials } from './StrategyCredentials';

const cluster: ClusterDetails = {
  name: 'eks-prod',
  url: 'https://eks.example.com',
  authMetadata: { 'kubernetes.io/auth-provider': 'aws' },
};

/** A strategy that gives token-1, token-2, ... and records what it was asked. */
function countingStrategy(
  give: (
    n: number,
  ) => KubernetesCredential | Promise<KubernetesCredential> = n => ({
    type: 'bearer token',
    token: `token-${n}`,
  }),
) {
  const asked: Array<{ cluster: ClusterDetails; auth: object }> = [];
  const strategy: AuthenticationStrategy = {
    async getCredential(c, auth) {
      asked.push({ cluster: c, auth });
      return give(asked.length);
    },
    validateCluster: () => [],
    presentAuthMetadata: () => ({}),
  };
  return { strategy, asked };
}

function credentials(
  strategy: AuthenticationStrategy,
  maxAgeMs = 600_000,
  clock = { now: 0 },
) {
  return new StrategyCredentials({
    cluster,
    strategy,
    authProvider: 'aws',
    maxAgeMs,
    clusterName: 'prod',
    now: () => clock.now,
  });
}

describe('StrategyCredentials', () => {
  it('asks the strategy once (no user auth), uses the credential for maxAgeMs, then asks again', async () => {
    const { strategy, asked } = countingStrategy();
    const clock = { now: 1_000 };
    const creds = credentials(strategy, 600_000, clock);
    const [a, b] = await Promise.all([creds.get(), creds.get()]);
    expect(a).toEqual({
      credential: { type: 'bearer token', token: 'token-1' },
      id: 1,
    });
    expect(b).toBe(a);
    clock.now += 599_999;
    expect((await creds.get()).id).toBe(1);
    clock.now += 1;
    expect(await creds.get()).toEqual({
      credential: { type: 'bearer token', token: 'token-2' },
      id: 2,
    });
    expect(asked).toEqual([
      { cluster, auth: {} },
      { cluster, auth: {} },
    ]);
  });

  it('drops a refused credential at once, but not a newer one', async () => {
    const { strategy, asked } = countingStrategy();
    const creds = credentials(strategy);
    const first = await creds.get();
    expect(creds.refused(first.id)).toBe(true);
    const second = await creds.get();
    expect(second.credential).toEqual({
      type: 'bearer token',
      token: 'token-2',
    });
    // A request that went out with the first credential comes back refused late.
    expect(creds.refused(first.id)).toBe(true);
    expect(await creds.get()).toBe(second);
    expect(asked).toHaveLength(2);
  });

  it('does not ask again for credentials that never expire', async () => {
    const { strategy, asked } = countingStrategy();
    const creds = credentials(strategy, Infinity);
    const first = await creds.get();
    expect(creds.refused(first.id)).toBe(false);
    expect(await creds.get()).toBe(first);
    expect(asked).toHaveLength(1);
  });

  it('gives x509 client certificates and anonymous credentials as they are', async () => {
    const cert = {
      type: 'x509 client certificate' as const,
      cert: 'CERT',
      key: 'KEY',
    };
    const x509 = credentials(countingStrategy(() => cert).strategy);
    expect((await x509.get()).credential).toEqual(cert);
    const anonymous = credentials(
      countingStrategy(() => ({ type: 'anonymous' })).strategy,
    );
    expect((await anonymous.get()).credential).toEqual({ type: 'anonymous' });
  });

  it.each([
    [
      'a strategy that fails',
      () => {
        throw new Error('Could not load credentials from any providers');
      },
      'Could not load credentials from any providers',
    ],
    [
      'an empty token',
      () => ({ type: 'bearer token', token: '' }),
      'it gave an empty token',
    ],
    [
      'a certificate without its key',
      () => ({ type: 'x509 client certificate', cert: 'CERT', key: '' }),
      'it gave a client certificate without cert or key',
    ],
    [
      'an unknown credential',
      () => ({ type: 'kerberos' }),
      "it gave a credential of unknown type 'kerberos'",
    ],
  ])(
    'turns %s into an unauthorized cluster error, and asks again next time',
    async (_what, give, detail) => {
      const { strategy, asked } = countingStrategy(give as any);
      const creds = credentials(strategy);
      const error = await creds.get().catch(e => e);
      expect(error).toBeInstanceOf(KratixClusterError);
      expect(error).toMatchObject({
        type: 'unauthorized',
        cluster: 'prod',
        message: `Cluster 'prod': no credential from the Kubernetes plugin's 'aws' auth strategy (${detail})`,
      });
      await creds.get().catch(() => undefined);
      expect(asked).toHaveLength(2);
    },
  );
});

describe('ServiceAccountTokenStrategy', () => {
  it("gives the configured token, and asks the Kubernetes plugin's strategy (the Pod's token file) without one", async () => {
    const { strategy: podToken, asked } = countingStrategy(() => ({
      type: 'bearer token',
      token: 'pod-token',
    }));
    const strategy = new ServiceAccountTokenStrategy(podToken);
    await expect(
      strategy.getCredential(
        { ...cluster, authMetadata: { serviceAccountToken: 'configured' } },
        {},
      ),
    ).resolves.toEqual({ type: 'bearer token', token: 'configured' });
    expect(asked).toHaveLength(0);
    await expect(strategy.getCredential(cluster, {})).resolves.toEqual({
      type: 'bearer token',
      token: 'pod-token',
    });
    expect(asked).toHaveLength(1);
  });
});
