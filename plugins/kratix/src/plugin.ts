import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { kratixApiRef, KratixClient } from './api';
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
    component: () =>
      import('./components/KratixRouter').then(m => m.KratixRouter),
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
      lazy: () =>
        import('./components/EntityKratixContent').then(
          m => m.EntityKratixContent,
        ),
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
      lazy: () =>
        import('./components/EntityKratixCard').then(m => m.EntityKratixCard),
    },
  }),
);
