import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { readKratixConfig } from '../config/readKratixConfig';
import { createKratixPlatforms } from './createKratixPlatforms';
import type { KratixPlatforms } from './types';

/**
 * The configured Kratix platforms, shared by everything in the backend that reads
 * Kratix (the REST API, the catalog provider): one set of watch caches per backend.
 * Watches stop when the backend shuts down.
 *
 * @public
 */
export const kratixPlatformsServiceRef = createServiceRef<KratixPlatforms>({
  id: 'kratix.platforms',
  scope: 'root',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.rootLogger,
        lifecycle: coreServices.rootLifecycle,
      },
      factory({ config, logger, lifecycle }) {
        const platforms = createKratixPlatforms(readKratixConfig(config), {
          logger: logger.child({ plugin: 'kratix' }),
        });
        lifecycle.addShutdownHook(() => platforms.stop());
        return platforms;
      },
    }),
});
