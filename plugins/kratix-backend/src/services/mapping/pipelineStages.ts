import {
  KRATIX_CONTAINERS,
  type PipelineStage,
  type PipelineState,
} from '@kratix-backstage/plugin-kratix-common';
import type { KubeObject } from '@kratix-backstage/plugin-kratix-node';
import { durationMs } from './common';

const KRATIX_OWN = new Set<string>(Object.values(KRATIX_CONTAINERS));

function str(value: unknown): string | undefined {
  return value === undefined || value === null || value === ''
    ? undefined
    : String(value);
}

function terminated(t: any, state: PipelineState) {
  const startedAt = str(t.startedAt);
  const finishedAt = str(t.finishedAt);
  return {
    state,
    exitCode: typeof t.exitCode === 'number' ? t.exitCode : undefined,
    startedAt,
    finishedAt,
    durationMs: durationMs(startedAt, finishedAt),
    reason: str(t.reason),
    message: str(t.message),
  };
}

function stageState(status: any, stop: boolean) {
  const state = status?.state ?? {};
  if (state.terminated) {
    return terminated(
      state.terminated,
      state.terminated.exitCode === 0 ? 'succeeded' : 'failed',
    );
  }
  if (state.running)
    return {
      state: 'running' as const,
      startedAt: str(state.running.startedAt),
    };
  const last = status?.lastState?.terminated;
  if (last && last.exitCode !== 0) {
    // Failed and waiting to be restarted (restartPolicy OnFailure): the last attempt failed.
    return {
      ...terminated(last, 'failed'),
      reason: str(state.waiting?.reason) ?? str(last.reason),
    };
  }
  if (stop) return { state: 'skipped' as const };
  return {
    state: 'pending' as const,
    reason: str(state.waiting?.reason),
    message: str(state.waiting?.message),
  };
}

/**
 * The stages of a pipeline Pod in the order they run: init containers (`reader`, the
 * Promise's stages, `work-writer`), then containers (`status-writer`). A stage that
 * never ran before its Pod or run ended (an earlier stage failed) is `skipped`.
 *
 * @public
 */
export function stagesOf(pod: KubeObject, runOver: boolean): PipelineStage[] {
  const spec = pod.spec ?? {};
  const status = pod.status ?? {};
  const podOver =
    runOver || status.phase === 'Failed' || status.phase === 'Succeeded';
  const statuses = new Map<string, any>(
    [
      ...(status.initContainerStatuses ?? []),
      ...(status.containerStatuses ?? []),
    ].map((s: any) => [s.name, s]),
  );
  const containers: any[] = [
    ...(spec.initContainers ?? []),
    ...(spec.containers ?? []),
  ];
  return containers.map(container => {
    const containerStatus = statuses.get(container.name);
    const derived = stageState(containerStatus, podOver);
    const stage: PipelineStage = {
      name: container.name,
      origin: KRATIX_OWN.has(container.name) ? 'kratix' : 'pipeline',
      ...(container.image ? { image: String(container.image) } : {}),
      state: derived.state,
      restartCount:
        typeof containerStatus?.restartCount === 'number'
          ? containerStatus.restartCount
          : 0,
    };
    for (const key of [
      'exitCode',
      'startedAt',
      'finishedAt',
      'durationMs',
      'reason',
      'message',
    ] as const) {
      const value = (derived as Record<string, unknown>)[key];
      if (value !== undefined) (stage as any)[key] = value;
    }
    return stage;
  });
}
