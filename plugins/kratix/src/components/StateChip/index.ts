export { StateChip } from './StateChip';
export { stateTone, workerState, type StateTone } from './stateTone';
