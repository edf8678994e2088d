/**
 * When each container of a demo pipeline Pod runs. Durations are made up but shaped
 * like the workshop's pipeline: the Promise's own stage takes longest.
 */
export interface StageWindow {
  name: string;
  startMs: number;
  endMs: number;
  /** Exit code when the stage finishes. */
  exitCode: number;
}

/** How long each kind of stage takes, in ms. */
const DURATIONS: Record<string, number> = {
  reader: 1800,
  'work-writer': 2600,
  'status-writer': 1400,
  // The demo Promise's delete stage (with examples): a delete takes a few seconds.
  'elastic-cleanup': 3000,
};
const PIPELINE_STAGE_MS = 14_000;
const SCHEDULING_MS = 900;
const GAP_MS = 350;

/**
 * The windows of a Pod's containers, from its start: one after another; after a failing
 * stage nothing else runs.
 */
export function stageWindows(
  containers: string[],
  startedAt: number,
  failAt?: { container: string; exitCode: number },
): StageWindow[] {
  const windows: StageWindow[] = [];
  let at = startedAt + SCHEDULING_MS;
  for (const name of containers) {
    const duration = DURATIONS[name] ?? PIPELINE_STAGE_MS;
    const failing = failAt?.container === name;
    windows.push({
      name,
      startMs: at,
      endMs: at + duration,
      exitCode: failing ? failAt!.exitCode : 0,
    });
    if (failing) break;
    at += duration + GAP_MS;
  }
  return windows;
}

/** What a container is doing at a time. */
export type ContainerPhase =
  | { phase: 'waiting' }
  | { phase: 'running'; startedAt: number }
  | {
      phase: 'terminated';
      startedAt: number;
      finishedAt: number;
      exitCode: number;
    }
  | { phase: 'never' };

/** The phase of one container at `now`. */
export function containerPhase(
  windows: StageWindow[],
  name: string,
  now: number,
): ContainerPhase {
  const window = windows.find(w => w.name === name);
  if (!window) return { phase: 'never' };
  if (now < window.startMs) return { phase: 'waiting' };
  if (now < window.endMs)
    return { phase: 'running', startedAt: window.startMs };
  return {
    phase: 'terminated',
    startedAt: window.startMs,
    finishedAt: window.endMs,
    exitCode: window.exitCode,
  };
}

/** When the whole run ends, and whether it succeeded. */
export function runOutcome(windows: StageWindow[], containers: string[]) {
  const last = windows[windows.length - 1];
  const failed =
    windows.some(w => w.exitCode !== 0) || windows.length < containers.length;
  return { endsAt: last?.endMs ?? 0, succeeded: !failed };
}

/**
 * The times of a container's log lines: spread over its running window.
 */
export function lineTimes(window: StageWindow, lines: number): number[] {
  const span = window.endMs - window.startMs;
  return Array.from({ length: lines }, (_, i) =>
    Math.round(window.startMs + ((i + 1) * span) / (lines + 1)),
  );
}
