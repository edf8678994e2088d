/**
 * The Backstage plugin id of the Kratix plugins (`/api/kratix`).
 *
 * @public
 */
export const KRATIX_PLUGIN_ID = 'kratix';

/**
 * The API group of Kratix's own kinds (Promise, Work, WorkPlacement, Destination, ...).
 *
 * @public
 */
export const KRATIX_PLATFORM_GROUP = 'platform.kratix.io';

/**
 * The API version of Kratix's own kinds.
 *
 * @public
 */
export const KRATIX_PLATFORM_VERSION = 'v1alpha1';

/**
 * The namespace Kratix runs Promise workflows in.
 *
 * @public
 */
export const KRATIX_SYSTEM_NAMESPACE = 'kratix-platform-system';

/**
 * Labels and annotations Kratix writes or reads on its objects.
 *
 * @public
 */
export const KRATIX_LABELS = {
  promiseName: 'kratix.io/promise-name',
  resourceName: 'kratix.io/resource-name',
  resourceNamespace: 'kratix.io/resource-namespace',
  workflowType: 'kratix.io/workflow-type',
  workflowAction: 'kratix.io/workflow-action',
  pipelineName: 'kratix.io/pipeline-name',
  hash: 'kratix.io/hash',
  managedBy: 'app.kubernetes.io/managed-by',
  workType: 'kratix.io/work-type',
  work: 'kratix.io/work',
  workloadGroupId: 'kratix.io/workload-group-id',
  targetDestinationName: 'kratix.io/targetDestinationName',
  misplaced: 'kratix.io/misplaced',
  paused: 'kratix.io/paused',
  manualReconciliation: 'kratix.io/manual-reconciliation',
  promiseVersion: 'kratix.io/promise-version',
  workflowSuspended: 'kratix.io/workflow-suspended',
  latestRevision: 'kratix.io/latest-revision',
  dryRun: 'kratix.io/dry-run',
  dryRunSummary: 'kratix.io/dry-run-summary',
  dryRunOwner: 'kratix.io/dry-run-owner',
} as const;

/**
 * Annotations Kratix puts on pipeline Jobs: the object the workflow is for.
 *
 * @public
 */
export const KRATIX_JOB_ANNOTATIONS = {
  resourceNamespace: 'kratix.io/job-resource-namespace',
  resourceName: 'kratix.io/job-resource-name',
  resourceKind: 'kratix.io/job-resource-kind',
  resourceApiVersion: 'kratix.io/job-resource-api-version',
} as const;

/**
 * The containers Kratix adds around a Promise's own pipeline stages.
 *
 * @public
 */
export const KRATIX_CONTAINERS = {
  reader: 'reader',
  workWriter: 'work-writer',
  statusWriter: 'status-writer',
} as const;

/**
 * Annotations the Kratix backend writes on an object when a Backstage user runs an
 * operation on it (re-run, pause, resume), so the cluster itself records who did it.
 *
 * @public
 */
export const KRATIX_BACKSTAGE_ANNOTATIONS = {
  lastOperation: 'backstage.io/kratix-last-operation',
  lastOperationBy: 'backstage.io/kratix-last-operation-by',
  lastOperationAt: 'backstage.io/kratix-last-operation-at',
} as const;

/**
 * The name of the built-in demo platform.
 *
 * @public
 */
export const KRATIX_DEMO_PLATFORM = 'demo';
