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
import { FreshPermissions } from '../../__testUtils__/FreshPermissions';
import {
  API,
  demoHandlers,
  kratixTestApis,
} from '../../__testUtils__/testApis';
import { rootRouteRef } from '../../routes';
import { RequestView } from './RequestView';

const REF = {
  platform: 'demo',
  namespace: 'default',
  promise: 'elastic-cloud',
  name: 'second-request',
};
const R = `${API}/platforms/demo/requests/default/elastic-cloud/second-request`;

describe('RequestView', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  beforeEach(() => server.use(...demoHandlers()));

  const render = (
    options: {
      allow?: string[];
      onDeleted?: () => void;
      signals?: FakeSignalApi;
    } = {},
  ) => {
    const { apis, alertApi } = kratixTestApis({
      allow: options.allow ?? 'all',
    });
    if (options.signals) apis.push([signalApiRef, options.signals]);
    return {
      alertApi,
      ...renderInTestApp(
        <FreshPermissions>
          <RequestView requestRef={REF} onDeleted={options.onDeleted} />
        </FreshPermissions>,
        {
          apis,
          mountedRoutes: { '/kratix': convertLegacyRouteRef(rootRouteRef) },
        },
      ),
    };
  };

  it('shows the status, the runs newest first with their stages in order, the placement and the worker health', async () => {
    server.use(
      http.get(`${R}/runs`, () =>
        HttpResponse.json({
          items: [
            fx.run(
              'kratix-elastic-cloud-second-request-resource-configure-old01',
              {
                request: 'second-request',
                startedMinutesAgo: 60,
                state: 'failed',
                failAt: { stage: 'pipeline-stage-0', exitCode: 2 },
              },
            ),
            fx.run(
              'kratix-elastic-cloud-second-request-resource-configure-new02',
              {
                request: 'second-request',
                startedMinutesAgo: 14,
                state: 'succeeded',
              },
            ),
          ],
          errors: [],
        }),
      ),
      http.get(R, () =>
        HttpResponse.json(
          fx.request('second-request', {
            statusFields: { url: 'https://kibana.example' },
          }),
        ),
      ),
    );
    render();

    expect(
      await screen.findByTestId('kratix-request-message'),
    ).toHaveTextContent('Resource requested');
    expect(
      screen.getByRole('listitem', { name: 'Reconciled True: Reconciled' }),
    ).toBeInTheDocument();
    expect(
      within(screen.getByRole('table', { name: 'Status outputs' })).getByText(
        'https://kibana.example',
      ),
    ).toBeInTheDocument();

    const runs = screen.getAllByRole('button', { name: /^Run kratix-/ });
    expect(runs.map(r => r.getAttribute('aria-label'))).toEqual([
      'Run kratix-elastic-cloud-second-request-resource-configure-new02',
      'Run kratix-elastic-cloud-second-request-resource-configure-old01',
    ]);
    const stages = within(
      screen.getByRole('table', {
        name: 'Stages of kratix-elastic-cloud-second-request-resource-configure-new02',
      }),
    ).getAllByRole('row');
    expect(
      stages.slice(1).map(row =>
        within(row)
          .getAllByRole('cell')
          .slice(0, 5)
          .map(c => c.textContent),
      ),
    ).toEqual([
      ['1', expect.stringMatching(/^reader/), 'succeeded', '1.8 s', '0'],
      [
        '2',
        expect.stringMatching(/^pipeline-stage-0/),
        'succeeded',
        '14 s',
        '0',
      ],
      ['3', expect.stringMatching(/^work-writer/), 'succeeded', '2.6 s', '0'],
      ['4', expect.stringMatching(/^status-writer/), 'succeeded', '1.4 s', '0'],
    ]);

    fireEvent.click(runs[1]);
    const failed = within(
      await screen.findByRole('table', {
        name: 'Stages of kratix-elastic-cloud-second-request-resource-configure-old01',
      }),
    );
    const cells = (stage: string) =>
      within(failed.getByTestId(`stage-${stage}`))
        .getAllByRole('cell')
        .slice(2, 5)
        .map(c => c.textContent);
    expect(cells('pipeline-stage-0')).toEqual(['failed', '14 s', '2']);
    expect(cells('work-writer')).toEqual(['skipped', '–', '–']);

    expect(
      await screen.findByText(
        'elastic-cloud-second-request-resource-configure-c9646',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('environment=dev (from promise)'),
    ).toBeInTheDocument();
    expect(screen.getByText('elastic-crds.yaml')).toBeInTheDocument();
    // In the placement, and among the request's Destinations on its status card.
    expect(
      screen
        .getAllByRole('link', { name: 'worker-1' })
        .map(l => l.getAttribute('href')),
    ).toEqual([
      '/kratix/platforms/demo/destinations/worker-1',
      '/kratix/platforms/demo/destinations/worker-1',
    ]);

    expect(
      await screen.findByText('Worker health: worker-1'),
    ).toBeInTheDocument();
    expect(
      screen.getByTestId('flux-kratix-worker-resources'),
    ).toHaveTextContent(fx.DUPLICATE_CRD_MESSAGE);
    expect(
      screen.getAllByText(
        'may not add resource with an already registered id',
      )[0].tagName,
    ).toBe('MARK');
    expect(
      screen.getByRole('link', {
        name: 'elastic-cloud request default/second-request',
      }),
    ).toHaveAttribute(
      'href',
      '/kratix/platforms/demo/requests/default/elastic-cloud/second-request',
    );
    expect(screen.getAllByText('Demo data').length).toBeGreaterThan(0);
  });

  it("says first when the worker could not apply this request's output, and why", async () => {
    render();
    const blame = await screen.findByTestId('kratix-worker-blames-request');
    expect(blame).toHaveTextContent(
      "demo-worker-1 could not apply this request's output",
    );
    expect(blame).toHaveTextContent('Flux names this request');
  });

  it('names the requests whose output holds the refused object too, in human terms', async () => {
    const CRD =
      'CustomResourceDefinition.v1.apiextensions.k8s.io/elasticsearches.elasticsearch.k8s.elastic.co.[noNs]';
    const health = structuredClone(fx.unhealthyWorker);
    health.workers[0].kustomizations[1].implicatedRequests.push({
      namespace: 'default',
      promise: 'elastic-cloud',
      name: 'example',
      carries: CRD,
    });
    server.use(
      http.get(`${API}/platforms/demo/destinations/worker-1/health`, () =>
        HttpResponse.json(health),
      ),
    );
    render();
    expect(
      await screen.findByText(
        'CustomResourceDefinition elasticsearches.elasticsearch.k8s.elastic.co',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', {
        name: 'elastic-cloud request default/example',
      }),
    ).toHaveAttribute(
      'href',
      '/kratix/platforms/demo/requests/default/elastic-cloud/example',
    );
  });

  it('says plainly when Kratix has pruned older runs', async () => {
    server.use(
      http.get(`${R}/runs`, () =>
        HttpResponse.json({
          items: [
            fx.run(
              'kratix-elastic-cloud-second-request-resource-configure-new01',
              {
                request: 'second-request',
                startedMinutesAgo: 1,
                state: 'succeeded',
              },
            ),
          ],
          errors: [],
          retention: {
            keptPerPipeline: 5,
            atLimit: ['resource.configure/resource-configure'],
            prunedSeen: 4,
            watchingSince: '2026-12-04T18:00:00Z',
          },
        }),
      ),
    );
    render();
    expect(await screen.findByTestId('kratix-runs-pruned')).toHaveTextContent(
      /Kratix keeps the newest 5 runs of each pipeline and deletes older ones, with their Pods and logs\. 4 older runs were pruned \(seen since .+\)\./,
    );
  });

  const liveRunHandler = (counts: { runs: number }) =>
    http.get(`${R}/runs`, () => {
      counts.runs += 1;
      const running = counts.runs === 1;
      return HttpResponse.json({
        items: [
          fx.run(
            'kratix-elastic-cloud-second-request-resource-configure-live1',
            {
              request: 'second-request',
              startedMinutesAgo: 0.2,
              state: running ? 'running' : 'succeeded',
              runningAt: running ? 'pipeline-stage-0' : undefined,
            },
          ),
        ],
        errors: [],
      });
    });

  it('with signals: refetches what a signal names, never polls, and says changes are pushed', async () => {
    const counts = { runs: 0, placement: 0 };
    server.use(
      liveRunHandler(counts),
      http.get(`${R}/placement`, () => {
        counts.placement += 1;
        return undefined; // on to the demo handler
      }),
    );
    const signals = new FakeSignalApi();
    render({ signals });
    expect(await screen.findByTestId('kratix-live')).toHaveTextContent(
      'Live · pushed',
    );
    expect(
      screen.getByRole('button', { name: 'Log of pipeline-stage-0' }),
    ).toHaveTextContent('Follow log');
    const channel = 'kratix:request:demo:default:elastic-cloud:second-request';
    expect(signals.channels()).toContain(channel);
    await waitFor(() => expect(counts.placement).toBe(1));
    // No polling: longer than the old 3 s interval, nothing more.
    await new Promise(r => setTimeout(r, 3500));
    expect(counts.runs).toBe(1);

    // A placement change loads the placement only.
    await act(async () => signals.changed(channel, ['placement']));
    await waitFor(() => expect(counts.placement).toBe(2));
    expect(counts.runs).toBe(1);

    // A run's change loads the request and its runs, not the placement.
    await act(async () => signals.changed(channel, ['runs', 'logs']));
    await waitFor(() =>
      expect(screen.queryByTestId('kratix-live')).not.toBeInTheDocument(),
    );
    expect(counts.runs).toBe(2);
    expect(counts.placement).toBe(2);
  });

  it('without signals: polls slowly while a pipeline runs, and says so', async () => {
    const counts = { runs: 0 };
    server.use(liveRunHandler(counts));
    render();
    expect(await screen.findByTestId('kratix-live')).toHaveTextContent(
      'Live · refreshing every 30 s',
    );
    await new Promise(r => setTimeout(r, 3500));
    expect(counts.runs).toBe(1);
  });

  it('says the user lacks the permission when the backend answers 403', async () => {
    server.use(
      http.get(R, () =>
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
        /You do not have permission to see elastic-cloud request default\/second-request/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Missing permission kratix.resource.read/),
    ).toBeInTheDocument();
  });

  it('shows only the operations the user may run, and runs them', async () => {
    const posted: string[] = [];
    server.use(
      http.post(`${R}/rerun`, () => {
        posted.push('rerun');
        return HttpResponse.json({
          operation: 'rerun',
          message:
            'Kratix re-runs the resource.configure workflow of elastic-cloud request default/second-request',
        });
      }),
    );
    const { alertApi } = render({
      allow: ['kratix.resource.read', 'kratix.resource.rerun'],
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Re-run' }));
    await waitFor(() => expect(posted).toEqual(['rerun']));
    expect(
      screen.queryByRole('button', { name: 'Pause' }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Delete' }),
    ).not.toBeInTheDocument();
    await waitFor(() =>
      expect(alertApi.getAlerts().map(a => a.message)).toEqual([
        'Kratix re-runs the resource.configure workflow of elastic-cloud request default/second-request',
      ]),
    );
  });

  it('asks before deleting, and deletes only when confirmed', async () => {
    const deleted: string[] = [];
    server.use(
      http.delete(R, () => {
        deleted.push('second-request');
        return HttpResponse.json(
          { operation: 'delete', message: 'Kratix runs the delete workflow' },
          { status: 202 },
        );
      }),
    );
    const onDeleted = jest.fn();
    render({ onDeleted });
    fireEvent.click(await screen.findByRole('button', { name: 'Delete' }));
    const dialog = await screen.findByRole('dialog');
    expect(
      within(dialog).getByText(
        'Delete elastic-cloud request default/second-request?',
      ),
    ).toBeInTheDocument();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(deleted).toEqual([]);

    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    fireEvent.click(
      within(await screen.findByRole('dialog')).getByRole('button', {
        name: 'Delete',
      }),
    );
    await waitFor(() => expect(onDeleted).toHaveBeenCalled());
    expect(deleted).toEqual(['second-request']);
  });
});
