import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';

/**
 * The `KratixRequestPreview` field of the scaffolder (`ui:field: KratixRequestPreview`
 * in the last step of the Templates generated for Promises): what Kratix would write for
 * the request the form describes.
 */
export const kratixRequestPreviewFormField = FormFieldBlueprint.make({
  name: 'request-preview',
  params: {
    field: () =>
      import('./requestPreviewFormField').then(m => m.requestPreviewFormField),
  },
});
