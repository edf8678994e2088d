export {
  FAIL_CONTAINER_ANNOTATION,
  FAIL_EXIT_CODE_ANNOTATION,
  METADATA_ANNOTATIONS,
  scenarioBehaviour,
  scenarioRequestFor,
} from './behaviour';
export type { BehaviourFn, RequestBehaviour } from './behaviour';
