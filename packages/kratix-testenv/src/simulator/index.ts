export { KratixSimulator, settled } from './KratixSimulator';
export type { SimulatorOptions, SimulatorTarget } from './KratixSimulator';
export { scenarioBehaviour } from '@kratix-backstage/kratix-simulation';
export type {
  BehaviourFn,
  RequestBehaviour,
} from '@kratix-backstage/kratix-simulation';
