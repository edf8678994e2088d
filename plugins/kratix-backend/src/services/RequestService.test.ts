import { type KubeObject } from '@kratix-backstage/plugin-kratix-node';
import { elasticCloudPromise } from '@kratix-backstage/kratix-simulation';
import { KratixClusterError } from '../cluster/errors';
import type { KratixClusterSource } from '../cluster/types';
import { kratixPlatformsOf } from '@kratix-backstage/plugin-kratix-node';
import { RequestService } from './RequestService';

const redisPromise: KubeObject = {
  ...structuredClone(elasticCloudPromise),
  metadata: { name: 'redis' },
};
const brokenPromise: KubeObject = {
  ...structuredClone(elasticCloudPromise),
  metadata: { name: 'broken' },
};

function requestOf(
  promise: string,
  namespace: string,
  name: string,
  reconciled?: 'True' | 'False',
) {
  return {
    apiVersion: 'workshop.kratix.io/v1alpha1',
    kind: promise,
    metadata: { name, namespace },
    spec: {},
    status: reconciled
      ? {
          conditions: [
            {
              type: 'Reconciled',
              status: reconciled,
              lastTransitionTime: '2026-11-17T10:00:00Z',
            },
          ],
        }
      : undefined,
  } as KubeObject;
}

function platform(
  name: string,
  requests: Record<string, KubeObject[]>,
): Parameters<typeof kratixPlatformsOf>[0][number] {
  const kratix: Partial<KratixClusterSource> = {
    cluster: name,
    listPromises: async () => [
      elasticCloudPromise,
      redisPromise,
      brokenPromise,
    ],
    listRequests: async promise => {
      if (promise.metadata.name === 'broken') {
        throw new KratixClusterError({
          type: 'forbidden',
          cluster: name,
          message: 'cannot list broken',
          statusCode: 403,
        });
      }
      return requests[promise.metadata.name] ?? [];
    },
    // Nothing placed, bound or health-checked.
    listWorks: async () => [],
    listWorkPlacements: async () => [],
    listResourceBindings: async () => [],
    listHealthRecords: async () => [],
  };
  return {
    name,
    title: name,
    demo: false,
    connection: 'kubeconfig',
    kratix: kratix as KratixClusterSource,
    workers: [],
  };
}

const service = new RequestService(
  kratixPlatformsOf([
    platform('prod', {
      'elastic-cloud': [
        requestOf('elastic-cloud', 'team-b', 'search', 'True'),
        requestOf('elastic-cloud', 'team-a', 'logs', 'False'),
        requestOf('elastic-cloud', 'team-a', 'metrics'),
      ],
      redis: [requestOf('redis', 'team-a', 'cache', 'True')],
    }),
    platform('dev', {
      redis: [
        requestOf('redis', 'team-c', 'cache', 'True'),
        requestOf('redis', 'team-c', 'sessions'),
      ],
    }),
  ]),
);

const names = (
  items: Array<{
    platform: string;
    promise: string;
    namespace: string;
    name: string;
  }>,
) => items.map(r => `${r.platform}/${r.promise}/${r.namespace}/${r.name}`);

describe('RequestService.summary', () => {
  it('counts the requests in total, by state and by Promise, and keeps the errors', async () => {
    const summary = await service.summary();
    expect(summary.total).toBe(6);
    expect(summary.byState).toEqual({ ready: 3, failing: 1, pending: 2 });
    expect(summary.byPromise).toEqual([
      {
        platform: 'dev',
        promise: 'redis',
        total: 2,
        byState: { ready: 1, pending: 1 },
        byHealth: {},
      },
      {
        platform: 'prod',
        promise: 'elastic-cloud',
        total: 3,
        byState: { ready: 1, failing: 1, pending: 1 },
        byHealth: {},
      },
      {
        platform: 'prod',
        promise: 'redis',
        total: 1,
        byState: { ready: 1 },
        byHealth: {},
      },
    ]);
    expect(summary.byHealth).toEqual({});
    expect(summary.suspended).toBe(0);
    expect(summary.errors.map(e => [e.platform, e.type])).toEqual([
      ['prod', 'forbidden'],
      ['dev', 'forbidden'],
    ]);
  });

  it('counts the requests of one platform', async () => {
    const summary = await service.summary({ platform: 'dev' });
    expect(summary.total).toBe(2);
    expect(summary.byPromise.map(p => p.platform)).toEqual(['dev']);
  });
});

describe('RequestService.listPage', () => {
  it('sorts by platform, Promise, namespace and name, then pages, counting the matches', async () => {
    const all = await service.listAll();
    const first = await service.listPage({ limit: 2 });
    expect(first.totalCount).toBe(6);
    expect(names(first.items)).toEqual([
      'dev/redis/team-c/cache',
      'dev/redis/team-c/sessions',
    ]);
    const rest = await service.listPage({ limit: 3, offset: 2 });
    expect(names(rest.items)).toEqual([
      'prod/elastic-cloud/team-a/logs',
      'prod/elastic-cloud/team-a/metrics',
      'prod/elastic-cloud/team-b/search',
    ]);
    const last = await service.listPage({ limit: 500, offset: 5 });
    expect(names(last.items)).toEqual(['prod/redis/team-a/cache']);
    expect(names(first.items.concat(rest.items, last.items))).toEqual(
      names(all.items),
    );
    expect(last.errors).toEqual(all.errors);
    const past = await service.listPage({ limit: 10, offset: 10 });
    expect(past).toMatchObject({ items: [], totalCount: 6 });
  });

  it('searches platform, Promise, namespace and name, case-insensitively', async () => {
    const byName = await service.listPage({ search: 'CACHE' });
    expect(byName.totalCount).toBe(2);
    expect(names(byName.items)).toEqual([
      'dev/redis/team-c/cache',
      'prod/redis/team-a/cache',
    ]);
    expect((await service.listPage({ search: 'Team-A' })).totalCount).toBe(3);
    expect((await service.listPage({ search: 'ELASTIC' })).totalCount).toBe(3);
    expect((await service.listPage({ search: 'dev' })).totalCount).toBe(2);
    expect((await service.listPage({ search: 'nothing' })).totalCount).toBe(0);
  });

  it('filters by state, with search and paging', async () => {
    const pending = await service.listPage({ state: 'pending' });
    expect(names(pending.items)).toEqual([
      'dev/redis/team-c/sessions',
      'prod/elastic-cloud/team-a/metrics',
    ]);
    const page = await service.listPage({
      state: 'ready',
      search: 'e',
      limit: 1,
      offset: 1,
      platform: 'prod',
    });
    expect(page.totalCount).toBe(2);
    expect(names(page.items)).toEqual(['prod/redis/team-a/cache']);
  });
});
