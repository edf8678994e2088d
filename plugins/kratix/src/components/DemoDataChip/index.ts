export { DemoDataChip } from './DemoDataChip';
