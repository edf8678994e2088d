import type { KratixCondition } from './types';

/**
 * The object a condition was read from.
 *
 * @public
 */
export type ConditionSubject =
  | 'request'
  | 'promise'
  | 'work'
  | 'workplacement'
  | 'destination'
  | 'statestore'
  | 'binding';

type Hint = string | ((c: KratixCondition, on: ConditionSubject) => string);

const owner = (on: ConditionSubject) =>
  on === 'promise' ? 'the Promise' : 'the request';

/**
 * One line on what to do next, by Kratix's reason. Kratix's own reason and message are
 * always shown beside it, verbatim; this only adds the next step. Both spellings of a
 * reason Kratix's docs and code disagree on are covered.
 */
const HINTS: Record<string, Hint> = {
  PausedReconciliation: (_c, on) =>
    `Kratix skips ${owner(
      on,
    )} while it carries kratix.io/paused: "true"; resume it to reconcile again.`,
  WorkflowSuspended: (_c, on) =>
    `A pipeline stage suspended the workflow (workflow-control.yaml); read its message, then resume the workflow or wait for the retry time of ${owner(
      on,
    )}.`,
  DeleteWorkflowSuspended:
    'A delete pipeline stage suspended deletion; resume the workflow to let Kratix finish deleting.',
  DeleteWorkflowFailed:
    'The delete pipeline failed, so Kratix keeps the object and its finalizer; open the failed stage log, fix the cause, then re-run.',
  ConfigureWorkflowFailed:
    'A configure pipeline failed: open the failed run and its stage log, fix the input or the Promise, then re-run.',
  PipelinesInProgress:
    'The configure pipelines are running; their stages and logs are under Pipeline runs.',
  WorkflowPending: 'Kratix has started the workflow; wait for its pipelines.',
  WorksPending:
    'The pipelines wrote their output; Kratix is scheduling and writing it to Destinations (see Placement).',
  WorksFailing:
    'A Work failed to be written or is misplaced: the Works succeeded condition names it; its WorkPlacements under Placement say why.',
  WorksMisplaced:
    'A Destination no longer matches the selectors of work placed on it: relabel the Destination or change the selectors.',
  UnscheduledWorkloads:
    "No Destination matches the workload selectors: add a Destination with matching labels, or change the Promise's destinationSelectors or the pipeline's destination-selectors.yaml.",
  UnscheduledWorkloadGroups:
    "No Destination matches the workload selectors: add a Destination with matching labels, or change the Promise's destinationSelectors or the pipeline's destination-selectors.yaml.",
  DestinationSelectorMismatch:
    "The Destination's labels changed after placement and no longer match the selectors; Kratix keeps the files there. Relabel the Destination or change the selectors.",
  Misplaced:
    'The Destination no longer matches the selectors; see the WorkPlacement for which one.',
  FailedToScheduleWorkloads:
    'Kratix could not create or update a WorkPlacement; see the Kratix controller log.',
  WorkplacementsFailing:
    "Kratix could not write to a Destination's state store: check the WorkPlacement's WriteSucceeded message and the state store's credentials.",
  WorkloadsFailedWrite:
    "The state store refused the write: check the state store's Ready condition, URL and secret.",
  PromiseRequirementsNotInstalled:
    'The Promise this request uses is waiting for its required Promises; install them (see the Promise page).',
  RequirementsNotInstalled:
    'Install the required Promises (at the versions listed) for this Promise to become available.',
  RequirementsNotAvailable:
    'A required Promise is installed but not Available; fix that Promise first.',
  PromiseUnavailable:
    'Requests of this Promise wait until it is Available: check its other conditions.',
  StateStoreNotReady:
    "The Destination's state store is not ready: check its URL, branch or bucket, and secret.",
  StateStoreNotFound:
    'The Destination names a state store that does not exist: create it or fix stateStoreRef.',
  StateStoreWriteFailed:
    "Kratix could not write its test documents to the state store: check the state store's credentials and permissions.",
  DestinationNotReady:
    "Kratix has not yet written the Destination's test documents; wait, then check its state store.",
  SecretNotFound:
    'Create the secret the state store names, in the namespace it names.',
  ErrorValidatingPermissions:
    "The state store's credentials cannot write: give them write access to the repository or bucket.",
  UpgradeFailed:
    "The request's workflows failed at the new Promise version; Kratix keeps the last applied version. Check the failed run, then re-run or pin the previous version.",
  UpgradeInProgress:
    'Kratix is moving the request to a new Promise version; its configure workflow is running.',
  Unpaused: 'Kratix is reconciling again after a pause.',
};

/**
 * One line on what to do next about a condition that is not healthy, or `undefined`
 * when there is nothing to do (a True condition of the kinds Kratix writes, or a reason
 * this product does not know).
 *
 * @public
 */
export function conditionHint(
  condition: KratixCondition,
  on: ConditionSubject = 'request',
): string | undefined {
  if (condition.status === 'True' && condition.reason !== 'Misplaced') {
    return undefined;
  }
  const hint = condition.reason ? HINTS[condition.reason] : undefined;
  if (!hint) return undefined;
  return typeof hint === 'function' ? hint(condition, on) : hint;
}
