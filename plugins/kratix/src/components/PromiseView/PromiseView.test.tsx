import type { Entity } from '@backstage/catalog-model';
import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import {
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { FreshPermissions } from '../../__testUtils__/FreshPermissions';
import * as fx from '../../__testUtils__/fixtures';
import {
  API,
  demoHandlers,
  kratixTestApis,
} from '../../__testUtils__/testApis';
import { createTemplateRouteRef, rootRouteRef } from '../../routes';
import { PromiseView } from './PromiseView';

const PROMISE_ENTITY: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'demo-elastic-cloud',
      namespace: 'default',
      annotations: {
        'kratix.io/type': 'promise',
        'kratix.io/platform': 'demo',
        'kratix.io/promise-name': 'elastic-cloud',
        'kratix.io/backstage-promise-template': 'request-elastic-cloud',
      },
    },
  },
];

const TEMPLATE: Entity[] = [
  {
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: {
      name: 'elastic-cloud',
      namespace: 'default',
      annotations: {
        'kratix.io/promise-name': 'elastic-cloud',
      },
    },
    spec: {},
  },
];

describe('PromiseView', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  beforeEach(() => server.use(...demoHandlers()));

  const render = (
    options: {
      templates?: boolean;
      promiseEntity?: boolean;
      allow?: string[];
    } = {},
  ) =>
    renderInTestApp(
      <FreshPermissions>
        <PromiseView promiseRef={{ platform: 'demo', name: 'elastic-cloud' }} />
      </FreshPermissions>,
      {
        apis: [
          ...kratixTestApis({ allow: options.allow }).apis,
          catalogApiMock({
            entities: [
              ...(options.promiseEntity ? PROMISE_ENTITY : []),
              ...(options.templates ? TEMPLATE : []),
            ],
          }),
        ],
        mountedRoutes: {
          '/kratix': convertLegacyRouteRef(rootRouteRef),
          '/create/templates/:namespace/:templateName': convertLegacyRouteRef(
            createTemplateRouteRef,
          ) as any,
        },
      },
    );

  it('shows the API as a table, the workflows with their images, selectors and requests', async () => {
    const seen: string[] = [];
    server.events.on('request:start', ({ request }) => {
      const url = new URL(request.url);
      if (url.pathname.includes('/requests')) {
        seen.push(`${url.pathname.replace('/api/kratix', '')}${url.search}`);
      }
    });
    render();
    const api = within(
      await screen.findByRole('table', { name: 'API fields' }),
    );
    expect(api.getAllByRole('row')[1].textContent).toBe(
      'spec.enableDataCollectionbooleanoptionalfalseIf enabled, you will receive tools for metric, log, and trace collection.',
    );
    expect(screen.getByText('Offers')).toHaveTextContent(
      'Offers elastic-cloud (workshop.kratix.io/v1alpha1)',
    );
    expect(
      screen.getByText('kratix-workshop/elastic-pipeline:dev'),
    ).toBeInTheDocument();
    expect(screen.getByText('environment=dev')).toBeInTheDocument();
    expect(screen.getByText('Requires no other Promise.')).toBeInTheDocument();
    expect(
      screen.getByText(
        'This Promise has no promise.configure workflow, so it has no runs of its own.',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('Requests (2)')).toBeInTheDocument();
    // One page at a time, from the server, of this Promise's requests only.
    const requests = within(
      await screen.findByRole('table', { name: 'Requests of elastic-cloud' }),
    );
    await waitFor(() =>
      expect(requests.getAllByRole('link').map(l => l.textContent)).toEqual([
        'example',
        'worker-1',
        'second-request',
        'worker-1',
      ]),
    );
    // Counted by the summary, paged by the server: never the whole list.
    expect(seen).toContain('/requests/summary?platform=demo');
    expect(seen).toContain(
      '/requests?platform=demo&promise=elastic-cloud&limit=20&offset=0',
    );
    expect(seen.filter(p => p.endsWith('/elastic-cloud/requests'))).toEqual([]);
    server.events.removeAllListeners();
    expect(screen.getByRole('button', { name: 'Pause' })).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Delete' }),
    ).not.toBeInTheDocument();
  });

  it('lists its revisions, the suspended promise workflow with Resume workflow, and its pipelines by workflow', async () => {
    const P = `${API}/platforms/demo/promises/elastic-cloud`;
    const posted: string[] = [];
    server.use(
      http.get(P, () =>
        HttpResponse.json({
          ...fx.promise,
          workflowControl: {
            state: 'suspended',
            workflow: 'configure',
            pipeline: 'promise-configure',
            message: 'Install paused: approve the new CRDs first',
            attempts: 1,
            labelled: true,
            suspendedGeneration: 2,
          },
          pipelines: [
            {
              name: 'promise-configure',
              workflow: 'configure',
              phase: 'Suspended',
              message: 'Install paused: approve the new CRDs first',
              attempts: 1,
              hash: 'ffeeddccbbaa',
            },
          ],
          revisions: [
            {
              name: 'elastic-cloud-v0.2.0',
              version: 'v0.2.0',
              latest: true,
              requests: 1,
              pinned: 0,
              conditions: [],
            },
            {
              name: 'elastic-cloud-v0.1.0',
              version: 'v0.1.0',
              latest: false,
              requests: 1,
              pinned: 1,
              conditions: [],
            },
          ],
        }),
      ),
      http.post(`${P}/resume-workflow`, () => {
        posted.push('resume-workflow');
        return HttpResponse.json({
          operation: 'resume-workflow',
          message: 'Kratix resumes the workflow of Promise elastic-cloud',
        });
      }),
    );
    render();
    const revisions = within(
      await screen.findByRole('table', { name: 'Promise revisions' }),
    );
    expect(
      revisions
        .getAllByRole('row')
        .slice(1)
        .map(r =>
          within(r)
            .getAllByRole('cell')
            .map(c => c.textContent),
        ),
    ).toEqual([
      ['v0.2.0 latest', '1', '0', '–', 'elastic-cloud-v0.2.0'],
      ['v0.1.0 ', '1', '1', '–', 'elastic-cloud-v0.1.0'],
    ]);
    const control = within(
      screen.getByRole('region', { name: 'Workflow control' }),
    );
    expect(control.getByText('Suspended')).toBeInTheDocument();
    expect(
      control.getByText('Install paused: approve the new CRDs first'),
    ).toBeInTheDocument();
    expect(
      control.getByText('Attempt 1 · suspended at generation 2'),
    ).toBeInTheDocument();
    expect(
      within(
        screen.getByRole('table', {
          name: 'Pipelines of the configure workflow',
        }),
      ).getByText('ffeeddcc'),
    ).toBeInTheDocument();
    fireEvent.click(control.getByRole('button', { name: 'Resume workflow' }));
    await waitFor(() => expect(posted).toEqual(['resume-workflow']));
  });

  it("links to the Promise's generated Template when the catalog has one", async () => {
    render({ templates: true });
    // A link styled as a button: MUI gives it the button role.
    await waitFor(() =>
      expect(
        screen.getByRole('button', { name: 'Request elastic-cloud' }),
      ).toHaveAttribute('href', '/create/templates/default/elastic-cloud'),
    );
  });

  it('follows the Template the Promise entity names (kratix.io/backstage-promise-template)', async () => {
    render({ promiseEntity: true });
    await waitFor(() =>
      expect(
        screen.getByRole('button', { name: 'Request elastic-cloud' }),
      ).toHaveAttribute(
        'href',
        '/create/templates/default/request-elastic-cloud',
      ),
    );
  });

  it('disables the Template button, saying why, when there is none', async () => {
    render({ allow: ['kratix.resource.read'] });
    expect(
      await screen.findByRole('button', { name: 'Request elastic-cloud' }),
    ).toBeDisabled();
    expect(
      screen.queryByRole('button', { name: 'Re-run' }),
    ).not.toBeInTheDocument();
  });
});
