export { kratixApiRef } from './KratixApi';
export type {
  KratixApi,
  KratixHealth,
  KratixObjectRef,
  KratixOperationTarget,
  KratixRequestRef,
  KratixStageLogRef,
  StageLogOptions,
  StageLogText,
} from './KratixApi';
export { KratixClient } from './KratixClient';
