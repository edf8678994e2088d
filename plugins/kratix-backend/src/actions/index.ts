export { registerKratixActions } from './registerKratixActions';
export type { KratixActionsOptions } from './types';
