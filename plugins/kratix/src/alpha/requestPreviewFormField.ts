import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { RequestPreviewField } from '../components/RequestPreviewField';

/** The field itself, loaded when the scaffolder first needs its fields. */
export const requestPreviewFormField = createFormField({
  name: 'KratixRequestPreview',
  component: RequestPreviewField,
});
