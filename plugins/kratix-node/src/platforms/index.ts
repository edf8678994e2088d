export type {
  CreateRequestOptions,
  KratixClusterSource,
  KratixEventKind,
  KratixOptionalKinds,
  KratixObjectEvent,
  KratixTarget,
  KubeEventType,
  LogOptions,
  LogRead,
  MetadataPatch,
  WorkerClusterSource,
} from './sources';
export type {
  KratixDryRunMode,
  KratixPlatform,
  KratixPlatformProvider,
  KratixPlatforms,
  KratixWorker,
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
