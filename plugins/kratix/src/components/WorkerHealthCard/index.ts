export { WorkerHealthCard } from './WorkerHealthCard';
export { failureKeyPart } from './failureKeyPart';
