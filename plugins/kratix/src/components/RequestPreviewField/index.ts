export { RequestPreviewField } from './RequestPreviewField';
export type { RequestPreviewUiOptions } from './RequestPreviewField';
