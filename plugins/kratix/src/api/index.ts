export { kratixApiRef } from './KratixApi';
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
} from './KratixApi';
export { KratixClient } from './KratixClient';
