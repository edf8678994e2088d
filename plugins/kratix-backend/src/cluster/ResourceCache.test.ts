import { KubeHttpError } from './errors';
import {
  ClusterReachability,
  type ListWatchApi,
  type RawWatchEvent,
  ResourceCache,
} from './ResourceCache';
import type { KubeObject } from './types';

const obj = (name: string, rv: string, extra: object = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Thing',
  metadata: { name, namespace: 'ns', resourceVersion: rv },
  ...extra,
});

/** A list/watch the test drives: lists answer from `listResults`, watches stay open. */
class FakeApi implements ListWatchApi {
  lists = 0;
  watches: string[] = [];
  listResults: Array<
    () => Promise<{ items: KubeObject[]; resourceVersion: string }>
  > = [];
  private current?: {
    onEvent: (e: RawWatchEvent) => void;
    end: (error?: Error) => void;
  };
  lastSignal?: AbortSignal;

  async list() {
    const next =
      this.listResults[Math.min(this.lists, this.listResults.length - 1)];
    this.lists += 1;
    return next();
  }

  watch(rv: string, onEvent: (e: RawWatchEvent) => void, signal: AbortSignal) {
    this.watches.push(rv);
    this.lastSignal = signal;
    return new Promise<void>((resolve, reject) => {
      this.current = {
        onEvent: e => {
          try {
            onEvent(e);
          } catch (error) {
            reject(error);
          }
        },
        end: error => (error ? reject(error) : resolve()),
      };
      signal.addEventListener('abort', () => resolve());
    });
  }

  send(event: RawWatchEvent) {
    this.current!.onEvent(event);
  }

  end(error?: Error) {
    this.current!.end(error);
  }
}

const flush = () => new Promise(r => setTimeout(r, 5));

async function until(condition: () => boolean) {
  for (let i = 0; i < 200 && !condition(); i++) await flush();
  expect(condition()).toBe(true);
}

const refused = () =>
  Object.assign(new TypeError('fetch failed'), {
    cause: Object.assign(new Error('connect ECONNREFUSED'), {
      code: 'ECONNREFUSED',
    }),
  });

function setup(
  api: FakeApi,
  readTimeoutMs = 500,
  reachability?: ClusterReachability,
) {
  return new ResourceCache({
    reachability,
    cluster: 'platform',
    kind: 'things',
    api,
    readTimeoutMs,
    backoff: { initialMs: 10, maxMs: 20 },
    transform: o => ({
      ...o,
      metadata: { ...o.metadata, managedFields: undefined },
    }),
  });
}

describe('ResourceCache', () => {
  it('lists once, then answers reads from the cache and follows the watch', async () => {
    const api = new FakeApi();
    api.listResults = [
      async () => ({ items: [obj('a', '1')], resourceVersion: '10' }),
    ];
    const cache = setup(api);
    const events: string[] = [];
    cache.subscribe((type, o) => events.push(`${type} ${o.metadata.name}`));

    expect((await cache.items()).map(o => o.metadata.name)).toEqual(['a']);
    expect((await cache.get('ns', 'a'))?.metadata.resourceVersion).toBe('1');
    expect(api.lists).toBe(1);
    await flush();
    expect(api.watches).toEqual(['10']);

    api.send({ type: 'ADDED', object: obj('b', '11') });
    api.send({ type: 'MODIFIED', object: obj('a', '12') });
    api.send({ type: 'DELETED', object: obj('b', '13') });
    api.send({
      type: 'BOOKMARK',
      object: { metadata: { resourceVersion: '14' } },
    });
    expect(
      (await cache.items()).map(
        o => `${o.metadata.name}@${o.metadata.resourceVersion}`,
      ),
    ).toEqual(['a@12']);
    expect(events).toEqual(['added a', 'added b', 'modified a', 'deleted b']);
    expect(api.lists).toBe(1);

    // The server ends the watch: it resumes from the last resourceVersion seen.
    api.end();
    await flush();
    expect(api.watches).toEqual(['10', '14']);
    expect(cache.status()).toEqual({
      cluster: 'platform',
      kind: 'things',
      synced: true,
      lastSyncedAt: expect.any(String),
    });
    cache.stop();
  });

  it('relists at once on 410 Gone and reports what changed meanwhile', async () => {
    const api = new FakeApi();
    api.listResults = [
      async () => ({
        items: [obj('a', '1'), obj('b', '2')],
        resourceVersion: '10',
      }),
      async () => ({
        items: [obj('a', '5'), obj('c', '6')],
        resourceVersion: '20',
      }),
    ];
    const cache = setup(api);
    const events: string[] = [];
    cache.subscribe((type, o) => events.push(`${type} ${o.metadata.name}`));
    await cache.items();
    await flush();

    api.send({
      type: 'ERROR',
      object: { kind: 'Status', code: 410, reason: 'Expired' },
    });
    await flush();

    expect(api.lists).toBe(2);
    expect(api.watches).toEqual(['10', '20']);
    expect((await cache.items()).map(o => o.metadata.name).sort()).toEqual([
      'a',
      'c',
    ]);
    expect(events).toEqual([
      'added a',
      'added b',
      'modified a',
      'added c',
      'deleted b',
    ]);
    expect(cache.status().staleSince).toBeUndefined();
    cache.stop();
  });

  it('fails a first read with the typed error, then recovers after backing off', async () => {
    const api = new FakeApi();
    api.listResults = [
      async () => {
        throw new KubeHttpError(403, 'things is forbidden', 'Forbidden');
      },
      async () => ({ items: [obj('a', '1')], resourceVersion: '3' }),
    ];
    const cache = setup(api);

    await expect(cache.items()).rejects.toMatchObject({
      name: 'KratixClusterError',
      type: 'forbidden',
      cluster: 'platform',
      statusCode: 403,
    });
    expect(cache.status()).toEqual({
      cluster: 'platform',
      kind: 'things',
      synced: false,
      staleSince: expect.any(String),
      lastError:
        "Cluster 'platform': the credentials are not allowed to do this (403 Forbidden: things is forbidden)",
    });

    await new Promise(r => setTimeout(r, 30));
    expect((await cache.items()).map(o => o.metadata.name)).toEqual(['a']);
    expect(cache.status().lastError).toBeUndefined();
    cache.stop();
  });

  it('keeps answering from a synced cache while its watch fails, and says since when', async () => {
    const api = new FakeApi();
    let release: () => void = () => {};
    api.listResults = [
      async () => ({ items: [obj('a', '1')], resourceVersion: '10' }),
      () =>
        new Promise(resolve => {
          release = () =>
            resolve({ items: [obj('a', '2')], resourceVersion: '11' });
        }),
    ];
    const cache = setup(api);
    await cache.items();
    await flush();

    const refusal = Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error('connect ECONNREFUSED'), {
        code: 'ECONNREFUSED',
      }),
    });
    api.end(refusal);
    await flush();
    await flush();

    expect(await cache.get('ns', 'a')).toMatchObject({
      metadata: { resourceVersion: '1' },
    });
    expect(cache.status()).toMatchObject({
      synced: true,
      staleSince: expect.any(String),
      lastError:
        "Cluster 'platform': the API server cannot be reached (connect ECONNREFUSED)",
    });

    await until(() => api.lists === 2);
    release();
    await until(() => api.watches.length === 2);
    expect(await cache.get('ns', 'a')).toMatchObject({
      metadata: { resourceVersion: '2' },
    });
    expect(cache.status().staleSince).toBeUndefined();
    cache.stop();
  });

  it('times a read out when the cluster does not answer the first list', async () => {
    const api = new FakeApi();
    api.listResults = [() => new Promise(() => {})];
    const cache = setup(api, 20);
    await expect(cache.items()).rejects.toMatchObject({
      type: 'timeout',
      message: "Cluster 'platform': no answer listing things within 20 ms",
    });
    cache.stop();
  });

  it('applies writes at once, drops managedFields, and stops its watch', async () => {
    const api = new FakeApi();
    api.listResults = [
      async () => ({
        items: [
          obj('a', '1', {
            metadata: { name: 'a', namespace: 'ns', managedFields: [{}] },
          }),
        ],
        resourceVersion: '1',
      }),
    ];
    const cache = setup(api);
    expect(
      (await cache.get('ns', 'a'))?.metadata.managedFields,
    ).toBeUndefined();
    cache.upsert(
      obj('a', '7', {
        metadata: { name: 'a', namespace: 'ns', labels: { x: 'y' } },
      }),
    );
    expect((await cache.get('ns', 'a'))?.metadata.labels).toEqual({ x: 'y' });

    await flush();
    cache.stop();
    expect(api.lastSignal?.aborted).toBe(true);
  });

  it('answers reads at once with the failure of its last list, never waiting for the next try', async () => {
    const api = new FakeApi();
    api.listResults = [
      async () => {
        throw refused();
      },
      // The next tries hang, as a cluster that accepts connections and never answers.
      () => new Promise(() => {}),
    ];
    // A read that waited for a try would wait this long: longer than the test may run.
    const cache = setup(api, 10 * 60_000);
    await expect(cache.items()).rejects.toMatchObject({
      type: 'unreachable',
    });
    await until(() => api.lists === 2);
    for (let i = 0; i < 3; i++) {
      await expect(cache.items()).rejects.toMatchObject({
        type: 'unreachable',
        message: expect.stringContaining('ECONNREFUSED'),
      });
    }
    expect(api.lists).toBe(2);
    cache.stop();
  });

  it('answers at once while its first list is under way when another cache of the cluster got no answer', async () => {
    const reachability = new ClusterReachability();
    const failing = new FakeApi();
    failing.listResults = [
      async () => {
        throw refused();
      },
    ];
    const hanging = new FakeApi();
    hanging.listResults = [() => new Promise(() => {})];
    const first = setup(failing, 10 * 60_000, reachability);
    const second = setup(hanging, 10 * 60_000, reachability);
    await expect(first.items()).rejects.toMatchObject({ type: 'unreachable' });
    await expect(second.items()).rejects.toMatchObject({
      type: 'unreachable',
      cluster: 'platform',
    });
    expect(hanging.lists).toBe(1);

    // Once the cluster answers again, a cache whose list is under way waits for it.
    reachability.answered();
    const read = second.items();
    let settled = false;
    read.then(
      () => (settled = true),
      () => (settled = true),
    );
    await flush();
    expect(settled).toBe(false);
    first.stop();
    second.stop();
    await expect(read).rejects.toThrow('stopped');
  });

  it('reports every change, and the first sync, to onChange', async () => {
    const api = new FakeApi();
    api.listResults = [
      async () => ({ items: [obj('a', '1')], resourceVersion: '10' }),
    ];
    let changes = 0;
    const cache = new ResourceCache({
      cluster: 'platform',
      kind: 'things',
      api,
      readTimeoutMs: 500,
      onChange: () => {
        changes += 1;
      },
    });
    await cache.items();
    const afterSync = changes;
    expect(afterSync).toBeGreaterThan(0);
    await flush();
    api.send({ type: 'MODIFIED', object: obj('a', '2') });
    expect(changes).toBe(afterSync + 1);
    api.send({
      type: 'BOOKMARK',
      object: { metadata: { resourceVersion: '14' } },
    });
    expect(changes).toBe(afterSync + 1);
    cache.stop();
  });
});
