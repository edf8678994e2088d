import { getComponentData } from '@backstage/core-plugin-api';
import {
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import type { FieldExtensionOptions } from '@backstage/plugin-scaffolder-react';
import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { API, kratixTestApis } from './__testUtils__/testApis';

// Each view module records when it is first loaded.
const mockLoaded: string[] = [];
jest.mock('./components/KratixRouter/KratixRouter', () => {
  mockLoaded.push('KratixRouter');
  return jest.requireActual('./components/KratixRouter/KratixRouter');
});
jest.mock('./components/EntityKratixContent/EntityKratixContent', () => {
  mockLoaded.push('EntityKratixContent');
  return jest.requireActual(
    './components/EntityKratixContent/EntityKratixContent',
  );
});
jest.mock('./components/EntityKratixCard/EntityKratixCard', () => {
  mockLoaded.push('EntityKratixCard');
  return jest.requireActual('./components/EntityKratixCard/EntityKratixCard');
});
jest.mock('./components/RequestPreviewField/RequestPreviewField', () => {
  mockLoaded.push('RequestPreviewField');
  return jest.requireActual(
    './components/RequestPreviewField/RequestPreviewField',
  );
});

describe('the entry points load no view until the app shows one', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  // The entry points are imported inside the tests, after mockLoaded exists.
  it('importing both entry points loads none of the views', async () => {
    const alpha = await import('./alpha');
    const legacy = await import('./index');
    expect(alpha.default).toBeDefined();
    expect(legacy.KratixRequestPreviewFieldExtension).toBeDefined();
    expect(legacy.KratixPage).toBeDefined();
    expect(mockLoaded).toEqual([]);
  });

  it("the classic KratixRequestPreview field loads the field's code when a form shows it", async () => {
    server.use(
      http.post(
        `${API}/platforms/demo/promises/elastic-cloud/requests/preview`,
        () =>
          HttpResponse.json({
            platform: 'demo',
            method: 'server-dry-run',
            note: 'The API server checked the request.',
            object: {},
            files: [],
          }),
      ),
    );
    const { KratixRequestPreviewFieldExtension } = await import('./index');
    const options = getComponentData<FieldExtensionOptions>(
      <KratixRequestPreviewFieldExtension />,
      'scaffolder.extensions.field.v1',
    )!;
    expect(options.name).toBe('KratixRequestPreview');
    expect(mockLoaded).toEqual([]);

    const Field = options.component;
    await renderInTestApp(
      <Field
        {...({} as any)}
        schema={{ type: 'null', title: 'What Kratix will write' }}
        uiSchema={{
          'ui:options': { platform: 'demo', promise: 'elastic-cloud' },
        }}
        formContext={{ formData: { name: 'mine', namespace: 'team-a' } }}
        formData={undefined}
        onChange={jest.fn()}
      />,
      { apis: kratixTestApis().apis },
    );
    expect(await screen.findByText('Server-side dry run')).toBeInTheDocument();
    expect(screen.getByTestId('kratix-preview-note')).toHaveTextContent(
      'The API server checked the request.',
    );
    expect(mockLoaded).toEqual(['RequestPreviewField']);
  });
});
