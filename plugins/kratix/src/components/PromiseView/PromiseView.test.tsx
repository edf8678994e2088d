import type { Entity } from '@backstage/catalog-model';
import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import {
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { screen, waitFor, within } from '@testing-library/react';
import { setupServer } from 'msw/node';
import { FreshPermissions } from '../../__testUtils__/FreshPermissions';
import { demoHandlers, kratixTestApis } from '../../__testUtils__/testApis';
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
    const requests = within(
      screen.getByRole('table', { name: 'Requests of elastic-cloud' }),
    );
    expect(requests.getAllByRole('link').map(l => l.textContent)).toEqual([
      'example',
      'worker-1',
      'second-request',
      'worker-1',
    ]);
    expect(screen.getByRole('button', { name: 'Pause' })).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Delete' }),
    ).not.toBeInTheDocument();
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
