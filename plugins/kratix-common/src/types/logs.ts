/**
 * Why a stage's logs cannot be shown.
 *
 * - `kubelet-unreachable`: the API server could not reach the node's kubelet (no
 *   kubelet answers, as on simulated nodes);
 * - `container-not-started`: the container has not run (yet), or was skipped;
 * - `pod-gone`: the Pod was deleted (Kratix keeps only the last Jobs);
 * - `forbidden`: the platform's credentials may not read Pod logs;
 * - `unreachable`: the platform's API server did not answer;
 * - `unknown`: anything else.
 *
 * @public
 */
export type LogsUnavailableReason =
  | 'kubelet-unreachable'
  | 'container-not-started'
  | 'pod-gone'
  | 'forbidden'
  | 'unreachable'
  | 'unknown';

/**
 * The typed answer of the logs route when there are no logs to stream.
 *
 * @public
 */
export interface LogsUnavailable {
  logsUnavailable: true;
  platform: string;
  namespace: string;
  pod: string;
  container: string;
  reason: LogsUnavailableReason;
  message: string;
  statusCode?: number;
}
