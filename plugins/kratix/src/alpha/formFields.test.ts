import { createExtensionTester } from '@backstage/frontend-test-utils';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import plugin from './plugin';
import { kratixRequestPreviewFormField } from './formFields';

describe('the KratixRequestPreview form field on the new frontend system', () => {
  it('is an extension of the plugin, attached to the scaffolder, loading a form field', async () => {
    // Typed by id: it would not compile if the plugin lacked the extension.
    const extension = plugin.getExtension(
      'scaffolder-form-field:kratix/request-preview',
    ) as unknown as { kind: string; namespace: string; name: string };
    expect([extension.kind, extension.namespace, extension.name]).toEqual([
      'scaffolder-form-field',
      'kratix',
      'request-preview',
    ]);
    const loader = createExtensionTester(kratixRequestPreviewFormField).get(
      FormFieldBlueprint.dataRefs.formFieldLoader,
    );
    const field = await loader();
    expect(field.$$type).toBe('@backstage/scaffolder/FormField');
  });
});
