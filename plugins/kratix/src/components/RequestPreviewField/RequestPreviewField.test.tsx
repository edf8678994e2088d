import {
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { Stepper } from '@backstage/plugin-scaffolder-react/alpha';
import type { RequestPreview } from '@kratix-backstage/plugin-kratix-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { useState } from 'react';
import { API, kratixTestApis } from '../../__testUtils__/testApis';
import { RequestPreviewField } from './RequestPreviewField';

const PREVIEW_URL = `${API}/platforms/demo/promises/elastic-cloud/requests/preview`;

const kratixPreview: RequestPreview = {
  platform: 'demo',
  demo: true,
  method: 'kratix-dry-run',
  note: "Kratix's DryRun ran the Promise's configure pipelines for this request.",
  object: {
    apiVersion: 'workshop.kratix.io/v1alpha1',
    kind: 'elastic-cloud',
    metadata: { name: 'mine', namespace: 'team-a' },
    spec: { enableDataCollection: true },
  },
  files: [
    {
      path: 'kibana.yaml',
      pipeline: 'resource-configure',
      directory: '.',
      content: 'apiVersion: kibana.k8s.elastic.co/v1\nkind: Kibana\n',
    },
    {
      path: 'beats.yaml',
      pipeline: 'resource-configure',
      directory: 'monitoring',
      content: 'kind: Beat\n',
    },
  ],
  summary: '## Would add\n\n- `Kibana` mine',
  dryRun: { name: 'preview-mine', namespace: 'team-a', state: 'completed' },
};

const serverPreview: RequestPreview = {
  platform: 'demo',
  method: 'server-dry-run',
  note: 'The platform has no DryRun controller answering (is featureFlags.dryRun on?): the API server checked the request instead.',
  object: kratixPreview.object,
  files: [],
};

const UI_OPTIONS = { platform: 'demo', promise: 'elastic-cloud' };

describe('RequestPreviewField', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const bodies: unknown[] = [];
  const answer = (preview: RequestPreview | ((body: any) => RequestPreview)) =>
    server.use(
      http.post(PREVIEW_URL, async ({ request }) => {
        const body = await request.json();
        bodies.push(body);
        return HttpResponse.json(
          typeof preview === 'function' ? preview(body) : preview,
        );
      }),
    );
  beforeEach(() => {
    bodies.length = 0;
  });

  const field = (formData: unknown, uiOptions: object = UI_OPTIONS) => (
    <RequestPreviewField
      {...({} as any)}
      schema={{ type: 'null', title: 'What Kratix will write' }}
      uiSchema={{ 'ui:options': uiOptions }}
      formContext={{ formData }}
      formData={undefined}
      onChange={jest.fn()}
    />
  );

  it("shows Kratix's DryRun: the method, its note, Kratix's summary and each file on demand", async () => {
    answer(kratixPreview);
    await renderInTestApp(
      field({
        name: 'mine',
        namespace: 'team-a',
        spec: { enableDataCollection: true },
      }),
      { apis: kratixTestApis().apis },
    );
    expect(await screen.findByText('Kratix DryRun')).toBeInTheDocument();
    expect(screen.getByTestId('kratix-preview-note')).toHaveTextContent(
      "Kratix's DryRun ran the Promise's configure pipelines for this request.",
    );
    expect(bodies).toEqual([
      {
        name: 'mine',
        namespace: 'team-a',
        spec: { enableDataCollection: true },
      },
    ]);
    const summary = within(screen.getByTestId('kratix-preview-summary'));
    expect(
      await summary.findByRole('heading', { name: 'Would add' }),
    ).toBeInTheDocument();
    expect(summary.getByText('Kibana')).toBeInTheDocument();

    expect(
      screen.getByText('Files the pipelines would write (2)'),
    ).toBeInTheDocument();
    const files = within(
      screen.getByRole('list', { name: 'Files the pipelines would write' }),
    );
    expect(
      files
        .getAllByRole('listitem')
        .map(f => f.querySelector('p')?.textContent),
    ).toEqual(['kibana.yaml', 'monitoring/beats.yaml']);
    expect(files.getAllByText('from pipeline resource-configure')).toHaveLength(
      2,
    );
    expect(screen.queryByText(/kind: Kibana/)).toBeNull();
    fireEvent.click(files.getByText('kibana.yaml'));
    expect(
      (await screen.findByText(/kind: Kibana/)).closest('pre'),
    ).toHaveTextContent('apiVersion: kibana.k8s.elastic.co/v1 kind: Kibana');
  });

  it('says when only the API server checked the request, and why', async () => {
    answer(serverPreview);
    await renderInTestApp(field({ name: 'mine', namespace: 'team-a' }), {
      apis: kratixTestApis().apis,
    });
    expect(await screen.findByText('Server-side dry run')).toBeInTheDocument();
    expect(screen.getByTestId('kratix-preview-note')).toHaveTextContent(
      'is featureFlags.dryRun on?',
    );
    expect(
      screen.getByText(
        'None shown: the API server only checks the request; the files come from a Kratix DryRun.',
      ),
    ).toBeInTheDocument();
    expect(bodies).toEqual([{ name: 'mine', namespace: 'team-a', spec: {} }]);
  });

  it("shows a DryRun that failed with Kratix's message", async () => {
    answer({
      ...kratixPreview,
      files: [],
      summary: undefined,
      dryRun: {
        name: 'preview-mine',
        namespace: 'team-a',
        state: 'failed',
        message: 'pipeline resource-configure failed: exit code 1',
      },
    });
    await renderInTestApp(field({ name: 'mine', namespace: 'team-a' }), {
      apis: kratixTestApis().apis,
    });
    expect(
      await screen.findByTestId('kratix-preview-dry-run-message'),
    ).toHaveTextContent(
      'DryRun preview-mine failed: pipeline resource-configure failed: exit code 1',
    );
  });

  it('says what is wrong when the preview fails', async () => {
    server.use(
      http.post(PREVIEW_URL, () =>
        HttpResponse.json(
          {
            error: {
              name: 'NotAllowedError',
              message: 'Missing permission kratix.resource.create',
            },
          },
          { status: 403 },
        ),
      ),
    );
    await renderInTestApp(field({ name: 'mine', namespace: 'team-a' }), {
      apis: kratixTestApis().apis,
    });
    expect(
      await screen.findByText(
        'Info: You do not have permission to see the preview',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Missing permission kratix.resource.create/),
    ).toBeInTheDocument();
  });

  it('asks for nothing until the request has a name and a namespace', async () => {
    answer(kratixPreview);
    await renderInTestApp(field({ namespace: 'team-a' }), {
      apis: kratixTestApis().apis,
    });
    expect(
      screen.getByText(
        'Give the request a name and a namespace first: the preview needs them.',
      ),
    ).toBeInTheDocument();
    await new Promise(r => setTimeout(r, 1000));
    expect(bodies).toEqual([]);
  });

  it('previews again, once, when the inputs change', async () => {
    answer(body => ({ ...kratixPreview, note: `note for ${body.name}` }));
    const Typing = () => {
      const [name, setName] = useState('first');
      return (
        <>
          {field({ name, namespace: 'team-a' })}
          <button onClick={() => setName(n => `${n}x`)}>type</button>
        </>
      );
    };
    await renderInTestApp(<Typing />, { apis: kratixTestApis().apis });
    expect(await screen.findByText('note for first')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'type' }));
    fireEvent.click(screen.getByRole('button', { name: 'type' }));
    expect(await screen.findByText('note for firstxx')).toBeInTheDocument();
    expect(bodies.map(b => (b as { name: string }).name)).toEqual([
      'first',
      'firstxx',
    ]);
  });

  it("works as the generated templates' last step: a null property with ui:field KratixRequestPreview, reading the other steps", async () => {
    answer(kratixPreview);
    const onCreate = jest.fn();
    await renderInTestApp(
      <Stepper
        manifest={{
          title: 'Request elastic-cloud',
          steps: [
            {
              title: 'Name and namespace',
              schema: {
                required: ['name', 'namespace'],
                properties: {
                  name: { type: 'string', title: 'Name' },
                  namespace: { type: 'string', title: 'Namespace' },
                },
              },
            },
            {
              title: 'Preview',
              schema: {
                properties: {
                  preview: {
                    type: 'null',
                    title: 'What Kratix will write',
                    'ui:field': 'KratixRequestPreview',
                    'ui:options': {
                      platform: 'demo',
                      promise: 'elastic-cloud',
                    },
                  },
                },
              },
            },
          ],
        }}
        extensions={[
          { name: 'KratixRequestPreview', component: RequestPreviewField },
        ]}
        initialState={{ name: 'mine', namespace: 'team-a' }}
        onCreate={onCreate}
      />,
      { apis: kratixTestApis().apis },
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Next' }));
    expect(await screen.findByText('Kratix DryRun')).toBeInTheDocument();
    expect(bodies).toEqual([{ name: 'mine', namespace: 'team-a', spec: {} }]);
    fireEvent.click(screen.getByRole('button', { name: 'Review' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Create' }));
    await waitFor(() =>
      expect(onCreate).toHaveBeenCalledWith({
        name: 'mine',
        namespace: 'team-a',
      }),
    );
  });
});
