export { PromiseRevisionsCard } from './PromiseRevisionsCard';
