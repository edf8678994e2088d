import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createKratixResourceCreateAction } from './actions/createKratixResourceCreateAction';
import { createKratixResourceManifestAction } from './actions/createKratixResourceManifestAction';
import { createKratixResourceWaitAction } from './actions/createKratixResourceWaitAction';

/**
 * Adds the `kratix:*` actions to the scaffolder. They call the Kratix backend plugin
 * as the task's initiator, so its permissions apply to them.
 *
 * @public
 */
export const scaffolderModuleKratix = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'kratix',
  register(env) {
    env.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        config: coreServices.rootConfig,
      },
      async init({ scaffolder, ...deps }) {
        scaffolder.addActions(
          createKratixResourceCreateAction(deps),
          createKratixResourceWaitAction(deps),
          createKratixResourceManifestAction(deps),
        );
      },
    });
  },
});
