export { StateStatus } from './StateStatus';
export { stateTone, workerState, type StateTone } from './stateTone';
