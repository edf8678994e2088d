import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  kratixRequestReadPermission,
  type PartialResult,
  type ResourceRequest,
  type ResourceRequestPage,
  type ResourceRequestPageOptions,
  type ResourceRequestPromiseCount,
  type ResourceRequestSummary,
} from '@kratix-backstage/plugin-kratix-common';
import type {
  KratixRequestResource,
  KubeObject,
} from '@kratix-backstage/plugin-kratix-node';
import {
  type KratixAccessChecks,
  unrestrictedKratixAccess,
} from '../access/KratixAccess';
import type {
  KratixPlatform,
  KratixPlatforms,
} from '@kratix-backstage/plugin-kratix-node';
import { toResourceRequest } from './mapping/requests';
import {
  contextOf,
  fanOut,
  onPlatform,
  requirePlatform,
  toApiError,
} from './platformAccess';
import { findPromise } from './PromiseService';
import {
  isDryRunRequest,
  loadRequestIndex,
  loadRequestRelations,
} from './requestRelations';

const byName = (a: ResourceRequest, b: ResourceRequest) =>
  a.platform.localeCompare(b.platform) ||
  a.promise.localeCompare(b.promise) ||
  a.namespace.localeCompare(b.namespace) ||
  a.name.localeCompare(b.name);

/**
 * A resource request of a Promise, or a 404.
 */
export async function findRequest(
  platform: KratixPlatform,
  namespace: string,
  promiseName: string,
  name: string,
): Promise<{ promise: KubeObject; request: KubeObject }> {
  const promise = await findPromise(platform, promiseName);
  const request = await onPlatform(platform, () =>
    platform.kratix.getRequest(promise, namespace, name),
  );
  if (!request) {
    throw new NotFoundError(
      `No ${promiseName} request '${namespace}/${name}' on Kratix platform '${platform.name}'`,
    );
  }
  return { promise, request };
}

/** A request object as permission rules see it. */
export function requestResource(
  platform: string,
  promise: string,
  request: KubeObject,
): KratixRequestResource {
  return {
    platform,
    promise,
    namespace: request.metadata.namespace ?? 'default',
    name: request.metadata.name,
    object: request,
  };
}

/**
 * Resource requests: of a Promise, of every Promise, or one. Given the caller's
 * credentials (`viewer`), lists keep only the requests they may read
 * (`kratix.request.read`, one decision per call) and one they may not read is not found;
 * without, the backend itself reads everything.
 *
 * @public
 */
export class RequestService {
  constructor(
    private readonly platforms: KratixPlatforms,
    private readonly access: KratixAccessChecks = unrestrictedKratixAccess,
  ) {}

  /** Which requests the viewer may read: one decision, applied to each request. */
  private async visibility(
    viewer: BackstageCredentials | undefined,
  ): Promise<(request: KratixRequestResource) => boolean> {
    return viewer
      ? this.access.requestPredicate(viewer, kratixRequestReadPermission)
      : () => true;
  }

  async listForPromise(
    platformName: string,
    promiseName: string,
    namespace?: string,
    viewer?: BackstageCredentials,
  ): Promise<PartialResult<ResourceRequest>> {
    const platform = requirePlatform(this.platforms, platformName);
    const promise = await findPromise(platform, promiseName);
    const [items, { index, errors }, visible] = await Promise.all([
      onPlatform(platform, () =>
        platform.kratix.listRequests(promise, namespace),
      ),
      loadRequestIndex(platform),
      this.visibility(viewer),
    ]);
    const requests = items.filter(
      r =>
        !isDryRunRequest(r) &&
        visible(requestResource(platform.name, promiseName, r)),
    );
    return {
      items: requests
        .map(r =>
          toResourceRequest(
            contextOf(platform),
            promiseName,
            r,
            index.relationsOf(promise, r),
          ),
        )
        .sort(byName),
      errors: requests.length ? errors : [],
    };
  }

  /** Every request of every Promise: a Promise whose requests cannot be read is an error, not a failure. */
  async listAll(
    options: { platform?: string; namespace?: string } = {},
    viewer?: BackstageCredentials,
  ): Promise<PartialResult<ResourceRequest>> {
    const platforms = options.platform
      ? [requirePlatform(this.platforms, options.platform)]
      : this.platforms.list();
    const visible = await this.visibility(viewer);
    const result = await fanOut(platforms, async platform => {
      const [promises, indexed] = await Promise.all([
        platform.kratix.listPromises(),
        loadRequestIndex(platform),
      ]);
      const { index } = indexed;
      const perPromise = await Promise.all(
        promises.map(async promise => {
          try {
            const requests = await platform.kratix.listRequests(
              promise,
              options.namespace,
            );
            return {
              items: requests
                .filter(
                  r =>
                    !isDryRunRequest(r) &&
                    visible(
                      requestResource(platform.name, promise.metadata.name, r),
                    ),
                )
                .map(r =>
                  toResourceRequest(
                    contextOf(platform),
                    promise.metadata.name,
                    r,
                    index.relationsOf(promise, r),
                  ),
                ),
              errors: [],
            };
          } catch (error) {
            return { items: [], errors: [toApiError(platform, error)] };
          }
        }),
      );
      const items = perPromise.flatMap(p => p.items);
      return {
        items,
        // What the requests' relations lack matters only when there are requests.
        errors: [
          ...(items.length ? indexed.errors : []),
          ...perPromise.flatMap(p => p.errors),
        ],
      };
    });
    result.items.sort(byName);
    return result;
  }

  /**
   * Counts of the requests {@link RequestService.listAll} lists: in total, by state, by
   * health (requests that have health records), suspended or waiting to retry, and by
   * Promise.
   */
  async summary(
    options: { platform?: string; namespace?: string } = {},
    viewer?: BackstageCredentials,
  ): Promise<ResourceRequestSummary> {
    const { items, errors } = await this.listAll(options, viewer);
    const byState: ResourceRequestSummary['byState'] = {};
    const byHealth: ResourceRequestSummary['byHealth'] = {};
    let suspended = 0;
    const byPromise = new Map<string, ResourceRequestPromiseCount>();
    for (const r of items) {
      byState[r.state] = (byState[r.state] ?? 0) + 1;
      if (r.health)
        byHealth[r.health.state] = (byHealth[r.health.state] ?? 0) + 1;
      if (r.workflowControl) suspended += 1;
      const key = `${r.platform}\u0000${r.promise}`;
      let count = byPromise.get(key);
      if (!count) {
        count = {
          platform: r.platform,
          promise: r.promise,
          total: 0,
          byState: {},
          byHealth: {},
        };
        byPromise.set(key, count);
      }
      count.total += 1;
      count.byState[r.state] = (count.byState[r.state] ?? 0) + 1;
      if (r.health) {
        count.byHealth[r.health.state] =
          (count.byHealth[r.health.state] ?? 0) + 1;
      }
    }
    return {
      total: items.length,
      byState,
      byHealth,
      suspended,
      byPromise: [...byPromise.values()].sort(
        (a, b) =>
          a.platform.localeCompare(b.platform) ||
          a.promise.localeCompare(b.promise),
      ),
      errors,
    };
  }

  /**
   * The requests {@link RequestService.listAll} lists, filtered by `search` and `state`,
   * sorted by platform, Promise, namespace and name, then paged by `offset` and `limit`.
   */
  async listPage(
    options: ResourceRequestPageOptions = {},
    viewer?: BackstageCredentials,
  ): Promise<ResourceRequestPage> {
    const {
      platform,
      namespace,
      limit,
      offset = 0,
      search,
      state,
      health,
    } = options;
    const { items, errors } = await this.listAll(
      { platform, namespace },
      viewer,
    );
    const needle = search?.trim().toLocaleLowerCase();
    const matches = items.filter(
      r =>
        (!state || r.state === state) &&
        (!health || r.health?.state === health) &&
        (!needle ||
          [r.platform, r.promise, r.namespace, r.name].some(field =>
            field.toLocaleLowerCase().includes(needle),
          )),
    );
    return {
      items: matches.slice(
        offset,
        limit === undefined ? undefined : offset + limit,
      ),
      errors,
      totalCount: matches.length,
    };
  }

  async get(
    platformName: string,
    namespace: string,
    promiseName: string,
    name: string,
    viewer?: BackstageCredentials,
  ) {
    const platform = requirePlatform(this.platforms, platformName);
    const { promise, request } = await findRequest(
      platform,
      namespace,
      promiseName,
      name,
    );
    if (viewer) {
      await this.access.requireReadable(
        viewer,
        requestResource(platform.name, promiseName, request),
      );
    }
    return toResourceRequest(
      contextOf(platform),
      promiseName,
      request,
      await loadRequestRelations(platform, promise, request),
    );
  }
}
