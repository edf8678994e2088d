export { KratixSimulator, settled } from './KratixSimulator';
export type { SimulatorOptions, SimulatorTarget } from './KratixSimulator';
export { scenarioBehaviour } from '@kratix-backstage/plugin-kratix-node';
export type {
  BehaviourFn,
  RequestBehaviour,
} from '@kratix-backstage/plugin-kratix-node';
