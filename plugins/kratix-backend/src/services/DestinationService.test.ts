import { type KubeObject } from '@kratix-backstage/plugin-kratix-node';
import {
  elasticCloudPromise,
  workForPipeline,
  workPlacementFor,
} from '@kratix-backstage/kratix-simulation';
import { KratixClusterError } from '../cluster/errors';
import type { KratixClusterSource } from '../cluster/types';
import { kratixPlatformsOf } from '@kratix-backstage/plugin-kratix-node';
import { DestinationService } from './DestinationService';

const at = new Date('2026-11-17T10:00:00Z');
const redisPromise: KubeObject = {
  ...structuredClone(elasticCloudPromise),
  metadata: { name: 'redis' },
};

function requestOf(promise: string, namespace: string, name: string) {
  return {
    apiVersion: 'workshop.kratix.io/v1alpha1',
    kind: promise,
    metadata: { name, namespace },
    spec: {},
  } as KubeObject;
}

function placed(
  promise: KubeObject,
  request: KubeObject,
  destinations: string[],
) {
  const work = workForPipeline({
    promise,
    request,
    pipelineName: 'resource-configure',
    namespace: request.metadata.namespace!,
    files: { 'a.yaml': 'kind: A\n' },
    suffix: request.metadata.name.slice(0, 5),
    now: at,
  });
  return {
    work,
    placements: destinations.map(d =>
      workPlacementFor(work, work.spec.workloadGroups[0], d),
    ),
  };
}

/** A platform cluster answering from lists, counting request reads. */
function platformWith(options: {
  requests: Record<string, KubeObject[]>;
  placed: Array<{ work: KubeObject; placements: KubeObject[] }>;
  failRequestsOf?: string;
  failWorkPlacements?: boolean;
}) {
  const reads = { requests: 0 };
  const kratix: Partial<KratixClusterSource> = {
    cluster: 'platform',
    listDestinations: async () =>
      ['worker-1', 'worker-2'].map(name => ({
        apiVersion: 'platform.kratix.io/v1alpha1',
        kind: 'Destination',
        metadata: { name },
      })),
    listPromises: async () => [elasticCloudPromise, redisPromise],
    listRequests: async promise => {
      reads.requests++;
      if (promise.metadata.name === options.failRequestsOf) {
        throw new KratixClusterError({
          type: 'forbidden',
          cluster: 'platform',
          message: `cannot list ${promise.metadata.name}`,
          statusCode: 403,
        });
      }
      return options.requests[promise.metadata.name] ?? [];
    },
    listWorks: async () => options.placed.map(p => p.work),
    listWorkPlacements: async () => {
      if (options.failWorkPlacements) {
        throw new KratixClusterError({
          type: 'forbidden',
          cluster: 'platform',
          message: 'cannot list workplacements',
          statusCode: 403,
        });
      }
      return options.placed.flatMap(p => p.placements);
    },
    // A Kratix without the newer kinds.
    listResourceBindings: async () => [],
    listHealthRecords: async () => [],
  };
  const service = new DestinationService(
    kratixPlatformsOf([
      {
        name: 'prod',
        title: 'Prod',
        demo: false,
        connection: 'kubeconfig',
        kratix: kratix as KratixClusterSource,
        workers: [],
      },
    ]),
  );
  return { service, reads };
}

const a = requestOf('elastic-cloud', 'team-b', 'a');
const b = requestOf('elastic-cloud', 'team-a', 'b');
const gone = requestOf('elastic-cloud', 'team-a', 'gone');
const cache = requestOf('redis', 'team-a', 'cache');
const nowhere = requestOf('redis', 'team-a', 'nowhere');

describe('DestinationService.requests', () => {
  it('answers the requests placed on the Destination with their placements there, sorted', async () => {
    const { service } = platformWith({
      requests: { 'elastic-cloud': [a, b], redis: [cache, nowhere] },
      placed: [
        placed(elasticCloudPromise, a, ['worker-1', 'worker-2']),
        placed(elasticCloudPromise, b, ['worker-1']),
        placed(elasticCloudPromise, gone, ['worker-1']),
        placed(redisPromise, cache, ['worker-1']),
        placed(redisPromise, nowhere, ['worker-2']),
      ],
    });
    const res = await service.requests('prod', 'worker-1');
    expect(res.errors).toEqual([]);
    expect(
      res.items.map(i => [
        `${i.request.promise}/${i.request.namespace}/${i.request.name}`,
        i.placements.map(p => p.destination),
      ]),
    ).toEqual([
      ['elastic-cloud/team-a/b', ['worker-1']],
      ['elastic-cloud/team-b/a', ['worker-1']],
      ['redis/team-a/cache', ['worker-1']],
    ]);
    expect(res.items[0].request.platform).toBe('prod');
  });

  it('reads no request when nothing is placed on the Destination', async () => {
    const { service, reads } = platformWith({
      requests: { 'elastic-cloud': [a] },
      placed: [placed(elasticCloudPromise, a, ['worker-2'])],
    });
    await expect(service.requests('prod', 'worker-1')).resolves.toEqual({
      items: [],
      errors: [],
    });
    expect(reads.requests).toBe(0);
  });

  it('reads the requests of the Promises placed there only', async () => {
    const { service, reads } = platformWith({
      requests: { 'elastic-cloud': [a], redis: [cache] },
      placed: [placed(elasticCloudPromise, a, ['worker-1'])],
    });
    expect((await service.requests('prod', 'worker-1')).items).toHaveLength(1);
    expect(reads.requests).toBe(1);
  });

  it('answers the readable Promises, and an error for one whose requests cannot be read', async () => {
    const { service } = platformWith({
      requests: { 'elastic-cloud': [a], redis: [cache] },
      placed: [
        placed(elasticCloudPromise, a, ['worker-1']),
        placed(redisPromise, cache, ['worker-1']),
      ],
      failRequestsOf: 'redis',
    });
    const res = await service.requests('prod', 'worker-1');
    expect(res.items.map(i => i.request.name)).toEqual(['a']);
    expect(res.errors).toEqual([
      expect.objectContaining({
        platform: 'prod',
        type: 'forbidden',
        message: 'cannot list redis',
      }),
    ]);
  });

  it('answers an error when the WorkPlacements cannot be listed', async () => {
    const { service } = platformWith({
      requests: { 'elastic-cloud': [a] },
      placed: [placed(elasticCloudPromise, a, ['worker-1'])],
      failWorkPlacements: true,
    });
    await expect(service.requests('prod', 'worker-1')).resolves.toEqual({
      items: [],
      errors: [
        expect.objectContaining({ platform: 'prod', type: 'forbidden' }),
      ],
    });
  });

  it('answers 404 for an unknown Destination or platform', async () => {
    const { service } = platformWith({ requests: {}, placed: [] });
    await expect(service.requests('prod', 'worker-9')).rejects.toMatchObject({
      name: 'NotFoundError',
      message: "No Destination 'worker-9' on Kratix platform 'prod'",
    });
    await expect(service.requests('nope', 'worker-1')).rejects.toMatchObject({
      name: 'NotFoundError',
    });
  });
});
