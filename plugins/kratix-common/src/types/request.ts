import type { KratixCondition } from './conditions';
import type { KratixApiError } from './errors';
import type { PipelinePhase, WorkflowCounters } from './promise';
import type { HealthState, RequestHealth } from './health';
import type { RequestPromiseVersion } from './versions';
import type { WorkflowControlState } from './workflowControl';

/**
 * The state of a resource request at a glance:
 * `ready` (Reconciled), `pending`, `failing`, `paused`, `deleting`.
 *
 * @public
 */
export type ResourceRequestState =
  | 'ready'
  | 'pending'
  | 'failing'
  | 'paused'
  | 'deleting';

/**
 * Whether a worker's Flux applied a request's output: `applied`, `failing` (a
 * Kustomization refuses files or objects of its output), `unknown` (unreachable, still
 * reconciling, or blocked by another request's output).
 *
 * @public
 */
export type WorkerApplyState = 'applied' | 'failing' | 'unknown';

/**
 * What the workers of one Destination did with a request's output.
 *
 * @public
 */
export interface RequestWorkerDestination {
  destination: string;
  state: WorkerApplyState;
  /** Flux's message (failing), or why the state is unknown. */
  message?: string;
  /** `namespace/name` of the Kustomization the message is from. */
  kustomization?: string;
  /** The worker cluster, when it is not named like the Destination. */
  cluster?: string;
}

/**
 * A request judged by what its workers did: `failing` when any Destination is,
 * `applied` when every one is, `unknown` otherwise.
 *
 * @public
 */
export interface RequestWorkerJudgment {
  state: WorkerApplyState;
  destinations: RequestWorkerDestination[];
}

/**
 * Who last ran an operation on an object from Backstage, as recorded on the object.
 *
 * @public
 */
export interface LastOperation {
  operation: string;
  by: string;
  at: string;
}

/**
 * A resource request: an object of the kind a Promise's API defines.
 *
 * @public
 */
export interface ResourceRequest {
  platform: string;
  /** True when the data comes from the built-in demo platform. */
  demo?: boolean;
  promise: string;
  name: string;
  namespace: string;
  apiVersion: string;
  kind: string;
  uid?: string;
  /** Who asked for it (the `backstage.io/kratix-requester` annotation), an entity ref. */
  requester?: string;
  /** Who owns it, when named apart from the requester (the `backstage.io/kratix-owner` annotation). */
  owner?: string;
  state: ResourceRequestState;
  /**
   * Why `state` is what it is, when not from Kratix's own conditions: `worker` when the
   * request is `failing` because a worker's Flux refused its output ({@link ResourceRequest.worker}).
   */
  stateReason?: 'worker';
  /** `status.message` (Kratix's, or the one the pipeline wrote). */
  message?: string;
  conditions: KratixCondition[];
  paused: boolean;
  generation?: number;
  observedGeneration?: number;
  spec: Record<string, unknown>;
  /** The status fields the pipelines wrote through `/kratix/metadata/status.yaml`. */
  statusFields: Record<string, unknown>;
  workflows: WorkflowCounters;
  /** Configure pipelines in order, then delete pipelines in order. */
  pipelines: PipelinePhase[];
  /** A workflow a stage suspended or asked to retry, when one is. */
  workflowControl?: WorkflowControlState;
  /** Its health checks, when it has any. */
  health?: RequestHealth;
  /** The Promise version it is bound to, where the platform has ResourceBindings. */
  version?: RequestPromiseVersion;
  /**
   * The Destinations its workloads were placed on: from its WorkPlacements and, where a
   * newer Kratix writes it, `status.kratix.destinations`. Sorted, without duplicates.
   */
  destinations: string[];
  /**
   * What the worker clusters' Flux did with its output, per Destination with a watched
   * worker; absent when none of its Destinations has one.
   */
  worker?: RequestWorkerJudgment;
  lastSuccessfulConfigureWorkflowTime?: string;
  labels: Record<string, string>;
  createdAt?: string;
  lastOperation?: LastOperation;
}

/**
 * Counts of resource requests, in total and by state, for one Promise of one platform.
 *
 * @public
 */
export interface ResourceRequestPromiseCount {
  platform: string;
  promise: string;
  total: number;
  byState: Partial<Record<ResourceRequestState, number>>;
  /** Requests with health records, by their rolled-up health. */
  byHealth: Partial<Record<HealthState, number>>;
}

/**
 * Counts of resource requests: in total, by state and by Promise (`GET /requests/summary`).
 *
 * @public
 */
export interface ResourceRequestSummary {
  total: number;
  byState: Partial<Record<ResourceRequestState, number>>;
  /** Requests with health records, by their rolled-up health. */
  byHealth: Partial<Record<HealthState, number>>;
  /** Requests whose workflow a stage suspended or asked to retry. */
  suspended: number;
  /** Sorted by platform, then Promise. */
  byPromise: ResourceRequestPromiseCount[];
  errors: KratixApiError[];
}

/**
 * One page of resource requests (`GET /requests` with `limit`, `offset`, `search` or `state`).
 *
 * @public
 */
export interface ResourceRequestPage {
  items: ResourceRequest[];
  errors: KratixApiError[];
  /** How many requests match, before paging. */
  totalCount: number;
}

/**
 * What to page, search and filter resource requests by.
 *
 * @public
 */
export interface ResourceRequestPageOptions {
  platform?: string;
  namespace?: string;
  /** Only the requests of this Promise (by name; with `platform`, of that platform's). */
  promise?: string;
  /** 1 to 500. */
  limit?: number;
  offset?: number;
  /** A case-insensitive substring of the platform, Promise, namespace or name. */
  search?: string;
  state?: ResourceRequestState;
  /** Only requests whose rolled-up health is this one. */
  health?: HealthState;
}
