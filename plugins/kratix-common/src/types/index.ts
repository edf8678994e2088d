export type {
  KratixApiError,
  KratixApiErrorType,
  PartialResult,
} from './errors';
export type { KratixCondition } from './conditions';
export type {
  KratixCacheStatus,
  KratixConnectionType,
  PlatformSummary,
} from './platform';
export type {
  PipelineDefinition,
  PipelinePhase,
  PromiseApiSummary,
  PromiseDetail,
  PromiseSummary,
  WorkflowCounters,
} from './promise';
export type {
  LastOperation,
  RequestWorkerDestination,
  RequestWorkerJudgment,
  ResourceRequest,
  ResourceRequestPage,
  ResourceRequestPageOptions,
  ResourceRequestPromiseCount,
  ResourceRequestState,
  ResourceRequestSummary,
  WorkerApplyState,
} from './request';
export type {
  PipelineRun,
  PipelineRunsResponse,
  PipelineStage,
  PipelineState,
  RunRetention,
} from './pipeline';
export type {
  Placement,
  PlacementState,
  Work,
  WorkloadFile,
  WorkloadGroup,
  WorkPlacement,
} from './placement';
export type {
  Destination,
  DestinationRequest,
  DestinationRequestsResponse,
  StateStoreSummary,
} from './destination';
export type {
  FluxObjectStatus,
  WorkerClusterHealth,
  WorkerHealth,
} from './workerHealth';
export type { LogsUnavailable, LogsUnavailableReason } from './logs';
export type { KratixOperation, OperationResult } from './operations';
export type {
  CreateResourceRequestBody,
  CreateResourceRequestResult,
  ResourceRequestEvent,
} from './requestEvents';
export type { HealthRecordSummary, HealthState, RequestHealth } from './health';
export { HEALTH_STATES_WORST_FIRST } from './health';
export type { WorkflowAction, WorkflowControlState } from './workflowControl';
export type { PromiseRevisionSummary, RequestPromiseVersion } from './versions';
export type { PreviewFile, RequestPreview } from './preview';
