import type { KratixApiError } from './errors';
/**
 * The state of a pipeline run or of one of its stages.
 *
 * @public
 */
export type PipelineState =
  | 'pending'
  | 'running'
  | 'succeeded'
  | 'failed'
  | 'skipped';

/**
 * One container of a pipeline Pod, in the order Kratix runs them: `reader`, the
 * Promise's own stages, `work-writer`, then `status-writer`.
 *
 * @public
 */
export interface PipelineStage {
  name: string;
  /** `kratix` for the containers Kratix adds, `pipeline` for the Promise's own. */
  origin: 'kratix' | 'pipeline';
  image?: string;
  state: PipelineState;
  exitCode?: number;
  startedAt?: string;
  finishedAt?: string;
  durationMs?: number;
  /** Kubernetes' reason, e.g. `Completed`, `Error`, `OOMKilled`, `ImagePullBackOff`. */
  reason?: string;
  message?: string;
  restartCount: number;
}

/**
 * One run of a pipeline: a Job Kratix created, its latest Pod and the stages in it.
 *
 * @public
 */
export interface PipelineRun {
  platform: string;
  demo?: boolean;
  /** The Job's name. */
  name: string;
  namespace: string;
  promise: string;
  pipeline: string;
  workflowType: 'resource' | 'promise';
  workflowAction: 'configure' | 'delete';
  /** The resource request the run is for (resource workflows). */
  resource?: { name: string; namespace: string };
  state: PipelineState;
  createdAt?: string;
  startedAt?: string;
  finishedAt?: string;
  durationMs?: number;
  reason?: string;
  message?: string;
  /** The Pod whose stages are shown (the latest attempt), when one exists. */
  pod?: string;
  /** How many Pods the Job created. */
  attempts: number;
  stages: PipelineStage[];
}

/**
 * Kratix deletes all but the newest Jobs of each pipeline (`numberOfJobsToKeep`, 5 by
 * default), so a request's or Promise's older runs disappear. What the runs answer
 * knows about that.
 *
 * @public
 */
export interface RunRetention {
  /** How many runs of each pipeline Kratix keeps (its default, 5, unless configured). */
  keptPerPipeline: number;
  /** Pipelines holding as many runs as Kratix keeps: their older runs were (or will be) pruned. */
  atLimit: string[];
  /** Runs of this object the backend saw Kratix delete while it watched. */
  prunedSeen: number;
  /** Since when the backend has watched (it forgets at restart). */
  watchingSince: string;
}

/**
 * The runs of a request or Promise, and what Kratix has pruned of them.
 *
 * @public
 */
export interface PipelineRunsResponse {
  items: PipelineRun[];
  errors: KratixApiError[];
  retention?: RunRetention;
}
