export { OperationButtons } from './OperationButtons';
export { ResumeWorkflowButton } from './ResumeWorkflowButton';
