import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { createScaffolderFieldExtension } from '@backstage/plugin-scaffolder-react';
import { kratixApiRef, KratixClient } from './api';
import { LazyRequestPreviewField } from './components/RequestPreviewField/LazyRequestPreviewField';
import { createTemplateRouteRef, rootRouteRef } from './routes';

/**
 * The Kratix plugin for apps on the classic frontend system.
 *
 * @public
 */
export const kratixPlugin = createPlugin({
  id: 'kratix',
  apis: [
    createApiFactory({
      api: kratixApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new KratixClient(deps),
    }),
  ],
  routes: { root: rootRouteRef },
  externalRoutes: { createTemplate: createTemplateRouteRef },
});

/**
 * The Kratix page (mount it at `/kratix`): the platform overview, and deep links to
 * Promises, requests and Destinations below it.
 *
 * @public
 */
export const KratixPage = kratixPlugin.provide(
  createRoutableExtension({
    name: 'KratixPage',
    component: () => import('./components/views').then(m => m.KratixRouter),
    mountPoint: rootRouteRef,
  }),
);

/**
 * The "Kratix" tab for entities with `kratix.io/type`.
 *
 * @public
 */
export const EntityKratixContent = kratixPlugin.provide(
  createComponentExtension({
    name: 'EntityKratixContent',
    component: {
      lazy: () => import('./components/views').then(m => m.EntityKratixContent),
    },
  }),
);

/**
 * The Kratix card for the overview of entities with `kratix.io/type`.
 *
 * @public
 */
export const EntityKratixCard = kratixPlugin.provide(
  createComponentExtension({
    name: 'EntityKratixCard',
    component: {
      lazy: () => import('./components/views').then(m => m.EntityKratixCard),
    },
  }),
);

/**
 * The `KratixRequestPreview` scaffolder field for apps on the classic frontend system:
 * in the last step of the Templates generated for Promises, what Kratix would write for
 * the request the form describes (Kratix's DryRun, or the API server's dry run). Put it
 * inside `<ScaffolderFieldExtensions>` under the scaffolder's route.
 *
 * Provided by the Kratix plugin (not the scaffolder's), so that an app that adds only
 * this field still gets the Kratix backend client it calls.
 *
 * @public
 */
export const KratixRequestPreviewFieldExtension = kratixPlugin.provide(
  createScaffolderFieldExtension({
    name: 'KratixRequestPreview',
    // Loads the field's code when a form first shows it.
    component: LazyRequestPreviewField,
  }),
);
