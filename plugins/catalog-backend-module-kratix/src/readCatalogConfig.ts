import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  type SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  type KratixPlatformCatalogConfig,
  readPlatformCatalogConfigs,
} from './requestsInCatalog';

/**
 * The `kratix.catalog` config, parsed.
 *
 * @public
 */
export interface KratixCatalogConfig {
  /** Whether the entity provider runs. */
  enabled: boolean;
  /** Owner of entities whose Kratix object names no requester. */
  defaultOwner: string;
  /** When the full sync runs (and how long one replica keeps the watches). */
  schedule: SchedulerServiceTaskScheduleDefinition;
  /** How long watch events are gathered before one delta mutation. */
  batchMs: number;
  /** The generated Templates. */
  templates: {
    /**
     * End each form with a "Preview" step showing what Kratix would write (needs the
     * frontend's `KratixRequestPreview` field extension).
     */
    preview: boolean;
  };
  /**
   * Which requests of each platform go into the catalog (`kratix.platforms[].catalog`),
   * by platform name; a platform without an entry gets every request in.
   */
  platforms: Record<string, KratixPlatformCatalogConfig>;
}

const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 5 },
  timeout: { minutes: 6 },
};

/**
 * Reads `kratix.catalog`; errors name the config key.
 *
 * @public
 */
export function readCatalogConfig(config: Config): KratixCatalogConfig {
  const catalog = config.getOptionalConfig('kratix.catalog');
  const defaultOwner =
    catalog?.getOptionalString('defaultOwner') ?? 'group:default/platform-team';
  try {
    parseEntityRef(defaultOwner, { defaultKind: 'group' });
  } catch (error) {
    throw new Error(
      `Invalid kratix.catalog.defaultOwner "${defaultOwner}": ${error}`,
    );
  }
  const batchMs = catalog?.getOptionalNumber('batchMs') ?? 500;
  if (!(batchMs >= 0)) {
    throw new Error(`Invalid kratix.catalog.batchMs ${batchMs}: must be >= 0`);
  }
  return {
    enabled: catalog?.getOptionalBoolean('enabled') ?? true,
    defaultOwner,
    schedule: catalog?.has('schedule')
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
          catalog.getConfig('schedule'),
        )
      : DEFAULT_SCHEDULE,
    batchMs,
    templates: {
      preview: catalog?.getOptionalBoolean('templates.preview') ?? true,
    },
    platforms: readPlatformCatalogConfigs(config),
  };
}
