import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { kratixPlatformsServiceRef } from '@kratix-backstage/plugin-kratix-node';
import { KratixEntityProvider } from './KratixEntityProvider';

/**
 * Catalog module syncing every configured Kratix platform (Promises, resource requests,
 * Destinations and a Software Template per Promise) into the catalog.
 *
 * @public
 */
export const catalogModuleKratixEntityProvider = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'kratix-entity-provider',
  register(env) {
    env.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        rootLifecycle: coreServices.rootLifecycle,
        platforms: kratixPlatformsServiceRef,
      },
      async init({
        catalog,
        config,
        logger,
        scheduler,
        rootLifecycle,
        platforms,
      }) {
        const providers = KratixEntityProvider.fromConfig(config, {
          logger,
          scheduler,
          platforms,
        });
        catalog.addEntityProvider(providers);
        // Before tasks are aborted and database connections closed, so that the lease
        // is released cleanly and another replica picks it up within seconds.
        rootLifecycle.addBeforeShutdownHook(async () => {
          await Promise.all(providers.map(p => p.handOver()));
        });
      },
    });
  },
});
