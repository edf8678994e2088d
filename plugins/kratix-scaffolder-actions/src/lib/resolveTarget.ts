import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { KRATIX_ANNOTATIONS } from '@kratix-backstage/plugin-kratix-common';
import type { KratixBackendClient } from './KratixBackendClient';

/** A Promise on a platform, as the actions address it. */
export interface PromiseTarget {
  platform: string;
  promise: string;
}

/**
 * Finds the platform and Promise an action's input means. `promise` is a Promise name,
 * or the ref of the catalog entity that stands for it (its `kratix.io/platform` and
 * `kratix.io/promise-name` annotations name them); without a platform, the only (or
 * first) configured one.
 */
export async function resolveTarget(
  input: { platform?: string; promise: string },
  deps: {
    client: KratixBackendClient;
    catalog: CatalogService;
    credentials: BackstageCredentials;
  },
): Promise<PromiseTarget> {
  let platform = input.platform;
  let promise = input.promise;
  if (promise.includes(':') || promise.includes('/')) {
    let ref;
    try {
      ref = parseEntityRef(promise, { defaultKind: 'component' });
    } catch (error) {
      throw new InputError(
        `promise: '${promise}' is neither a Promise name nor an entity ref: ${error}`,
      );
    }
    const entity = await deps.catalog.getEntityByRef(ref, {
      credentials: deps.credentials,
    });
    if (!entity)
      throw new NotFoundError(`promise: no catalog entity ${promise}`);
    const annotations = entity.metadata.annotations ?? {};
    const name = annotations[KRATIX_ANNOTATIONS.promiseName];
    if (!name) {
      throw new InputError(
        `promise: entity ${promise} has no ${KRATIX_ANNOTATIONS.promiseName} annotation; it does not stand for a Kratix Promise`,
      );
    }
    promise = name;
    platform ??= annotations[KRATIX_ANNOTATIONS.platform];
  }
  if (!platform) {
    const platforms = await deps.client.listPlatforms(deps.credentials);
    if (!platforms.length) {
      throw new InputError(
        'platform: the Kratix plugin has no platform configured',
      );
    }
    platform = platforms[0].name;
  }
  return { platform, promise };
}
