import type {
  RequestWorkerDestination,
  RequestWorkerJudgment,
  ResourceRequest,
  WorkerApplyState,
} from './types';

/**
 * The judgment of a request from its Destinations': `failing` when any is, `applied`
 * when every one is, `unknown` otherwise (also when there are none).
 *
 * @public
 */
export function rollUpWorkerState(
  destinations: Array<Pick<RequestWorkerDestination, 'state'>>,
): WorkerApplyState {
  if (destinations.some(d => d.state === 'failing')) return 'failing';
  if (destinations.length && destinations.every(d => d.state === 'applied'))
    return 'applied';
  return 'unknown';
}

/**
 * The Destinations whose workers refuse the request's output, sorted.
 *
 * @public
 */
export function failingWorkerDestinations(
  judgment: RequestWorkerJudgment | undefined,
): RequestWorkerDestination[] {
  return (judgment?.destinations ?? [])
    .filter(d => d.state === 'failing')
    .sort((a, b) => a.destination.localeCompare(b.destination));
}

/**
 * A request's state as people read it: `failing on worker-1` (or `on worker-1, worker-2`)
 * when a worker refuses its output, else its state.
 *
 * @public
 */
export function requestStateLabel(
  request: Pick<ResourceRequest, 'state' | 'stateReason' | 'worker'>,
): string {
  const failing = failingWorkerDestinations(request.worker);
  if (request.stateReason === 'worker' && failing.length)
    return `failing on ${failing.map(d => d.destination).join(', ')}`;
  return request.state;
}
