/**
 * What went wrong talking to a cluster, as a client can act on it.
 *
 * - `unauthorized`: the cluster rejected the credentials (HTTP 401);
 * - `forbidden`: the credentials may not read or change this (HTTP 403);
 * - `not-found`: the object, or its kind, does not exist (HTTP 404);
 * - `conflict`: the object changed meanwhile (HTTP 409);
 * - `timeout`: the cluster did not answer in time;
 * - `unreachable`: no connection (refused, DNS, TLS);
 * - `unknown`: anything else.
 *
 * @public
 */
export type KratixApiErrorType =
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'timeout'
  | 'unreachable'
  | 'unknown';

/**
 * One cluster's failure inside an answer that still carries the other clusters' data.
 *
 * @public
 */
export interface KratixApiError {
  /** The configured platform the cluster belongs to. */
  platform: string;
  /** The cluster that failed: the platform cluster or one of its workers. */
  cluster?: string;
  type: KratixApiErrorType;
  message: string;
  /** The HTTP status the Kubernetes API server answered, when it answered. */
  statusCode?: number;
}

/**
 * A list gathered from several clusters: what could be read, and which clusters failed.
 *
 * @public
 */
export interface PartialResult<T> {
  items: T[];
  errors: KratixApiError[];
}
