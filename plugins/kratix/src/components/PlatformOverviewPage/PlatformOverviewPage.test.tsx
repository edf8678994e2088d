import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import {
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { signalApiRef } from '@backstage/plugin-signals-react';
import {
  act,
  fireEvent,
  screen,
  waitFor,
  within,
} from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { FakeSignalApi } from '../../__testUtils__/FakeSignalApi';
import * as fx from '../../__testUtils__/fixtures';
import {
  API,
  demoHandlers,
  kratixTestApis,
  requestsHandlers,
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

  it('follows each platform it shows on its signal channel, and loads again on a change', async () => {
    let summaries = 0;
    server.use(
      http.get(`${API}/requests/summary`, () => {
        summaries += 1;
        return undefined; // on to the next handler
      }),
      ...requestsHandlers([fx.request('example')]),
    );
    const signals = new FakeSignalApi();
    renderInTestApp(<PlatformOverviewPage />, {
      apis: [...kratixTestApis().apis, [signalApiRef, signals]],
      mountedRoutes: { '/kratix': convertLegacyRouteRef(rootRouteRef) },
    });
    expect(await screen.findByLabelText('Requests: 1')).toBeInTheDocument();
    await waitFor(() =>
      expect(signals.channels()).toEqual(['kratix:platform:demo']),
    );
    expect(summaries).toBe(1);
    await act(async () =>
      signals.changed('kratix:platform:demo', ['requests']),
    );
    await waitFor(() => expect(summaries).toBe(2));
  });

  it('shows Promises, requests by state, Destinations and worker health at a glance', async () => {
    server.use(
      ...requestsHandlers([
        fx.request('example'),
        fx.request('second-request'),
        fx.request('third', { state: 'failing', message: 'Failing' }),
      ]),
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

    const requests = within(
      await screen.findByRole('table', { name: 'Requests' }),
    );
    expect(
      await requests.findByRole('link', { name: 'second-request' }),
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

  it('loads the counts, never every request, and pages and searches the requests on the server', async () => {
    const many = Array.from({ length: 25 }, (_, i) =>
      fx.request(`req-${String(i).padStart(2, '0')}`),
    );
    const seen: string[] = [];
    server.events.on('request:start', ({ request }) => {
      const url = new URL(request.url);
      if (
        url.pathname.endsWith('/requests') ||
        url.pathname.endsWith('/requests/summary')
      )
        seen.push(`${url.pathname.replace('/api/kratix', '')}${url.search}`);
    });
    server.use(...requestsHandlers(many));
    render();
    expect(await screen.findByLabelText('Requests: 25')).toBeInTheDocument();
    expect(screen.getAllByText('25 ready')).toHaveLength(2);
    const table = within(
      await screen.findByRole('table', { name: 'Requests' }),
    );
    expect(
      await table.findByRole('link', { name: 'req-00' }),
    ).toBeInTheDocument();
    expect(table.getByRole('link', { name: 'req-19' })).toBeInTheDocument();
    expect(table.queryByRole('link', { name: 'req-20' })).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Next Page' }));
    expect(
      await table.findByRole('link', { name: 'req-24' }),
    ).toBeInTheDocument();
    expect(table.queryByRole('link', { name: 'req-00' })).toBeNull();

    fireEvent.change(screen.getByPlaceholderText('Filter'), {
      target: { value: 'REQ-07' },
    });
    expect(
      await table.findByRole('link', { name: 'req-07' }),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(table.queryByRole('link', { name: 'req-24' })).toBeNull(),
    );
    expect(seen[0]).toBe('/requests/summary');
    expect(seen).toContain('/requests?limit=20&offset=0');
    expect(seen).toContain('/requests?limit=20&offset=20');
    expect(seen).toContain('/requests?limit=20&offset=0&search=REQ-07');
    expect(seen.filter(u => u === '/requests')).toEqual([]);
    server.events.removeAllListeners();
  });

  it('counts unhealthy, degraded and suspended requests, and filters the requests by health and state on the server', async () => {
    const unhealthy = fx.troubledRequest({
      name: 'broken-db',
      workflowControl: undefined,
      health: { state: 'unhealthy', source: 'records', records: [] },
    });
    const seen: string[] = [];
    server.events.on('request:start', ({ request }) => {
      const url = new URL(request.url);
      if (url.pathname.endsWith('/requests'))
        seen.push(`${url.pathname.replace('/api/kratix', '')}${url.search}`);
    });
    server.use(
      ...requestsHandlers([
        fx.request('example'),
        fx.troubledRequest(),
        unhealthy,
      ]),
    );
    render();
    expect(
      await screen.findByLabelText('Unhealthy or degraded requests: 2'),
    ).toBeInTheDocument();
    expect(screen.getByText('1 degraded')).toBeInTheDocument();
    expect(screen.getByLabelText('Suspended workflows: 1')).toBeInTheDocument();

    const table = within(
      await screen.findByRole('table', { name: 'Requests' }),
    );
    const row = (
      await table.findByRole('link', { name: 'db-approval' })
    ).closest('tr')!;
    const headers = table.getAllByRole('columnheader').map(h => h.textContent);
    const cell = (title: string) =>
      within(row).getAllByRole('cell')[headers.indexOf(title)].textContent;
    expect([cell('Health'), cell('Destinations')]).toEqual([
      'degraded',
      'worker-1worker-2',
    ]);

    // A react-aria Select: its trigger is named by its value and its label.
    fireEvent.click(screen.getByRole('button', { name: /Filter by health/ }));
    fireEvent.click(await screen.findByRole('option', { name: 'unhealthy' }));
    await waitFor(() =>
      expect(table.queryByRole('link', { name: 'db-approval' })).toBeNull(),
    );
    expect(table.getByRole('link', { name: 'broken-db' })).toBeInTheDocument();
    expect(table.queryByRole('link', { name: 'example' })).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: /Filter by state/ }));
    fireEvent.click(await screen.findByRole('option', { name: 'ready' }));
    expect(await table.findByText('No request matches.')).toBeInTheDocument();
    expect(seen).toContain('/requests?limit=20&offset=0&health=unhealthy');
    expect(seen).toContain(
      '/requests?limit=20&offset=0&state=ready&health=unhealthy',
    );
    server.events.removeAllListeners();
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

  it('names a platform that cannot be reached, and shows the others', async () => {
    const down = {
      platform: 'far',
      cluster: 'far',
      type: 'unreachable' as const,
      message:
        "Cluster 'far': the API server cannot be reached (connect ECONNREFUSED 10.0.0.9:6443)",
    };
    server.use(
      http.get(`${API}/platforms`, () =>
        HttpResponse.json({
          items: [fx.platform, { ...fx.platform, name: 'far', title: 'Far' }],
          errors: [],
        }),
      ),
      http.get(`${API}/promises`, () =>
        HttpResponse.json({ items: [fx.promise], errors: [down] }),
      ),
      ...requestsHandlers(
        [fx.request('example'), fx.request('second-request')],
        [down],
      ),
      // As the backend answers a platform it cannot read: 503, the cluster's failure as the cause.
      http.get(`${API}/platforms/far/destinations`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'ServiceUnavailableError',
              message: "Kratix platform 'far' failed (unreachable)",
              cause: { name: 'KratixClusterError', ...down },
            },
            request: { method: 'GET', url: '/platforms/far/destinations' },
            response: { statusCode: 503 },
          },
          { status: 503 },
        ),
      ),
    );
    render();
    expect(
      await screen.findByText(
        /Platform far is missing here: it could not be reached. Showing the other platforms' data./,
      ),
    ).toBeInTheDocument();
    // Each failure once, with why: the summary's and the Promises' are the same.
    expect(
      screen.getAllByText(/far \(unreachable\): Cluster 'far'/),
    ).toHaveLength(1);
    expect(
      screen.getByText(/far \(unreachable\): Destinations: Cluster 'far'/),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Promises: 1')).toBeInTheDocument();
    expect(screen.getByLabelText('Requests: 2')).toBeInTheDocument();
    expect(screen.getByLabelText('Destinations: 1')).toBeInTheDocument();
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
      ...requestsHandlers([]),
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
