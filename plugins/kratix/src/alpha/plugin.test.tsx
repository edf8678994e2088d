import type { Entity } from '@backstage/catalog-model';
import {
  registerMswTestHooks,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { createTestEntityPage } from '@backstage/plugin-catalog-react/testUtils';
import { screen, waitFor } from '@testing-library/react';
import { setupServer } from 'msw/node';
import { demoHandlers, kratixTestApis } from '../__testUtils__/testApis';
import { kratixEntityCard } from './entityCards';
import { kratixEntityContent } from './entityContents';
import { kratixPage } from './pages';

const entity = (name: string, annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name, annotations },
  spec: { type: 'kratix-resource', owner: 'guest' },
});

const resourceEntity = entity('second-request', {
  'kratix.io/type': 'resource',
  'kratix.io/platform': 'demo',
  'kratix.io/promise-name': 'elastic-cloud',
  'kratix.io/group': 'workshop.kratix.io',
  'kratix.io/version': 'v1alpha1',
  'kratix.io/kind': 'elastic-cloud',
  'kratix.io/namespace': 'default',
  'kratix.io/name': 'second-request',
});

describe('the Kratix plugin on the new frontend system', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  beforeEach(() => server.use(...demoHandlers()));

  const render = (extensions: Parameters<typeof renderTestApp>[0]) =>
    renderTestApp({ apis: kratixTestApis().apis, ...extensions });

  it("adds a Kratix tab to a request's entity page with its runs, placement and worker health", async () => {
    render({
      extensions: [
        createTestEntityPage({ entity: resourceEntity }),
        kratixEntityContent,
      ],
    });
    expect(
      await screen.findByTestId('kratix-request-message'),
    ).toHaveTextContent('Resource requested');
    expect(await screen.findByText('Pipeline runs')).toBeInTheDocument();
    expect(await screen.findByText('Work placement')).toBeInTheDocument();
    expect(
      await screen.findByText('Worker health: worker-1'),
    ).toBeInTheDocument();
  });

  it('finds the platform by itself when the entity does not name it and there is only one', async () => {
    const { 'kratix.io/platform': _, ...withoutPlatform } =
      resourceEntity.metadata.annotations!;
    render({
      extensions: [
        createTestEntityPage({
          entity: entity('second-request', withoutPlatform),
        }),
        kratixEntityCard,
      ],
    });
    expect(await screen.findByText('Kratix status')).toBeInTheDocument();
    expect(
      await screen.findByTestId('kratix-request-message'),
    ).toHaveTextContent('Resource requested');
  });

  it("adds the Promise's view to a Promise entity", async () => {
    render({
      extensions: [
        createTestEntityPage({
          entity: entity('elastic-cloud', {
            'kratix.io/type': 'promise',
            'kratix.io/platform': 'demo',
            'kratix.io/promise-name': 'elastic-cloud',
          }),
        }),
        kratixEntityContent,
      ],
    });
    expect(
      await screen.findByRole('table', { name: 'API fields' }),
    ).toBeInTheDocument();
    expect(screen.getByText('Promise workflow runs')).toBeInTheDocument();
  });

  it("shows a Destination's readiness in its card", async () => {
    render({
      extensions: [
        createTestEntityPage({
          entity: entity('worker-1', {
            'kratix.io/type': 'destination',
            'kratix.io/platform': 'demo',
            'kratix.io/destination-name': 'worker-1',
          }),
        }),
        kratixEntityCard,
      ],
    });
    expect(await screen.findByText('Destination worker-1')).toBeInTheDocument();
    expect(
      screen.getByText(
        'TestDocumentsWritten: Test documents written to State Store',
      ),
    ).toBeInTheDocument();
  });

  it('adds nothing to entities without kratix.io/type', async () => {
    render({
      extensions: [
        createTestEntityPage({
          entity: entity('other', { 'backstage.io/kubernetes-id': 'x' }),
        }),
        kratixEntityContent,
        kratixEntityCard,
      ],
    });
    expect(await screen.findByTestId('empty-entity-page')).toBeInTheDocument();
  });

  it('names the annotation a Kratix entity lacks', async () => {
    render({
      extensions: [
        createTestEntityPage({
          entity: entity('broken', {
            'kratix.io/type': 'resource',
            'kratix.io/platform': 'demo',
          }),
        }),
        kratixEntityContent,
      ],
    });
    await waitFor(() =>
      expect(document.body).toHaveTextContent(
        'The annotations kratix.io/promise-name, kratix.io/namespace, kratix.io/name are missing',
      ),
    );
  });

  it.each([
    ['/kratix', 'Platform overview'],
    ['/kratix/platforms/demo/promises/elastic-cloud', 'Promise workflow runs'],
    [
      '/kratix/platforms/demo/requests/default/elastic-cloud/second-request',
      'Pipeline runs',
    ],
    ['/kratix/platforms/demo/destinations/worker-1', 'Requests placed here'],
    [
      '/kratix/platforms/demo/nothing-here',
      /There is no Kratix view at this address/,
    ],
  ] as const)('serves %s', async (path, text) => {
    render({ extensions: [kratixPage], initialRouteEntries: [path] });
    expect(await screen.findByText(text)).toBeInTheDocument();
  });
});
