import { NotFoundError } from '@backstage/errors';
import type {
  PartialResult,
  ResourceRequest,
} from '@kratix-backstage/plugin-kratix-common';
import type { KubeObject } from '@kratix-backstage/plugin-kratix-node';
import type { KratixPlatform, KratixPlatforms } from '../platforms/types';
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
