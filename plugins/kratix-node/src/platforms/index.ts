export type {
  CreateRequestOptions,
  KratixClusterSource,
  KratixEventKind,
  KratixImpersonation,
  KratixOptionalKinds,
  KratixObjectEvent,
  KratixTarget,
  KubeEventType,
  LogOptions,
  LogRead,
  MetadataPatch,
  KratixWriteOptions,
  WorkerClusterSource,
} from './sources';
export type {
  KratixDryRunMode,
  KratixImpersonationConfig,
  KratixPlatform,
  KratixPlatformProvider,
  KratixPlatforms,
  KratixWorker,
  KratixWriteAs,
} from './types';
export { kratixPlatformsOf } from './kratixPlatformsOf';
export {
  kratixClusterAuthStrategyServiceRef,
  kratixPlatformProviderServiceRef,
  kratixPlatformsServiceRef,
} from './serviceRefs';
export type { KratixClusterAuthStrategy } from './serviceRefs';
export {
  KratixClusterError,
  KubeHttpError,
  toKratixClusterError,
} from './errors';
export { loadWorkerJudgment } from './loadWorkerJudgment';
