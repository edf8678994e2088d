export type { KratixRequestFilter, KratixRequestResource } from './types';
export { normalizeEntityRef } from './entityRefs';
export {
  kratixRequestPermissionResourceRef,
  kratixRequestPermissionRules,
  ownerOf,
  requesterOf,
} from './rules';
export {
  kratixRequestConditions,
  createKratixRequestConditionalDecision,
} from './conditions';
