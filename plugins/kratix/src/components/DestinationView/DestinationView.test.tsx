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
import { DestinationView } from './DestinationView';

describe('DestinationView', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  beforeEach(() => server.use(...demoHandlers()));

  it('shows readiness, the state store, the requests placed there and the worker health', async () => {
    const calls: string[] = [];
    server.use(
      http.get(`${API}/platforms/demo/destinations/worker-1/requests`, () => {
        calls.push('destination requests');
        return HttpResponse.json(fx.requestsAt(['example']));
      }),
      http.get(
        `${API}/platforms/demo/requests/default/elastic-cloud/:name/placement`,
        () => {
          calls.push('request placement');
          return HttpResponse.json(fx.placement('example'));
        },
      ),
    );
    renderInTestApp(
      <DestinationView
        destinationRef={{ platform: 'demo', name: 'worker-1' }}
      />,
      {
        apis: kratixTestApis().apis,
        mountedRoutes: { '/kratix': convertLegacyRouteRef(rootRouteRef) },
      },
    );
    expect(await screen.findByText('Destination worker-1')).toBeInTheDocument();
    expect(
      screen.getAllByText(
        'TestDocumentsWritten: Test documents written to State Store',
      ),
    ).toHaveLength(2);
    const store = within(screen.getByRole('table', { name: 'State store' }));
    expect(
      store.getByText(
        'https://git.kratix-demo.invalid/platform/state-store.git',
      ),
    ).toBeInTheDocument();
    expect(store.getByText('State store is ready')).toBeInTheDocument();

    const placed = within(
      await screen.findByRole('table', { name: 'Requests placed on worker-1' }),
    );
    expect(placed.getAllByRole('link').map(l => l.textContent)).toEqual([
      'example',
      'elastic-cloud',
      'worker-1',
    ]);
    // The request's state, and its WorkPlacement's.
    expect(placed.getAllByText('ready')).toHaveLength(2);
    expect(
      await screen.findByTestId('flux-kratix-worker-resources'),
    ).toHaveTextContent('False');
    // One call for the whole list (per refresh), none per request.
    expect(new Set(calls)).toEqual(new Set(['destination requests']));
  });

  it('shows what could not be read next to the requests that could', async () => {
    server.use(
      http.get(`${API}/platforms/demo/destinations/worker-1/requests`, () =>
        HttpResponse.json({
          ...fx.requestsAt(),
          errors: [
            {
              platform: 'demo',
              type: 'forbidden',
              message: 'cannot list redis requests',
            },
          ],
        }),
      ),
    );
    renderInTestApp(
      <DestinationView
        destinationRef={{ platform: 'demo', name: 'worker-1' }}
      />,
      {
        apis: kratixTestApis().apis,
        mountedRoutes: { '/kratix': convertLegacyRouteRef(rootRouteRef) },
      },
    );
    const placed = within(
      await screen.findByRole('table', { name: 'Requests placed on worker-1' }),
    );
    expect(placed.getAllByRole('link').map(l => l.textContent)).toEqual([
      'example',
      'elastic-cloud',
      'worker-1',
      'second-request',
      'elastic-cloud',
      'worker-1',
    ]);
    expect(
      await screen.findByText(/cannot list redis requests/),
    ).toBeInTheDocument();
  });

  it('helps when the Destination does not exist', async () => {
    server.use(
      http.get(`${API}/platforms/demo/destinations/nope`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'NotFoundError',
              message: "No Destination 'nope' on Kratix platform 'demo'",
            },
          },
          { status: 404 },
        ),
      ),
      http.get(
        `${API}/platforms/demo/destinations/nope/health`,
        () => new HttpResponse(null, { status: 404 }),
      ),
    );
    renderInTestApp(
      <DestinationView destinationRef={{ platform: 'demo', name: 'nope' }} />,
      {
        apis: kratixTestApis().apis,
      },
    );
    expect(
      await screen.findByText(/Could not find Destination nope/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /No Destination 'nope' on Kratix platform 'demo'. It may have been deleted/,
      ),
    ).toBeInTheDocument();
  });
});
