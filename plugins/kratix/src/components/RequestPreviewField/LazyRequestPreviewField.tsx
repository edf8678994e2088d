import { Progress } from '@backstage/core-components';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { lazy, Suspense } from 'react';
import type { RequestPreviewUiOptions } from './RequestPreviewField';

const RequestPreviewField = lazy(() =>
  import('./RequestPreviewField').then(m => ({
    default: m.RequestPreviewField,
  })),
);

/**
 * The `KratixRequestPreview` field for the classic scaffolder, whose field extensions
 * take a component rather than a loader: the field's code (and what it renders) loads
 * when a form first shows the field, not with the app.
 */
export const LazyRequestPreviewField = (
  props: FieldExtensionComponentProps<unknown, RequestPreviewUiOptions>,
) => (
  <Suspense fallback={<Progress />}>
    <RequestPreviewField {...props} />
  </Suspense>
);
