import type { Config } from '@backstage/config';
import type { KubeObject } from '@kratix-backstage/plugin-kratix-node';

/**
 * A Promise label that keeps the Promise's requests out of the catalog, set by the
 * platform team on the Promise itself: `backstage.io/kratix-catalog-requests: "false"`.
 *
 * @public
 */
export const KRATIX_CATALOG_REQUESTS_LABEL =
  'backstage.io/kratix-catalog-requests';

/**
 * Which resource requests of one platform the catalog gets (`kratix.platforms[].catalog`).
 * Promises, their Templates and Destinations always go in.
 *
 * @public
 */
export interface KratixPlatformCatalogConfig {
  /** False: none of the platform's requests. Default: true. */
  requests: boolean;
  /** Promises (by name) whose requests stay out. Default: none. */
  promisesWithoutRequests: string[];
}

/** Every request goes in: the default. */
export const ALL_REQUESTS: KratixPlatformCatalogConfig = {
  requests: true,
  promisesWithoutRequests: [],
};

/**
 * Reads `catalog` of each `kratix.platforms[]` entry, by platform name; platforms
 * without one (and the built-in demo platform) are absent and take every request.
 */
export function readPlatformCatalogConfigs(
  config: Config,
): Record<string, KratixPlatformCatalogConfig> {
  const result: Record<string, KratixPlatformCatalogConfig> = {};
  const platforms = config.getOptionalConfigArray('kratix.platforms') ?? [];
  for (const platform of platforms) {
    const catalog = platform.getOptionalConfig('catalog');
    if (!catalog) continue;
    const name = platform.getString('name');
    result[name] = {
      requests: catalog.getOptionalBoolean('requests') ?? true,
      promisesWithoutRequests:
        catalog.getOptionalStringArray('promisesWithoutRequests') ?? [],
    };
  }
  return result;
}

/**
 * Whether the catalog gets the requests of this Promise: not when its platform's
 * `catalog.requests` is false, when it is one of `catalog.promisesWithoutRequests`, or
 * when it carries the label `backstage.io/kratix-catalog-requests: "false"`.
 */
export function promiseRequestsInCatalog(
  config: KratixPlatformCatalogConfig,
  promise: KubeObject,
): boolean {
  if (!config.requests) return false;
  const name = promise.metadata?.name;
  if (name && config.promisesWithoutRequests.includes(name)) return false;
  const label = promise.metadata?.labels?.[KRATIX_CATALOG_REQUESTS_LABEL];
  return String(label ?? '').toLowerCase() !== 'false';
}
