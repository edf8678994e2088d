export { DestinationChips } from './DestinationChips';
