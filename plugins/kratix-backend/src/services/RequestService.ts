import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  type KratixApiError,
  kratixRequestReadPermission,
  type PartialResult,
  type ResourceRequest,
  type ResourceRequestPage,
  type ResourceRequestPageOptions,
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
  onPlatform,
  requirePlatform,
  toApiError,
  toBackstageError,
} from './platformAccess';
import { findPromise } from './PromiseService';
import {
  countPlatformRequests,
  countRequests,
  type ListedRequest,
  loadPlatformRequests,
} from './requestLists';
import { loadRequestRelations } from './requestRelations';

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

  /**
   * The requests of the platforms named (all by default) the viewer may read, sorted by
   * platform, Promise, namespace and name, from each platform's kept list
   * ({@link loadPlatformRequests}); a platform that cannot be read is an error.
   */
  private async listed(
    options: { platform?: string; namespace?: string; promise?: string },
    viewer: BackstageCredentials | undefined,
  ): Promise<{
    items: ListedRequest[];
    errors: KratixApiError[];
    /** The counts, when every request of the platforms is in `items`. */
    counts?: Array<ReturnType<typeof countPlatformRequests>>;
  }> {
    const platforms = options.platform
      ? [requirePlatform(this.platforms, options.platform)]
      : this.platforms.list();
    const [visible, lists] = await Promise.all([
      this.visibility(viewer),
      Promise.all(
        platforms.map(async platform => {
          try {
            return { platform, list: await loadPlatformRequests(platform) };
          } catch (error) {
            return { platform, error: toApiError(platform, error) };
          }
        }),
      ),
    ]);
    const { namespace, promise } = options;
    const parts: ListedRequest[][] = [];
    // Errors in the platforms' configured order; requests by platform name.
    const errors = lists.flatMap(read =>
      read.list ? read.list.errors : [read.error],
    );
    let whole = !namespace && !promise;
    const byName = [...lists].sort((a, b) =>
      a.platform.name.localeCompare(b.platform.name),
    );
    for (const read of byName) {
      if (!read.list) continue;
      const kept = read.list.items.filter(
        e =>
          (!namespace || e.namespace === namespace) &&
          (!promise || e.promise === promise) &&
          visible(e.resource),
      );
      whole &&= kept.length === read.list.items.length;
      parts.push(kept);
    }
    return {
      // One platform's list as it is; several joined (never spread as arguments: a
      // list of 100,000 is past what a call takes).
      items:
        parts.length === 1
          ? parts[0]
          : ([] as ListedRequest[]).concat(...parts),
      errors,
      ...(whole
        ? {
            counts: byName.flatMap(read =>
              read.list
                ? [countPlatformRequests(read.platform, read.list)]
                : [],
            ),
          }
        : {}),
    };
  }

  async listForPromise(
    platformName: string,
    promiseName: string,
    namespace?: string,
    viewer?: BackstageCredentials,
  ): Promise<PartialResult<ResourceRequest>> {
    const platform = requirePlatform(this.platforms, platformName);
    await findPromise(platform, promiseName);
    const [list, visible] = await Promise.all([
      onPlatform(platform, () => loadPlatformRequests(platform)),
      this.visibility(viewer),
    ]);
    if (list.failedPromises.has(promiseName)) {
      throw toBackstageError(platform, list.failedPromises.get(promiseName));
    }
    const items = list.items
      .filter(
        e =>
          e.promise === promiseName &&
          (!namespace || e.namespace === namespace) &&
          visible(e.resource),
      )
      .map(e => e.wire());
    return {
      items,
      // What the requests' relations lack, when there are requests.
      errors: items.length ? list.relationErrors : [],
    };
  }

  /**
   * Every request of the platforms named, as kept for lists: what they are filtered and
   * counted on, their worker judgment, and their wire form when asked for it. For the
   * backend itself (the notifier): nothing is filtered by permission.
   */
  async entries(
    options: { platform?: string; namespace?: string } = {},
  ): Promise<{ items: ListedRequest[]; errors: KratixApiError[] }> {
    const { items, errors } = await this.listed(options, undefined);
    return { items, errors };
  }

  /** Every request of every Promise: a Promise whose requests cannot be read is an error, not a failure. */
  async listAll(
    options: { platform?: string; namespace?: string } = {},
    viewer?: BackstageCredentials,
  ): Promise<PartialResult<ResourceRequest>> {
    const { items, errors } = await this.listed(options, viewer);
    return { items: items.map(e => e.wire()), errors };
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
    const { items, errors, counts } = await this.listed(options, viewer);
    if (!counts) {
      return { ...countRequests(items), errors };
    }
    // Every request of each platform: the platforms' kept counts, added up.
    const byState: ResourceRequestSummary['byState'] = {};
    const byHealth: ResourceRequestSummary['byHealth'] = {};
    const add = <K extends string>(
      into: Partial<Record<K, number>>,
      from: Partial<Record<K, number>>,
    ) => {
      for (const [key, n] of Object.entries(from) as Array<[K, number]>) {
        into[key] = (into[key] ?? 0) + n;
      }
    };
    for (const c of counts) {
      add(byState, c.byState);
      add(byHealth, c.byHealth);
    }
    return {
      total: counts.reduce((n, c) => n + c.total, 0),
      byState,
      byHealth,
      suspended: counts.reduce((n, c) => n + c.suspended, 0),
      byPromise: counts.flatMap(c => c.byPromise),
      errors,
    };
  }

  /**
   * The requests {@link RequestService.listAll} lists (of one Promise with `promise`),
   * filtered by `search`, `state` and `health`, sorted by platform, Promise, namespace
   * and name, then paged by `offset` and `limit`.
   */
  async listPage(
    options: ResourceRequestPageOptions = {},
    viewer?: BackstageCredentials,
  ): Promise<ResourceRequestPage> {
    const {
      platform,
      namespace,
      promise,
      limit,
      offset = 0,
      search,
      state,
      health,
    } = options;
    const { items, errors } = await this.listed(
      { platform, namespace, promise },
      viewer,
    );
    const needle = search?.trim().toLocaleLowerCase();
    const matches =
      state || health || needle
        ? items.filter(
            e =>
              (!state || e.state === state) &&
              (!health || e.health === health) &&
              // The needle within one of the fields, never across two.
              (!needle ||
                (e.search.includes(needle) && !needle.includes('\u0000'))),
          )
        : items;
    return {
      items: matches
        .slice(offset, limit === undefined ? undefined : offset + limit)
        .map(e => e.wire()),
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
