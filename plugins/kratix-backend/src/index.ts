/**
 * The Kratix backend plugin: the single place that talks to Kratix platforms.
 *
 * @packageDocumentation
 */

export { kratixPlugin as default } from './plugin';
export { kratixPlatformsServiceRef } from './platforms/kratixPlatformsServiceRef';
export {
  createKratixPlatforms,
  kratixPlatformsOf,
} from './platforms/createKratixPlatforms';
export { createDemoPlatform } from './platforms/createDemoPlatform';
export type {
  KratixPlatform,
  KratixPlatforms,
  KratixWorker,
} from './platforms/types';
export { readKratixConfig } from './config/readKratixConfig';
export type {
  ClusterConnection,
  KratixConfig,
  PlatformConfig,
  WorkerConfig,
} from './config/types';
export type {
  KratixClusterSource,
  KratixEventKind,
  KratixObjectEvent,
  KratixTarget,
  KubeEventType,
  LogOptions,
  LogRead,
  MetadataPatch,
  WorkerClusterSource,
  CreateRequestOptions,
} from './cluster/types';
export { KratixClusterError, toKratixClusterError } from './cluster/errors';
export { createKratixServices } from './services';
export type { KratixServices, OperationTarget, StageLog } from './services';
export {
  DestinationService,
  LogService,
  OperationService,
  PipelineRunService,
  PlacementService,
  PlatformService,
  PromiseService,
  RequestCreationService,
  RequestEventService,
  RequestService,
} from './services';
export type {
  CreatedResourceRequest,
  NewResourceRequest,
} from './services';
export { toPromiseDetail, toPromiseSummary } from './services/mapping/promises';
export { toResourceRequest } from './services/mapping/requests';
export { toPipelineRun, toPipelineRuns } from './services/mapping/pipelineRuns';
export type { PlatformContext } from './services/mapping/common';
export { catalogModuleKratixEntityProvider } from './catalog/catalogModuleKratixEntityProvider';
export { KratixEntityProvider } from './catalog/KratixEntityProvider';
export {
  readCatalogConfig,
  type KratixCatalogConfig,
} from './catalog/readCatalogConfig';
export type { KratixEntityContext } from './catalog/entityContext';
export { toPromiseEntity } from './catalog/toPromiseEntity';
export { toRequestEntity } from './catalog/toRequestEntity';
export { toDestinationEntity } from './catalog/toDestinationEntity';
export { toTemplateEntity } from './catalog/toTemplateEntity';
