export { OperationButtons } from './OperationButtons';
