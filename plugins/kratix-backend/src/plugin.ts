import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { kratixPlatformsServiceRef } from '@kratix-backstage/plugin-kratix-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { createRouter } from './router';
import { registerKratixPermissions } from './access/registerKratixPermissions';
import { setUpRequestNotifier } from './notifications';
import { startLogArchive } from './logArchive';
import { KratixSignalPublisher } from './services/KratixSignalPublisher';
import { CatalogWriteIdentity } from './identity/KratixWriteIdentity';
import { registerKratixActions } from './actions';
import { createKratixServices } from './services';

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
        catalog: catalogServiceRef,
        auth: coreServices.auth,
        actionsRegistry: actionsRegistryServiceRef,
      },
      async init({
        httpRouter,
        permissionsRegistry,
        signals,
        config,
        lifecycle,
        database,
        notifications,
        catalog,
        auth,
        actionsRegistry,
        logArchiveConfig,
        logArchiveDatabase,
        logArchiveScheduler,
        logArchiveLifecycle,
        ...deps
      }) {
        // Permissions, the kratix-request resource type and its rules; the checks routes,
        // services and actions share.
        const access = registerKratixPermissions({
          permissionsRegistry,
          permissions: deps.permissions,
          platforms: deps.platforms,
        });
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
        // Platforms with writeAs: user write as the caller, with the user's catalog groups.
        const identity = new CatalogWriteIdentity({
          catalog,
          auth,
          logger: deps.logger,
        });
        // One set of services for the REST API and the actions, so both reach the same
        // permission checks and write as the same identity.
        const services = createKratixServices(deps.platforms, {
          logArchive,
          access,
          identity,
        });
        httpRouter.use(
          await createRouter({
            ...deps,
            logArchive,
            identity,
            access,
            services,
          }),
        );
        // Actions for agents (served as MCP tools by @backstage/plugin-mcp-actions-backend).
        registerKratixActions({
          actionsRegistry,
          services,
          access,
          auditor: deps.auditor,
          logger: deps.logger,
        });
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
