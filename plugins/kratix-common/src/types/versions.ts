import type { KratixCondition } from './conditions';

/**
 * Which version of its Promise a request is bound to: its ResourceBinding and what
 * Kratix reported for it. Absent where the platform has no ResourceBindings.
 *
 * @public
 */
export interface RequestPromiseVersion {
  /** The ResourceBinding's name. */
  binding?: string;
  /** `spec.version` of the binding: `latest` or a pinned version. */
  desired?: string;
  /** `status.lastAppliedVersion`: the version the request's workflows last completed at. */
  lastAppliedVersion?: string;
  /** `status.failedVersion`: a version whose upgrade failed. */
  failedVersion?: string;
  /** `status.promiseVersion` on the request: the PromiseRevision its last run used. */
  current?: string;
  /** The binding's `UpgradeSucceeded` condition, verbatim. */
  upgrade?: KratixCondition;
}

/**
 * A PromiseRevision: one version of a Promise's spec, and the requests it serves.
 *
 * @public
 */
export interface PromiseRevisionSummary {
  name: string;
  version: string;
  /** `status.latest`. */
  latest: boolean;
  createdAt?: string;
  /** Requests whose binding last applied this version. */
  requests: number;
  /** Requests whose binding asks for this version explicitly (pinned). */
  pinned: number;
  conditions: KratixCondition[];
}
