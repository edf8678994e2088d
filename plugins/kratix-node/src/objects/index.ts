export * from './types';
export { generateObjectName } from './hash';
export {
  readPromiseApi,
  requestCrdFromPromise,
  workflowPipelines,
} from './promiseApi';
export type { PromiseApi } from './promiseApi';
export { goJson, pipelineJob, pipelineNamespace, workflowHash } from './pipelineJob';
export type { PipelineJobInput } from './pipelineJob';
export {
  ROOT_WORKLOAD_GROUP_ID,
  decodeWorkload,
  encodeWorkload,
  stateStoreFilePath,
  workForPipeline,
  workPlacementFor,
} from './work';
export type { WorkInput } from './work';
export * from './status';
export { destinationCanaryFiles } from './destination';
export {
  duplicateResourceIdIn,
  firstDuplicateResource,
  kustomizeResourceId,
  resourceIdsOf,
} from './resourceIds';
