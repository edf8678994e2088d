/**
 * The Kratix frontend plugin: what happened to a Promise or a resource request, and why.
 *
 * For apps on the new frontend system, use the default export of
 * `@kratix-backstage/plugin-kratix/alpha`. Apps on the classic frontend system use the
 * exports below.
 *
 * @packageDocumentation
 */

export {
  EntityKratixCard,
  EntityKratixContent,
  KratixPage,
  kratixPlugin,
  KratixRequestPreviewFieldExtension,
} from './plugin';
export {
  isKratixDestination,
  isKratixEntity,
  isKratixPromise,
  isKratixResource,
} from './entity';
export { kratixApiRef, KratixClient } from './api';
export type {
  KratixApi,
  KratixHealth,
  KratixObjectRef,
  KratixOperationTarget,
  KratixPreviewRequestBody,
  KratixPromiseRef,
  KratixRequestRef,
  KratixStageLogRef,
  StageLogOptions,
  StageLogText,
} from './api';
