import { Content, WarningPanel } from '@backstage/core-components';
import { ReactRouterV6PageRouter } from '@backstage/frontend-adapter-react-router-v6';
import { Route, Routes } from 'react-router-dom';
import { KratixPageLayout } from '../KratixPageLayout';
import { PlatformOverviewPage } from '../PlatformOverviewPage';
import { DestinationPage, PromisePage, RequestPage } from './deepLinkPages';

const NotFound = () => (
  <KratixPageLayout type="Kratix" title="Not found">
    <Content>
      <WarningPanel
        defaultExpanded
        title="There is no Kratix view at this address"
      >
        Views live at platforms/&lt;platform&gt;/promises/&lt;promise&gt;,
        platforms/&lt;platform&gt;/requests/&lt;namespace&gt;/&lt;promise&gt;/&lt;name&gt;
        and platforms/&lt;platform&gt;/destinations/&lt;destination&gt; below
        the Kratix page.
      </WarningPanel>
    </Content>
  </KratixPageLayout>
);

/**
 * The Kratix page: the platform overview, and deep links to one Promise, request or
 * Destination, so people without catalog entities for them can still open them.
 */
export const KratixRouter = () => (
  <ReactRouterV6PageRouter>
    <Routes>
      <Route path="/" element={<PlatformOverviewPage />} />
      <Route
        path="/platforms/:platform/promises/:promise"
        element={<PromisePage />}
      />
      <Route
        path="/platforms/:platform/requests/:namespace/:promise/:name"
        element={<RequestPage />}
      />
      <Route
        path="/platforms/:platform/destinations/:destination"
        element={<DestinationPage />}
      />
      <Route path="*" element={<NotFound />} />
    </Routes>
  </ReactRouterV6PageRouter>
);
