export type {
  Condition,
  KratixPipeline,
  KubeObject,
  WorkflowAction,
  WorkflowType,
} from './types';
export { readPromiseApi, workflowPipelines } from './promiseApi';
export type { PromiseApi } from './promiseApi';
export { pipelineNamespace } from './pipelineNamespace';
export { decodeWorkload } from './decodeWorkload';
export {
  duplicateResourceIdIn,
  firstDuplicateResource,
  kustomizeResourceId,
  resourceIdsOf,
} from './resourceIds';
export { hasLabels } from './hasLabels';
export {
  isWorkflowSuspendedLabelled,
  readPipelinePhases,
  readWorkflowControl,
} from './workflowStatus';
export {
  healthRecordTarget,
  readRequestHealth,
  toHealthRecordSummary,
  worstHealthState,
} from './health';
export { WorkerJudgment, kratixKustomizations } from './workerJudgment';
export type {
  WorkerJudgmentDestination,
  WorkerJudgmentWorker,
} from './workerJudgment';
