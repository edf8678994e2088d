import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  KRATIX_LABELS,
  kratixRequestReadPermission,
  type Destination,
  type DestinationRequest,
  type DestinationRequestsResponse,
  type KratixApiError,
  type PartialResult,
  type WorkerClusterHealth,
  type WorkerHealth,
} from '@kratix-backstage/plugin-kratix-common';
import {
  duplicateResourceIdIn,
  type KubeObject,
} from '@kratix-backstage/plugin-kratix-node';
import { toKratixClusterError } from '../cluster/errors';
import type {
  KratixPlatform,
  KratixPlatforms,
  KratixWorker,
} from '@kratix-backstage/plugin-kratix-node';
import { origin } from './mapping/common';
import {
  byPromiseNamespaceName,
  groupPlacementsByRequest,
  requestsWithPlacements,
} from './mapping/destinationRequests';
import { toDestination } from './mapping/destinations';
import {
  implicateCarriers,
  toWorkerClusterHealth,
} from './mapping/workerHealth';
import { placementDestination } from './mapping/placement';
import {
  contextOf,
  onPlatform,
  requirePlatform,
  toApiError,
} from './platformAccess';
import { loadRequestIndex } from './requestRelations';
import { requestResource } from './RequestService';
import {
  type KratixAccessChecks,
  unrestrictedKratixAccess,
} from '../access/KratixAccess';

/**
 * Destinations, their state stores, and the health of the workers that serve them.
 *
 * @public
 */
export class DestinationService {
  constructor(
    private readonly platforms: KratixPlatforms,
    private readonly access: KratixAccessChecks = unrestrictedKratixAccess,
  ) {}

  async list(platformName: string): Promise<PartialResult<Destination>> {
    const platform = requirePlatform(this.platforms, platformName);
    const destinations = await onPlatform(platform, () =>
      platform.kratix.listDestinations(),
    );
    const { stores, errors } = await this.stateStores(platform);
    return {
      items: destinations
        .map(d => this.toDestination(platform, d, stores))
        .sort((a, b) => a.name.localeCompare(b.name)),
      errors,
    };
  }

  async get(platformName: string, name: string): Promise<Destination> {
    const platform = requirePlatform(this.platforms, platformName);
    const destination = await this.find(platform, name);
    const { stores } = await this.stateStores(platform);
    return this.toDestination(platform, destination, stores);
  }

  /**
   * The requests whose output Kratix placed on the Destination, each with its
   * WorkPlacements there: one pass over the WorkPlacements, Works and requests of the
   * platform (its watch caches), not one read per request. Requests of a Promise that
   * cannot be read, or WorkPlacements and Works that cannot be listed, are `errors`.
   * Given the caller's credentials (`viewer`), only the requests they may read.
   */
  async requests(
    platformName: string,
    name: string,
    viewer?: BackstageCredentials,
  ): Promise<DestinationRequestsResponse> {
    const platform = requirePlatform(this.platforms, platformName);
    await this.find(platform, name);
    const visible = viewer
      ? await this.access.requestPredicate(viewer, kratixRequestReadPermission)
      : () => true;
    const grouped = await Promise.all([
      platform.kratix.listWorks({ [KRATIX_LABELS.workType]: 'resource' }),
      platform.kratix.listWorkPlacements(),
    ]).then(
      ([works, workPlacements]) =>
        groupPlacementsByRequest(name, works, workPlacements),
      error => toApiError(platform, error),
    );
    if (!('byRequest' in grouped)) return { items: [], errors: [grouped] };
    if (!grouped.byRequest.size) return { items: [], errors: [] };
    const [all, indexed] = await Promise.all([
      onPlatform(platform, () => platform.kratix.listPromises()),
      loadRequestIndex(platform),
    ]);
    const promises = all.filter(p => grouped.promises.has(p.metadata.name));
    const errors: KratixApiError[] = [];
    const perPromise = await Promise.all(
      promises.map(async (promise): Promise<DestinationRequest[]> => {
        try {
          const requests = (await platform.kratix.listRequests(promise)).filter(
            r =>
              visible(requestResource(platform.name, promise.metadata.name, r)),
          );
          return requestsWithPlacements(
            contextOf(platform),
            grouped,
            promise,
            requests,
            indexed.index,
          );
        } catch (error) {
          errors.push(toApiError(platform, error));
          return [];
        }
      }),
    );
    const items = perPromise.flat().sort(byPromiseNamespaceName);
    // What the requests' relations lack matters only when there are requests.
    return {
      items,
      errors: [...(items.length ? indexed.errors : []), ...errors],
    };
  }

  /** Flux's view of each worker cluster serving the Destination; unreachable ones say so. */
  async health(platformName: string, name: string): Promise<WorkerHealth> {
    const platform = requirePlatform(this.platforms, platformName);
    const destination = await this.find(platform, name);
    const workers = platform.workers.filter(w => w.destination === name);
    const errors: KratixApiError[] = [];
    const health = await Promise.all(
      workers.map(w =>
        this.workerHealth(platform, w, destination.spec?.path, errors),
      ),
    );
    const failing = health.some(h =>
      h.kustomizations.some(k => duplicateResourceIdIn(k.message)),
    );
    // Only when kustomize refused an object twice: which placed requests carry it.
    const placements = failing
      ? (await platform.kratix.listWorkPlacements().catch(() => [])).filter(
          wp => placementDestination(wp) === name,
        )
      : [];
    return {
      ...origin(contextOf(platform)),
      destination: name,
      workers: failing
        ? health.map(h => implicateCarriers(h, placements))
        : health,
      ...(workers.length
        ? {}
        : {
            message: `No worker cluster is configured for Destination '${name}' on platform '${platform.name}' (kratix.platforms[].workers)`,
          }),
      errors,
    };
  }

  private async workerHealth(
    platform: KratixPlatform,
    worker: KratixWorker,
    destinationPath: string | undefined,
    errors: KratixApiError[],
  ): Promise<WorkerClusterHealth> {
    const { source } = worker;
    let reachable = true;
    const read = async (
      list: () => Promise<KubeObject[]>,
      optional: boolean,
    ) => {
      try {
        return await list();
      } catch (error) {
        const typed = toKratixClusterError(error, worker.name);
        // A source kind that is not installed (no Buckets CRD) is not a failure.
        if (optional && typed.type === 'not-found') return [];
        if (['unreachable', 'timeout', 'unauthorized'].includes(typed.type))
          reachable = false;
        errors.push(toApiError(platform, typed, worker.name));
        return [];
      }
    };
    const [kustomizations, gitRepositories, buckets] = await Promise.all([
      read(() => source.listKustomizations(), false),
      read(() => source.listGitRepositories(), true),
      read(() => source.listBuckets(), true),
    ]);
    const health = toWorkerClusterHealth(
      worker.name,
      destinationPath,
      kustomizations,
      [...gitRepositories, ...buckets],
    );
    return { ...health, reachable, healthy: reachable && health.healthy };
  }

  private async find(
    platform: KratixPlatform,
    name: string,
  ): Promise<KubeObject> {
    const destinations = await onPlatform(platform, () =>
      platform.kratix.listDestinations(),
    );
    const destination = destinations.find(d => d.metadata.name === name);
    if (!destination) {
      throw new NotFoundError(
        `No Destination '${name}' on Kratix platform '${platform.name}'`,
      );
    }
    return destination;
  }

  private async stateStores(platform: KratixPlatform) {
    try {
      return {
        stores: await platform.kratix.listStateStores(),
        errors: [] as KratixApiError[],
      };
    } catch (error) {
      return {
        stores: [] as KubeObject[],
        errors: [toApiError(platform, error)],
      };
    }
  }

  private toDestination(
    platform: KratixPlatform,
    destination: KubeObject,
    stores: KubeObject[],
  ) {
    const workers = platform.workers
      .filter(w => w.destination === destination.metadata.name)
      .map(w => w.name);
    return toDestination(contextOf(platform), destination, stores, workers);
  }
}
