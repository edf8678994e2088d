import { elasticCloudPromise } from '@kratix-backstage/kratix-simulation';
import type {
  KratixPlatform,
  KubeObject,
} from '@kratix-backstage/plugin-kratix-node';
import { KratixClusterError } from '../cluster/errors';
import type { KratixClusterSource } from '../cluster/types';
import { RequestIndex } from './mapping/requestIndex';
import { countPlatformRequests, loadPlatformRequests } from './requestLists';

const request = (name: string, namespace: string, rv: string): KubeObject => ({
  apiVersion: 'workshop.kratix.io/v1alpha1',
  kind: 'elastic-cloud',
  metadata: { name, namespace, resourceVersion: rv },
  spec: { size: 's' },
  status: {
    conditions: [
      {
        type: 'Reconciled',
        status: 'True',
        lastTransitionTime: '2026-11-17T10:00:00Z',
      },
    ],
  },
});

/** A source whose caches the test changes, bumping the revision as a watch would. */
function fakePlatform(options: { revision: boolean }) {
  const state = {
    revision: 1,
    requests: [
      request('zeta', 'team-a', '1'),
      request('alpha', 'team-b', '2'),
      request('alpha', 'team-a', '3'),
    ],
    works: [] as KubeObject[],
    failWorks: false,
    listRequestsCalls: 0,
  };
  const kratix: Partial<KratixClusterSource> = {
    cluster: 'p',
    listPromises: async () => [elasticCloudPromise],
    listRequests: async () => {
      state.listRequestsCalls += 1;
      return [...state.requests];
    },
    listWorks: async () => {
      if (state.failWorks) {
        throw new KratixClusterError({
          type: 'forbidden',
          cluster: 'p',
          message: 'works are forbidden',
          statusCode: 403,
        });
      }
      return state.works;
    },
    listWorkPlacements: async () => [],
    listResourceBindings: async () => [],
    listHealthRecords: async () => [],
    ...(options.revision ? { revision: () => state.revision } : {}),
  };
  const platform: KratixPlatform = {
    name: 'p',
    title: 'P',
    demo: false,
    connection: 'kubeconfig',
    kratix: kratix as KratixClusterSource,
    workers: [],
  };
  return { platform, state };
}

const names = (list: Awaited<ReturnType<typeof loadPlatformRequests>>) =>
  list.items.map(i => `${i.namespace}/${i.name}`);

describe('loadPlatformRequests', () => {
  it('sorts by Promise, namespace and name, and keeps the list while the revision stands', async () => {
    const { platform, state } = fakePlatform({ revision: true });
    const first = await loadPlatformRequests(platform);
    expect(names(first)).toEqual([
      'team-a/alpha',
      'team-a/zeta',
      'team-b/alpha',
    ]);
    expect(first.items[0].search).toBe(
      'p\u0000elastic-cloud\u0000team-a\u0000alpha',
    );
    expect(first.items[0].resource).toMatchObject({
      platform: 'p',
      promise: 'elastic-cloud',
      namespace: 'team-a',
      name: 'alpha',
    });

    // Nothing changed: the same list, the caches not even read.
    expect(await loadPlatformRequests(platform)).toBe(first);
    expect(state.listRequestsCalls).toBe(1);
    const counts = countPlatformRequests(platform, first);
    expect(counts).toMatchObject({ total: 3, byState: { ready: 3 } });
    expect(countPlatformRequests(platform, first)).toBe(counts);

    // One request changes: a new list; the unchanged requests keep their wire form.
    const [, beta, gamma] = state.requests;
    state.requests = [
      { ...request('zeta', 'team-a', '9'), spec: { size: 'l' } },
      beta,
      gamma,
    ];
    state.revision += 1;
    const second = await loadPlatformRequests(platform);
    expect(second).not.toBe(first);
    expect(state.listRequestsCalls).toBe(2);
    expect(second.items[0]).toBe(first.items[0]); // team-a/alpha
    expect(second.items[2]).toBe(first.items[2]); // team-b/alpha
    expect(second.items[1]).not.toBe(first.items[1]);
    expect(second.items[1].wire().spec).toEqual({ size: 'l' });
  });

  it('maps a request again when its relations change, and never keeps a list with errors', async () => {
    const { platform, state } = fakePlatform({ revision: true });
    const first = await loadPlatformRequests(platform);

    state.failWorks = true;
    state.revision += 1;
    const failing = await loadPlatformRequests(platform);
    expect(failing.errors.map(e => e.type)).toEqual(['forbidden']);
    // Asked again: the failure may be over.
    await loadPlatformRequests(platform);
    expect(state.listRequestsCalls).toBe(3);

    state.failWorks = false;
    state.works = [
      {
        apiVersion: 'platform.kratix.io/v1alpha1',
        kind: 'Work',
        metadata: {
          name: 'w1',
          namespace: 'team-a',
          labels: {
            'kratix.io/work-type': 'resource',
            'kratix.io/promise-name': 'elastic-cloud',
            'kratix.io/resource-name': 'alpha',
          },
        },
        spec: {},
      },
    ];
    state.revision += 1;
    const placed = await loadPlatformRequests(platform);
    expect(placed.errors).toEqual([]);
    // A Work alone places nothing: the relations, and so the wire forms, are the same.
    expect(placed.items[0]).toBe(first.items[0]);
  });

  it("maps again only the requests of the Promise whose requests changed, while the relations' objects are the same", async () => {
    const { platform, state } = fakePlatform({ revision: true });
    const redis = {
      ...structuredClone(elasticCloudPromise),
      metadata: { name: 'redis' },
    };
    const redisRequests = [request('cache', 'team-a', '7')];
    const kratix = platform.kratix as KratixClusterSource;
    kratix.listPromises = async () => [elasticCloudPromise, redis];
    const listRequests = kratix.listRequests;
    kratix.listRequests = async promise =>
      promise === redis ? [...redisRequests] : listRequests(promise);
    const relationsOf = jest.spyOn(RequestIndex.prototype, 'relationsOf');
    const first = await loadPlatformRequests(platform);
    expect(first.items.map(i => `${i.promise}/${i.name}`)).toEqual([
      'elastic-cloud/alpha',
      'elastic-cloud/zeta',
      'elastic-cloud/alpha',
      'redis/cache',
    ]);
    relationsOf.mockClear();

    redisRequests[0] = {
      ...request('cache', 'team-a', '8'),
      spec: { size: 'l' },
    };
    state.revision += 1;
    const second = await loadPlatformRequests(platform);
    expect(relationsOf).toHaveBeenCalledTimes(1);
    expect(second.items.slice(0, 3)).toEqual(first.items.slice(0, 3));
    expect(second.items[3].wire().spec).toEqual({ size: 'l' });
    relationsOf.mockRestore();
  });

  it('makes one list for calls that come while it is being made', async () => {
    const { platform, state } = fakePlatform({ revision: true });
    const [a, b] = await Promise.all([
      loadPlatformRequests(platform),
      loadPlatformRequests(platform),
    ]);
    expect(a).toBe(b);
    expect(state.listRequestsCalls).toBe(1);
  });

  it('reads afresh every time from a source without a revision', async () => {
    const { platform, state } = fakePlatform({ revision: false });
    const first = await loadPlatformRequests(platform);
    const second = await loadPlatformRequests(platform);
    expect(second).not.toBe(first);
    expect(second.items[0]).not.toBe(first.items[0]);
    expect(state.listRequestsCalls).toBe(2);
  });
});
