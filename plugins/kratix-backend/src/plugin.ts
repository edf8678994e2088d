import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { kratixPermissions } from '@kratix-backstage/plugin-kratix-common';
import { kratixPlatformsServiceRef } from '@kratix-backstage/plugin-kratix-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { createRouter } from './router';
import { setUpRequestNotifier } from './notifications';
import { startLogArchive } from './logArchive';
import { KratixSignalPublisher } from './services/KratixSignalPublisher';

/**
 * The Kratix backend plugin, served under `/api/kratix`.
 *
 * @public
 */
export const kratixPlugin = createBackendPlugin({
  pluginId: 'kratix',
  register(env) {
    env.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
        logger: coreServices.logger,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        httpAuth: coreServices.httpAuth,
        auditor: coreServices.auditor,
        platforms: kratixPlatformsServiceRef,
        logArchiveConfig: coreServices.rootConfig,
        logArchiveDatabase: coreServices.database,
        logArchiveScheduler: coreServices.scheduler,
        logArchiveLifecycle: coreServices.lifecycle,
        signals: signalsServiceRef,
        config: coreServices.rootConfig,
        lifecycle: coreServices.lifecycle,
        database: coreServices.database,
        notifications: notificationService,
      },
      async init({
        httpRouter,
        permissionsRegistry,
        signals,
        config,
        lifecycle,
        database,
        notifications,
        logArchiveConfig,
        logArchiveDatabase,
        logArchiveScheduler,
        logArchiveLifecycle,
        ...deps
      }) {
        permissionsRegistry.addPermissions(kratixPermissions);
        // Logs of pipeline containers, kept in the database after their Pods are gone.
        const logArchive = await startLogArchive({
          config: logArchiveConfig,
          database: logArchiveDatabase,
          scheduler: logArchiveScheduler,
          lifecycle: logArchiveLifecycle,
          platforms: deps.platforms,
          logger: deps.logger,
        });
        // Push, not poll: open views refetch on a "changed" signal from the watch caches.
        if (config.getOptionalBoolean('kratix.signals.enabled') !== false) {
          const publisher = new KratixSignalPublisher({
            platforms: deps.platforms,
            signals,
            logger: deps.logger,
          });
          lifecycle.addStartupHook(() => publisher.start());
          lifecycle.addShutdownHook(() => publisher.stop());
        }
        // Requesters notified of their requests' transitions (kratix.notifications).
        await setUpRequestNotifier({
          config,
          database,
          notifications,
          platforms: deps.platforms,
          logger: deps.logger,
          lifecycle,
        });
        httpRouter.use(await createRouter({ ...deps, logArchive }));
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
