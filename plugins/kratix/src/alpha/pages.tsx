import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import { PageBlueprint } from '@backstage/frontend-plugin-api';
import { KratixIcon } from '../components/KratixIcon';
import { rootRouteRef } from '../routes';

/** `/kratix`: the platform overview, and deep links to Promises, requests, Destinations. */
export const kratixPage = PageBlueprint.make({
  params: {
    path: '/kratix',
    title: 'Kratix',
    icon: <KratixIcon />,
    routeRef: convertLegacyRouteRef(rootRouteRef),
    // The views render their own header (title, links back to the overview).
    noHeader: true,
    loader: () => import('../components/views').then(m => <m.KratixRouter />),
  },
});
