export { DestinationView } from './DestinationView';
export { DestinationSummaryCard } from './DestinationSummaryCard';
