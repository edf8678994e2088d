import type { KratixCondition } from './conditions';
import type { WorkflowAction, WorkflowControlState } from './workflowControl';
import type { PromiseRevisionSummary } from './versions';

/**
 * The API a Promise offers: the kind of its resource requests.
 *
 * @public
 */
export interface PromiseApiSummary {
  group: string;
  version: string;
  kind: string;
  /** The REST plural; absent when only the Promise's status names the kind. */
  plural?: string;
  /** `group/version`, as a request's `apiVersion`. */
  apiVersion: string;
}

/**
 * Counters of a workflow's pipelines, as Kratix keeps them in `status`.
 *
 * @public
 */
export interface WorkflowCounters {
  count: number;
  succeeded: number;
  failed: number;
}

/**
 * A Pipeline of a Promise workflow, with its own containers in order.
 *
 * @public
 */
export interface PipelineDefinition {
  name: string;
  containers: Array<{ name: string; image: string }>;
}

/**
 * A pipeline's last known phase, from `status.kratix.workflows.pipelines` (Kratix up to
 * September 2026) or `status.kratix.workflows.<configure|delete>.pipelines` (kratix
 * PR #933 onwards).
 *
 * @public
 */
export interface PipelinePhase {
  name: string;
  /** The workflow it belongs to (always `configure` in the older layout). */
  workflow: WorkflowAction;
  /** Kratix's phase, verbatim: Pending, Running, Succeeded, Failed or Suspended. */
  phase: string;
  /** The `kratix.io/hash` of the pipeline's last run (newer layout only). */
  hash?: string;
  lastTransitionTime?: string;
  message?: string;
  nextRetryAt?: string;
  attempts?: number;
}

/**
 * A Promise as listed.
 *
 * @public
 */
export interface PromiseSummary {
  platform: string;
  /** True when the data comes from the built-in demo platform. */
  demo?: boolean;
  name: string;
  version?: string;
  /** `status.status`: `Available` or `Unavailable`. */
  status: string;
  message?: string;
  /** Whether the Promise is reconciled, failing or pending (its `Reconciled` condition). */
  reconciled: 'True' | 'False' | 'Unknown';
  paused: boolean;
  deleting: boolean;
  api?: PromiseApiSummary;
  destinationSelectors: Array<{ matchLabels: Record<string, string> }>;
  conditions: KratixCondition[];
  workflows: WorkflowCounters;
  /** A workflow a stage suspended or asked to retry, when one is. */
  workflowControl?: WorkflowControlState;
  labels: Record<string, string>;
  createdAt?: string;
}

/**
 * A Promise with its API schema, workflows and requirements.
 *
 * @public
 */
export interface PromiseDetail extends PromiseSummary {
  /** The OpenAPI v3 schema of the request kind's stored version. */
  apiSchema?: Record<string, unknown>;
  workflows: WorkflowCounters & {
    resource: { configure: PipelineDefinition[]; delete: PipelineDefinition[] };
    promise: { configure: PipelineDefinition[]; delete: PipelineDefinition[] };
    pipelineNamespace?: string;
    reconciliationInterval?: string;
  };
  /** Configure pipelines in order, then delete pipelines in order. */
  pipelines: PipelinePhase[];
  /**
   * The Promise's PromiseRevisions, newest first, with how many requests each serves;
   * absent where the platform has no PromiseRevision kind.
   */
  revisions?: PromiseRevisionSummary[];
  requiredPromises: Array<{ name: string; version?: string; state?: string }>;
  requiredBy: Array<{
    name: string;
    version?: string;
    requiredVersion?: string;
  }>;
}
