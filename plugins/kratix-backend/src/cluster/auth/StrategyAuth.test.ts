import type { ServerResponse } from 'node:http';
import type {
  AuthenticationStrategy,
  KubernetesCredential,
} from '@backstage/plugin-kubernetes-node';
import {
  json,
  startFakeKubeApiServer,
  status,
} from '../../__testUtils__/fakeKubeApiServer';
import { KubeHttpClient } from '../KubeHttpClient';
import { kubeListWatch } from '../kubeListWatch';
import { ResourceCache } from '../ResourceCache';
import { clusterAuthFor } from './clusterAuthFor';
import { KubeConfigAuth } from './KubeConfigAuth';
import { StrategyAuth } from './StrategyAuth';
import { StrategyCredentials } from './StrategyCredentials';

const PROMISES = '/apis/platform.kratix.io/v1alpha1/promises';
const promise = (name: string, rv: string) => ({
  apiVersion: 'platform.kratix.io/v1alpha1',
  kind: 'Promise',
  metadata: { name, resourceVersion: rv },
});

/** A strategy whose credential the test sets, counting how often it was asked. */
function settableStrategy(initial: KubernetesCredential) {
  const state = { credential: initial, asked: 0 };
  const strategy: AuthenticationStrategy = {
    async getCredential() {
      state.asked += 1;
      return state.credential;
    },
    validateCluster: () => [],
    presentAuthMetadata: () => ({}),
  };
  return { strategy, state };
}

describe('StrategyAuth with KubeHttpClient (against a fake API server)', () => {
  let api: Awaited<ReturnType<typeof startFakeKubeApiServer>>;
  let valid: string;
  const clients: KubeHttpClient[] = [];

  beforeEach(async () => {
    api = await startFakeKubeApiServer();
    valid = 'Bearer token-1';
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map(c => c.close()));
    await api.close();
  });

  /** Answers 401 unless the request carries the currently valid token. */
  const guarded =
    (answer: (res: ServerResponse) => void) =>
    (req: { headers: Record<string, unknown> }, res: ServerResponse) => {
      if (req.headers.authorization !== valid) {
        status(res, 401, 'Unauthorized', 'Unauthorized');
        return;
      }
      answer(res);
    };

  function client(strategy: AuthenticationStrategy, maxAgeMs = 600_000) {
    const cluster = {
      name: 'eks-prod',
      url: `${api.url}/`,
      authMetadata: { 'kubernetes.io/auth-provider': 'aws' },
    };
    const c = new KubeHttpClient(
      new StrategyAuth({
        cluster,
        credentials: new StrategyCredentials({
          cluster,
          strategy,
          authProvider: 'aws',
          maxAgeMs,
          clusterName: 'prod',
        }),
      }),
      'prod',
      2000,
    );
    clients.push(c);
    return c;
  }

  it("sends the strategy's token, and after a 401 sends once more with a fresh one", async () => {
    api.on(
      'GET',
      PROMISES,
      guarded(res => json(res, 200, { items: [] })),
    );
    const { strategy, state } = settableStrategy({
      type: 'bearer token',
      token: 'token-1',
    });
    const c = client(strategy);
    await expect(c.get(PROMISES)).resolves.toEqual({ items: [] });

    // The token expired: the API server refuses it, the strategy has a new one.
    valid = 'Bearer token-2';
    state.credential = { type: 'bearer token', token: 'token-2' };
    await expect(c.get(PROMISES)).resolves.toEqual({ items: [] });
    expect(api.requests.map(r => r.headers.authorization)).toEqual([
      'Bearer token-1',
      'Bearer token-1',
      'Bearer token-2',
    ]);
    expect(state.asked).toBe(2);
  });

  it('reports a credential refused twice as unauthorized, and never resends one that does not expire', async () => {
    api.on(
      'GET',
      PROMISES,
      guarded(res => json(res, 200, { items: [] })),
    );
    const wrong = { type: 'bearer token', token: 'wrong' } as const;
    const expected = {
      type: 'unauthorized',
      cluster: 'prod',
      statusCode: 401,
    };
    await expect(
      client(settableStrategy(wrong).strategy).get(PROMISES),
    ).rejects.toMatchObject(expected);
    expect(api.requests).toHaveLength(2);
    await expect(
      client(settableStrategy(wrong).strategy, Infinity).get(PROMISES),
    ).rejects.toMatchObject(expected);
    expect(api.requests).toHaveLength(3);
  });

  it('sends no Authorization header for an anonymous credential (kubectl proxy)', async () => {
    api.on('GET', PROMISES, (_req, res) => json(res, 200, { items: [] }));
    const c = client(settableStrategy({ type: 'anonymous' }).strategy);
    await c.get(PROMISES);
    expect(api.requests[0].headers.authorization).toBeUndefined();
  });

  it('keeps one connection pool per client certificate', async () => {
    const { strategy, state } = settableStrategy({
      type: 'x509 client certificate',
      cert: 'CERT-1',
      key: 'KEY-1',
    });
    const cluster = { name: 'c', url: api.url, authMetadata: {} };
    const auth = new StrategyAuth({
      cluster,
      credentials: new StrategyCredentials({
        cluster,
        strategy,
        authProvider: 'pinniped',
        maxAgeMs: 0,
        clusterName: 'c',
      }),
    });
    const url = new URL(api.url);
    const first = await auth.authenticate();
    expect(first.headers).toEqual({});
    expect((await auth.authenticate()).dispatcher).toBe(first.dispatcher);
    state.credential = {
      type: 'x509 client certificate',
      cert: 'CERT-2',
      key: 'KEY-2',
    };
    expect((await auth.authenticate()).dispatcher).not.toBe(first.dispatcher);
    expect(auth.server()).toBe(url.origin);
    await auth.close();
  });

  it('keeps a watch cache following when its credential expires between watches', async () => {
    const watches: ServerResponse[] = [];
    api.on(
      'GET',
      PROMISES,
      guarded(res =>
        json(res, 200, {
          items: [promise('a', '1')],
          metadata: { resourceVersion: '1' },
        }),
      ),
    );
    api.on(
      'WATCH',
      PROMISES,
      guarded(res => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.write('\n');
        watches.push(res);
      }),
    );
    const { strategy, state } = settableStrategy({
      type: 'bearer token',
      token: 'token-1',
    });
    const cache = new ResourceCache({
      cluster: 'prod',
      kind: 'Promise',
      api: kubeListWatch(client(strategy), {
        group: 'platform.kratix.io',
        version: 'v1alpha1',
        plural: 'promises',
        kind: 'Promise',
        namespaced: false,
      }),
      readTimeoutMs: 2000,
      backoff: { initialMs: 10, maxMs: 10 },
    });
    try {
      expect((await cache.items()).map(p => p.metadata.name)).toEqual(['a']);
      await until(() => watches.length === 1);

      // The token expires; the server ends the watch, as it does after timeoutSeconds.
      valid = 'Bearer token-2';
      state.credential = { type: 'bearer token', token: 'token-2' };
      watches[0].end();
      await until(() => watches.length === 2);
      watches[1].write(
        `${JSON.stringify({ type: 'ADDED', object: promise('b', '2') })}\n`,
      );
      await until(async () => (await cache.items()).length === 2);
      expect(cache.status()).toEqual({
        cluster: 'prod',
        kind: 'Promise',
        synced: true,
        lastSyncedAt: expect.any(String),
      });
      expect(
        api.requests
          .filter(r => r.query.get('watch'))
          .map(r => [r.query.get('resourceVersion'), r.headers.authorization]),
      ).toEqual([
        ['1', 'Bearer token-1'],
        ['1', 'Bearer token-1'],
        ['1', 'Bearer token-2'],
      ]);
    } finally {
      cache.stop();
    }
  });
});

describe('clusterAuthFor', () => {
  it('reaches kubeconfig, URL and in-cluster connections through client-node', () => {
    const auth = clusterAuthFor(
      {
        type: 'url',
        configKey: 'k',
        url: 'https://10.0.0.1:6443',
        serviceAccountToken: 't',
        skipTLSVerify: false,
      },
      'p',
    );
    expect(auth).toBeInstanceOf(KubeConfigAuth);
    expect(auth.server()).toBe('https://10.0.0.1:6443');
  });

  it('names the config key when the CA file of a Kubernetes plugin cluster cannot be read', () => {
    expect(() =>
      clusterAuthFor(
        {
          type: 'kubernetes-plugin',
          configKey: 'kratix.platforms[0].kubernetesCluster',
          clusterKey: 'kubernetes.clusterLocatorMethods[0].clusters[0]',
          cluster: {
            name: 'c',
            url: 'https://c',
            authMetadata: {},
            caFile: '/nonexistent/ca.pem',
          },
          authProvider: 'aws',
          strategy: settableStrategy({ type: 'anonymous' }).strategy,
          credentialMaxAgeMs: 1,
        },
        'p',
      ),
    ).toThrow(
      "Invalid Kratix config at 'kratix.platforms[0].kubernetesCluster': cannot read the CA file of Kubernetes plugin cluster 'c' (kubernetes.clusterLocatorMethods[0].clusters[0].caFile): ENOENT: no such file or directory, open '/nonexistent/ca.pem'",
    );
  });
});

async function until(condition: () => boolean | Promise<boolean>) {
  for (let i = 0; i < 300; i++) {
    if (await condition()) return;
    await new Promise(r => setTimeout(r, 10));
  }
  throw new Error('timed out');
}
