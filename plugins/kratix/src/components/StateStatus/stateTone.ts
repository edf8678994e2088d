/** How a state reads at a glance: one of Backstage's status components. */
export type StateTone =
  | 'ok'
  | 'running'
  | 'pending'
  | 'warning'
  | 'error'
  | 'aborted';

const TONES: Record<string, StateTone> = {
  ready: 'ok',
  succeeded: 'ok',
  true: 'ok',
  available: 'ok',
  healthy: 'ok',
  completed: 'ok',
  running: 'running',
  pending: 'pending',
  'waiting-to-retry': 'pending',
  unknown: 'pending',
  deleting: 'pending',
  misplaced: 'warning',
  degraded: 'warning',
  suspended: 'warning',
  failed: 'error',
  failing: 'error',
  false: 'error',
  unavailable: 'error',
  unhealthy: 'error',
  unreachable: 'error',
  paused: 'aborted',
  skipped: 'aborted',
};

/**
 * The tone of a Kratix, Kubernetes or Flux state word (case does not matter); a word it
 * does not know reads as `aborted`, the grey one.
 */
export function stateTone(state: string | undefined): StateTone {
  return TONES[(state ?? '').toLowerCase()] ?? 'aborted';
}

/** A worker cluster's health in one word. */
export function workerState(worker: { reachable: boolean; healthy: boolean }) {
  if (!worker.reachable) return 'unreachable';
  return worker.healthy ? 'healthy' : 'unhealthy';
}
