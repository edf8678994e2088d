export { WorkflowPipelines } from './WorkflowPipelines';
