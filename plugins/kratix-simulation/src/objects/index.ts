export { generateObjectName } from './hash';
export { requestCrdFromPromise } from './promiseApi';
export { goJson, pipelineJob, workflowHash } from './pipelineJob';
export type { PipelineJobInput } from './pipelineJob';
export {
  ROOT_WORKLOAD_GROUP_ID,
  encodeWorkload,
  stateStoreFilePath,
  workForPipeline,
  workPlacementFor,
} from './work';
export type { WorkInput } from './work';
export * from './status';
export { destinationCanaryFiles } from './destination';
export * from './statusNewer';
