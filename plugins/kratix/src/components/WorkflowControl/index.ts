export { WorkflowControlNotice } from './WorkflowControlNotice';
