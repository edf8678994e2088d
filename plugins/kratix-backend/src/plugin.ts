import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { kratixPermissions } from '@kratix-backstage/plugin-kratix-common';
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
        permissionsRegistry: coreServices.permissionsRegistry,
      },
      async init({ httpRouter, logger, permissionsRegistry }) {
        permissionsRegistry.addPermissions(kratixPermissions);
        httpRouter.use(await createRouter({ logger }));
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
