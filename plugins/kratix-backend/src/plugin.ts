import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { kratixPermissions } from '@kratix-backstage/plugin-kratix-common';
import { kratixPlatformsServiceRef } from '@kratix-backstage/plugin-kratix-node';
import { createRouter } from './router';

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
      },
      async init({ httpRouter, permissionsRegistry, ...deps }) {
        permissionsRegistry.addPermissions(kratixPermissions);
        httpRouter.use(await createRouter(deps));
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
