export { KratixSimulator, settled } from './KratixSimulator';
export type { SimulatorOptions, SimulatorTarget } from './KratixSimulator';
export { scenarioBehaviour } from './behaviour';
export type { BehaviourFn, RequestBehaviour } from './behaviour';
