import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import {
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import * as fx from '../../__testUtils__/fixtures';
import {
  API,
  demoHandlers,
  kratixTestApis,
} from '../../__testUtils__/testApis';
import { rootRouteRef } from '../../routes';
import { PlatformOverviewPage } from './PlatformOverviewPage';

describe('PlatformOverviewPage', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  beforeEach(() => server.use(...demoHandlers()));

  const render = () =>
    renderInTestApp(<PlatformOverviewPage />, {
      apis: kratixTestApis().apis,
      mountedRoutes: { '/kratix': convertLegacyRouteRef(rootRouteRef) },
    });

  it('shows Promises, requests by state, Destinations and worker health at a glance', async () => {
    server.use(
      http.get(`${API}/requests`, () =>
        HttpResponse.json({
          items: [
            fx.request('example'),
            fx.request('second-request'),
            fx.request('third', { state: 'failing', message: 'Failing' }),
          ],
          errors: [],
        }),
      ),
    );
    render();
    expect(await screen.findByLabelText('Promises: 1')).toBeInTheDocument();
    expect(screen.getByLabelText('Requests: 3')).toBeInTheDocument();
    expect(screen.getByLabelText('Destinations: 1')).toBeInTheDocument();
    expect(screen.getByLabelText('Worker clusters: 1')).toBeInTheDocument();
    expect(screen.getAllByText('2 ready')).toHaveLength(2); // the tile and the Promise's row
    expect(screen.getAllByText('1 failing')).toHaveLength(2);
    expect(screen.getByText('1 unhealthy')).toBeInTheDocument();
    expect(screen.getByText('Demo data')).toBeInTheDocument();
    expect(
      screen.getByText('Platforms: Kratix workshop (demo data)'),
    ).toBeInTheDocument();

    const promises = within(screen.getByRole('table', { name: 'Promises' }));
    expect(
      promises.getByRole('link', { name: 'elastic-cloud' }),
    ).toHaveAttribute('href', '/kratix/platforms/demo/promises/elastic-cloud');
    expect(
      promises.getByText('elastic-cloud (workshop.kratix.io/v1alpha1)'),
    ).toBeInTheDocument();

    const requests = within(screen.getByRole('table', { name: 'Requests' }));
    expect(
      requests.getByRole('link', { name: 'second-request' }),
    ).toHaveAttribute(
      'href',
      '/kratix/platforms/demo/requests/default/elastic-cloud/second-request',
    );

    const destinations = within(
      screen.getByRole('table', { name: 'Destinations' }),
    );
    expect(
      destinations.getByRole('link', { name: 'worker-1' }),
    ).toBeInTheDocument();
    expect(
      destinations.getByText('demo-worker-1: unhealthy'),
    ).toBeInTheDocument();
    expect(
      destinations.getByText('kratix-worker-resources: BuildFailed'),
    ).toBeInTheDocument();
  });

  it('reports a Destination whose health cannot be read, and shows the rest', async () => {
    server.use(
      http.get(`${API}/platforms/demo/destinations/worker-1/health`, () =>
        HttpResponse.json(
          { error: { name: 'Error', message: 'worker timed out' } },
          { status: 500 },
        ),
      ),
    );
    render();
    expect(
      await screen.findByText(/Some data could not be read/),
    ).toBeInTheDocument();
    expect(screen.getByText(/Health of worker-1/)).toBeInTheDocument();
    expect(screen.getByLabelText('Promises: 1')).toBeInTheDocument();
  });

  it('shows a permission-denied view when the platforms may not be read', async () => {
    server.use(
      http.get(`${API}/platforms`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'NotAllowedError',
              message: 'Missing permission kratix.resource.read',
            },
          },
          { status: 403 },
        ),
      ),
    );
    render();
    expect(
      await screen.findByText(
        /You do not have permission to see the Kratix platforms/,
      ),
    ).toBeInTheDocument();
  });

  it('says what is missing on an empty platform', async () => {
    server.use(
      http.get(`${API}/promises`, () =>
        HttpResponse.json({ items: [], errors: [] }),
      ),
      http.get(`${API}/requests`, () =>
        HttpResponse.json({ items: [], errors: [] }),
      ),
      http.get(`${API}/platforms/demo/destinations`, () =>
        HttpResponse.json({ items: [], errors: [] }),
      ),
    );
    render();
    expect(
      await screen.findByText(
        'No Promises installed on the configured platforms yet.',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('No resource requests yet.')).toBeInTheDocument();
    expect(
      screen.getByText(
        'No Destinations registered on the configured platforms.',
      ),
    ).toBeInTheDocument();
  });
});
