import {
  ApiBlueprint,
  createFrontendPlugin,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { kratixApiRef, KratixClient } from '../api';
import { KratixIcon } from '../components/KratixIcon';

export const rootRouteRef = createRouteRef();

const kratixApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: kratixApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new KratixClient(deps),
    }),
});

const overviewPage = PageBlueprint.make({
  params: {
    path: '/kratix',
    title: 'Kratix',
    icon: <KratixIcon />,
    routeRef: rootRouteRef,
    loader: () =>
      import('../components/PlatformOverviewPage').then(m => (
        <m.PlatformOverviewPage />
      )),
  },
});

/**
 * The Kratix plugin for the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'kratix',
  title: 'Kratix',
  icon: <KratixIcon />,
  extensions: [kratixApi, overviewPage],
  routes: { root: rootRouteRef },
});
