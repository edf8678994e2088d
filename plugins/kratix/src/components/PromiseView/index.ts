export { PromiseView } from './PromiseView';
export { PromiseSummaryCard } from './PromiseSummaryCard';
