/**
 * An operation a platform engineer can run from Backstage.
 *
 * @public
 */
export type KratixOperation = 'rerun' | 'pause' | 'resume' | 'delete';

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
