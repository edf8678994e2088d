export { EntityKratixContent } from './EntityKratixContent';
export { EntityTargetGate } from './EntityTargetGate';
