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
        ...deps
      }) {
        permissionsRegistry.addPermissions(kratixPermissions);
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
        httpRouter.use(await createRouter(deps));
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
