import { NotFoundError } from '@backstage/errors';
import type {
  PartialResult,
  ResourceRequest,
  ResourceRequestPage,
  ResourceRequestPageOptions,
  ResourceRequestPromiseCount,
  ResourceRequestSummary,
} from '@kratix-backstage/plugin-kratix-common';
import type { KubeObject } from '@kratix-backstage/plugin-kratix-node';
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

/**
 * Resource requests: of a Promise, of every Promise, or one.
 *
 * @public
 */
export class RequestService {
  constructor(private readonly platforms: KratixPlatforms) {}

  async listForPromise(
    platformName: string,
    promiseName: string,
    namespace?: string,
  ): Promise<PartialResult<ResourceRequest>> {
    const platform = requirePlatform(this.platforms, platformName);
    const promise = await findPromise(platform, promiseName);
    const items = await onPlatform(platform, () =>
      platform.kratix.listRequests(promise, namespace),
    );
    return {
      items: items
        .map(r => toResourceRequest(contextOf(platform), promiseName, r))
        .sort(byName),
      errors: [],
    };
  }

  /** Every request of every Promise: a Promise whose requests cannot be read is an error, not a failure. */
  async listAll(
    options: { platform?: string; namespace?: string } = {},
  ): Promise<PartialResult<ResourceRequest>> {
    const platforms = options.platform
      ? [requirePlatform(this.platforms, options.platform)]
      : this.platforms.list();
    const result = await fanOut(platforms, async platform => {
      const promises = await platform.kratix.listPromises();
      const perPromise = await Promise.all(
        promises.map(async promise => {
          try {
            const requests = await platform.kratix.listRequests(
              promise,
              options.namespace,
            );
            return {
              items: requests.map(r =>
                toResourceRequest(
                  contextOf(platform),
                  promise.metadata.name,
                  r,
                ),
              ),
              errors: [],
            };
          } catch (error) {
            return { items: [], errors: [toApiError(platform, error)] };
          }
        }),
      );
      return {
        items: perPromise.flatMap(p => p.items),
        errors: perPromise.flatMap(p => p.errors),
      };
    });
    result.items.sort(byName);
    return result;
  }

  /** Counts of the requests {@link RequestService.listAll} lists: in total, by state and by Promise. */
  async summary(
    options: { platform?: string; namespace?: string } = {},
  ): Promise<ResourceRequestSummary> {
    const { items, errors } = await this.listAll(options);
    const byState: ResourceRequestSummary['byState'] = {};
    const byPromise = new Map<string, ResourceRequestPromiseCount>();
    for (const r of items) {
      byState[r.state] = (byState[r.state] ?? 0) + 1;
      const key = `${r.platform}\u0000${r.promise}`;
      let count = byPromise.get(key);
      if (!count) {
        count = {
          platform: r.platform,
          promise: r.promise,
          total: 0,
          byState: {},
        };
        byPromise.set(key, count);
      }
      count.total += 1;
      count.byState[r.state] = (count.byState[r.state] ?? 0) + 1;
    }
    return {
      total: items.length,
      byState,
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
  ): Promise<ResourceRequestPage> {
    const { platform, namespace, limit, offset = 0, search, state } = options;
    const { items, errors } = await this.listAll({ platform, namespace });
    const needle = search?.trim().toLocaleLowerCase();
    const matches = items.filter(
      r =>
        (!state || r.state === state) &&
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
  ) {
    const platform = requirePlatform(this.platforms, platformName);
    const { request } = await findRequest(
      platform,
      namespace,
      promiseName,
      name,
    );
    return toResourceRequest(contextOf(platform), promiseName, request);
  }
}
