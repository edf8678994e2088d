import type { KubeObject } from '@kratix-backstage/plugin-kratix-node';
import {
  type BehaviourFn,
  METADATA_ANNOTATIONS,
  scenarioBehaviour,
  workshopScenario,
} from '@kratix-backstage/kratix-simulation';

/**
 * Annotation on a request (value `"true"`) that makes the workflow-control file its
 * `testenv.kratix.io/workflow-control` annotation asks for a one-off: the stage writes
 * `/kratix/metadata/workflow-control.yaml` only while the request has not been suspended
 * before. Kratix's update-status records a suspension in
 * `status.kratix.workflows.suspendedGeneration` (and keeps it, and the pipeline's
 * `attempts`, until the workflow completes), so the run after a resume, or after the
 * retry time, completes: what a stage that waits for an approval or for a slow
 * dependency does.
 *
 * @public
 */
export const WORKFLOW_CONTROL_ONCE_ANNOTATION =
  'testenv.kratix.io/workflow-control-once';

/** Whether Kratix has suspended this object's workflow before (and not completed it since). */
export function suspendedBefore(object: KubeObject): boolean {
  const workflows = object.status?.kratix?.workflows;
  if (!workflows) return false;
  if (workflows.suspendedGeneration) return true;
  const pipelines: any[] = [
    ...(workflows.pipelines ?? []),
    ...(workflows.configure?.pipelines ?? []),
  ];
  return pipelines.some(p => p?.phase === 'Suspended' || p?.attempts);
}

/**
 * The test environment's pipeline behaviour: the shared scenario behaviour (outputs,
 * logs, `status.yaml`, destination selectors, workflow control and failures from the
 * request's `testenv.kratix.io/*` annotations), plus
 * {@link WORKFLOW_CONTROL_ONCE_ANNOTATION}. The real Kratix's pipeline runner and the
 * simulator both play it.
 *
 * @public
 */
export function testenvBehaviour(
  base: BehaviourFn = scenarioBehaviour(workshopScenario),
): BehaviourFn {
  return (promise, request) => {
    const behaviour = base(promise, request);
    const annotations = request.metadata.annotations ?? {};
    if (
      behaviour.workflowControl &&
      annotations[METADATA_ANNOTATIONS.workflowControl] !== undefined &&
      annotations[WORKFLOW_CONTROL_ONCE_ANNOTATION] === 'true' &&
      suspendedBefore(request)
    ) {
      const { workflowControl: _once, ...rest } = behaviour;
      return rest;
    }
    return behaviour;
  };
}
