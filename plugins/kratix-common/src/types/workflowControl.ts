/**
 * The two workflows Kratix runs for a request or a Promise.
 *
 * @public
 */
export type WorkflowAction = 'configure' | 'delete';

/**
 * A workflow a stage paused through `/kratix/metadata/workflow-control.yaml`:
 * `suspended` waits for someone to resume it, `waiting-to-retry` is retried by Kratix at
 * `nextRetryAt`.
 *
 * @public
 */
export interface WorkflowControlState {
  state: 'suspended' | 'waiting-to-retry';
  workflow: WorkflowAction;
  /** The pipeline whose stage asked for it (phase `Suspended`). */
  pipeline: string;
  /** The stage's `message`, verbatim. */
  message?: string;
  /** How many times the pipeline has run and asked to retry. */
  attempts?: number;
  nextRetryAt?: string;
  /** Whether the object carries `kratix.io/workflow-suspended: "true"` (what resume removes). */
  labelled: boolean;
  /** `status.kratix.workflows.suspendedGeneration`: the generation it was suspended at. */
  suspendedGeneration?: number;
}
