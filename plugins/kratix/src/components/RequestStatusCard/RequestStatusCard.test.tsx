import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import {
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import * as fx from '../../__testUtils__/fixtures';
import { FreshPermissions } from '../../__testUtils__/FreshPermissions';
import { API, kratixTestApis } from '../../__testUtils__/testApis';
import { rootRouteRef } from '../../routes';
import { RequestStatusCard } from './RequestStatusCard';

const R = `${API}/platforms/demo/requests/default/elastic-cloud/db-approval`;

describe('RequestStatusCard', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const render = (
    request = fx.troubledRequest(),
    allow: string[] | 'all' = 'all',
    onOperation = jest.fn(),
  ) => {
    const { apis, alertApi } = kratixTestApis({ allow });
    return {
      alertApi,
      onOperation,
      ...renderInTestApp(
        <FreshPermissions>
          <RequestStatusCard request={request} onOperation={onOperation} />
        </FreshPermissions>,
        {
          apis,
          mountedRoutes: { '/kratix': convertLegacyRouteRef(rootRouteRef) },
        },
      ),
    };
  };

  it("shows a workflow waiting to retry with the stage's message, attempts and next retry", async () => {
    render();
    const control = within(
      await screen.findByRole('region', { name: 'Workflow control' }),
    );
    expect(control.getByText('Waiting to retry')).toBeInTheDocument();
    expect(
      screen.getByTestId('kratix-workflow-control-message'),
    ).toHaveTextContent(/^waiting for approval from the DBA team$/);
    expect(
      control.getByText(/^Attempt 3 · Next retry in 4m \(.+\)$/),
    ).toBeInTheDocument();
    expect(
      control.getByText(/The configure workflow, at pipeline/),
    ).toHaveTextContent(
      'The configure workflow, at pipeline approval: a stage asked Kratix to run it again later.',
    );
  });

  it('resumes the workflow for users who may re-run', async () => {
    const posted: string[] = [];
    server.use(
      http.post(`${R}/resume-workflow`, () => {
        posted.push('resume-workflow');
        return HttpResponse.json({
          operation: 'resume-workflow',
          message:
            'Kratix resumes the workflow of elastic-cloud request default/db-approval',
        });
      }),
    );
    const { alertApi, onOperation } = render();
    fireEvent.click(
      await screen.findByRole('button', { name: 'Resume workflow' }),
    );
    await waitFor(() => expect(posted).toEqual(['resume-workflow']));
    await waitFor(() =>
      expect(alertApi.getAlerts().map(a => a.message)).toEqual([
        'Kratix resumes the workflow of elastic-cloud request default/db-approval',
      ]),
    );
    expect(onOperation).toHaveBeenCalledWith('resume-workflow');
  });

  it('hides Resume workflow without kratix.resource.rerun, and when nothing is suspended', async () => {
    render(fx.troubledRequest(), ['kratix.resource.read']);
    await screen.findByRole('region', { name: 'Workflow control' });
    expect(
      screen.queryByRole('button', { name: 'Resume workflow' }),
    ).not.toBeInTheDocument();
  });

  it('shows no workflow control for a request nothing suspended', async () => {
    render(fx.request('example'));
    await screen.findByText('Kratix status');
    await screen.findByRole('button', { name: 'Re-run' });
    expect(
      screen.queryByRole('region', { name: 'Workflow control' }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Resume workflow' }),
    ).not.toBeInTheDocument();
    expect(
      screen.getByText(
        'No health checks report on this request (no HealthRecords).',
      ),
    ).toBeInTheDocument();
  });

  it('shows the health roll-up and each record with its last run and details', async () => {
    render();
    expect(
      await screen.findByTestId('kratix-request-health'),
    ).toHaveTextContent('degraded');
    // One item per record (each record's details are a list of their own).
    const records = Array.from(
      screen.getByRole('list', { name: 'Health records' }).children,
    ) as HTMLElement[];
    expect(records).toHaveLength(1);
    const record = within(records[0]);
    expect(record.getByText('degraded')).toBeInTheDocument();
    expect(record.getByText('ran 2m ago')).toBeInTheDocument();
    expect(record.getByText('default/db-approval-health')).toBeInTheDocument();
    expect(records[0]).toHaveTextContent('replicas: 1/3 ready');
    expect(records[0]).toHaveTextContent('region: eu-west-1');
  });

  it("shows the Promise version, the binding's upgrade condition with the next step, and the Destinations", async () => {
    render();
    const version = within(
      await screen.findByRole('table', { name: 'Promise version' }),
    );
    expect(
      version.getAllByRole('row').map(r =>
        within(r)
          .getAllByRole('cell')
          .map(c => c.textContent),
      ),
    ).toEqual([
      ['Bound to (desired)', 'latest'],
      ['Last applied version', 'v0.1.0'],
      ['Failed version', 'v0.2.0'],
      ['ResourceBinding', 'db-approval-binding'],
    ]);
    const explained = screen
      .getAllByTestId('kratix-condition-explained')
      .map(e => e.textContent);
    expect(explained).toEqual([
      'Reconciled: WorkflowSuspended · Workflow suspended: waiting for approval from the DBA team' +
        'What to do: A pipeline stage suspended the workflow (workflow-control.yaml); read its message, then resume the workflow or wait for the retry time of the request.',
      'Upgrade succeeded: UpgradeFailed · configure workflow failed at v0.2.0' +
        "What to do: The request's workflows failed at the new Promise version; Kratix keeps the last applied version. Check the failed run, then re-run or pin the previous version.",
    ]);
    const destinations = within(
      screen.getByRole('list', { name: 'Destinations' }),
    );
    expect(
      destinations
        .getAllByRole('link')
        .map(l => [l.textContent, l.getAttribute('href')]),
    ).toEqual([
      ['worker-1', '/kratix/platforms/demo/destinations/worker-1'],
      ['worker-2', '/kratix/platforms/demo/destinations/worker-2'],
    ]);
  });
  it("says a request is failing on the worker that refuses its output, with Flux's message", async () => {
    render(
      fx.request('second-request', {
        state: 'failing',
        stateReason: 'worker',
        worker: {
          state: 'failing',
          destinations: [
            {
              destination: 'worker-1',
              state: 'failing',
              kustomization: 'flux-system/kratix-worker-resources',
              message: fx.DUPLICATE_CRD_MESSAGE,
            },
          ],
        },
      }),
    );
    expect(await screen.findByText('failing on worker-1')).toBeInTheDocument();
    expect(screen.getByTestId('kratix-request-message')).toHaveTextContent(
      'Resource requested',
    );
    expect(
      screen.getByTestId('kratix-request-worker-worker-1'),
    ).toHaveTextContent(
      `On worker-1: failing — ${fx.DUPLICATE_CRD_MESSAGE} (Kustomization flux-system/kratix-worker-resources)`,
    );
  });
});
