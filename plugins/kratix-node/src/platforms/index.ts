export type {
  CreateRequestOptions,
  KratixClusterSource,
  KratixEventKind,
  KratixObjectEvent,
  KratixTarget,
  KubeEventType,
  LogOptions,
  LogRead,
  MetadataPatch,
  WorkerClusterSource,
} from './sources';
export type {
  KratixPlatform,
  KratixPlatformProvider,
  KratixPlatforms,
  KratixWorker,
} from './types';
export { kratixPlatformsOf } from './kratixPlatformsOf';
export {
  kratixPlatformProviderServiceRef,
  kratixPlatformsServiceRef,
} from './serviceRefs';
export {
  KratixClusterError,
  KubeHttpError,
  toKratixClusterError,
} from './errors';
