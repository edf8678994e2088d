/**
 * An operation a platform engineer can run from Backstage. `resume` lifts a pause
 * (`kratix.io/paused`); `resume-workflow` resumes a workflow a stage suspended
 * (removes `kratix.io/workflow-suspended`).
 *
 * @public
 */
export type KratixOperation =
  | 'rerun'
  | 'pause'
  | 'resume'
  | 'resume-workflow'
  | 'delete';

/**
 * What an operation did, and who did it.
 *
 * @public
 */
export interface OperationResult {
  platform: string;
  demo?: boolean;
  operation: KratixOperation;
  target: {
    kind: string;
    apiVersion: string;
    name: string;
    namespace?: string;
  };
  /** The user (or service) entity ref the operation ran as. */
  by: string;
  at: string;
  /** A sentence saying what happens next. */
  message: string;
}
