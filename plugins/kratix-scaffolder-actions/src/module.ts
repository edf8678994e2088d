import { createBackendModule } from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createKratixResourceManifestAction } from './actions/createKratixResourceManifestAction';

/**
 * Adds the `kratix:*` actions to the scaffolder.
 *
 * @public
 */
export const scaffolderModuleKratix = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'kratix',
  register(env) {
    env.registerInit({
      deps: { scaffolder: scaffolderActionsExtensionPoint },
      async init({ scaffolder }) {
        scaffolder.addActions(createKratixResourceManifestAction());
      },
    });
  },
});
