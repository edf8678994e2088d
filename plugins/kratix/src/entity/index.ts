export {
  isKratixDestination,
  isKratixEntity,
  isKratixPromise,
  isKratixResource,
  kratixEntityTarget,
  kratixEntityType,
  type KratixEntityTarget,
} from './kratixEntity';
export { useEntityTarget, type ResolvedEntityTarget } from './useEntityTarget';
