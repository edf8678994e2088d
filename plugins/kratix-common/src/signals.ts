/**
 * What changed, as a Kratix signal says it: the views refetch only the parts these name.
 *
 * - `request`: a resource request (its status, conditions, spec).
 * - `requests`: the requests of a Promise or a platform (one was added, changed or deleted).
 * - `promise`: a Promise or one of its revisions.
 * - `runs`: pipeline Jobs and Pods (runs and stages).
 * - `logs`: a pipeline Pod changed (a container started or ended).
 * - `placement`: Works and WorkPlacements.
 * - `destination`: a Destination.
 * - `health`: HealthRecords.
 * - `worker`: what a worker did with its files (Flux).
 *
 * @public
 */
export type KratixChangeKind =
  | 'request'
  | 'requests'
  | 'promise'
  | 'runs'
  | 'logs'
  | 'placement'
  | 'destination'
  | 'health'
  | 'worker';

/**
 * The message of a Kratix signal: something on the channel changed. It carries no data:
 * a view refetches through the REST API, with its own permissions.
 *
 * @public
 */
export type KratixChangedSignal = {
  type: 'changed';
  /** When the (last) change was seen, ISO 8601. */
  at: string;
  kinds: KratixChangeKind[];
};

/**
 * What a Kratix signal channel is about.
 *
 * @public
 */
export type KratixSignalTarget =
  | {
      type: 'request';
      platform: string;
      namespace: string;
      promise: string;
      name: string;
    }
  | { type: 'promise'; platform: string; name: string }
  | { type: 'destination'; platform: string; name: string }
  | { type: 'platform'; platform: string };

/**
 * The Backstage signals channel of a request, Promise, Destination or platform (the
 * overview): `kratix:request:<platform>:<namespace>:<promise>:<name>`,
 * `kratix:promise:<platform>:<name>`, `kratix:destination:<platform>:<name>`,
 * `kratix:platform:<platform>`.
 *
 * @public
 */
export function kratixSignalChannel(target: KratixSignalTarget): string {
  switch (target.type) {
    case 'request':
      return `kratix:request:${target.platform}:${target.namespace}:${target.promise}:${target.name}`;
    case 'promise':
      return `kratix:promise:${target.platform}:${target.name}`;
    case 'destination':
      return `kratix:destination:${target.platform}:${target.name}`;
    default:
      return `kratix:platform:${target.platform}`;
  }
}
