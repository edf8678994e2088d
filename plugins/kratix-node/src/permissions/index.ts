export type { KratixRequestFilter, KratixRequestResource } from './types';
export { normalizeEntityRef } from './entityRefs';
export {
  type KratixRequestPermissionRule,
  kratixRequestPermissionResourceRef,
  kratixRequestPermissionRules,
  ownerOf,
  requesterOf,
} from './rules';
export {
  kratixRequestConditions,
  createKratixRequestConditionalDecision,
} from './conditions';
