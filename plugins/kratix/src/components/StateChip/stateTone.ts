/** How a state reads at a glance. */
export type StateTone = 'ok' | 'running' | 'pending' | 'error' | 'neutral';

const TONES: Record<string, StateTone> = {
  ready: 'ok',
  succeeded: 'ok',
  true: 'ok',
  available: 'ok',
  healthy: 'ok',
  running: 'running',
  pending: 'pending',
  unknown: 'pending',
  failed: 'error',
  failing: 'error',
  false: 'error',
  unavailable: 'error',
  misplaced: 'error',
  unhealthy: 'error',
  unreachable: 'error',
  paused: 'neutral',
  skipped: 'neutral',
  deleting: 'neutral',
};

/** The tone of a Kratix, Kubernetes or Flux state word (case does not matter). */
export function stateTone(state: string | undefined): StateTone {
  return TONES[(state ?? '').toLowerCase()] ?? 'neutral';
}

/** A worker cluster's health in one word. */
export function workerState(worker: { reachable: boolean; healthy: boolean }) {
  if (!worker.reachable) return 'unreachable';
  return worker.healthy ? 'healthy' : 'unhealthy';
}
