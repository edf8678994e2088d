import {
  condition,
  mergeConditions,
  pipelineFailedStatus,
  pipelineStartedStatus,
  pipelineSucceededStatus,
  worksRollupStatus,
} from '@kratix-backstage/kratix-simulation';
import { type DemoRun, runFinished } from './demoRun';

/** How long after a run Kratix sees its Work written (WorkPlacement Ready). */
export const WORK_READY_AFTER_MS = 1500;

/**
 * A resource request's status at `now`, as Kratix would have written it through the
 * request's runs so far.
 */
export function requestStatusAt(
  runs: DemoRun[],
  options: {
    pipelineName: string;
    workName?: string;
    paused: boolean;
    now: number;
  },
): Record<string, any> | undefined {
  const { now, pipelineName } = options;
  let status: Record<string, any> | undefined;
  for (const run of runs.filter(r => r.createdAt <= now)) {
    status = pipelineStartedStatus(status, {
      pipelineName,
      pipelines: [pipelineName],
      completedBefore: 0,
      now: new Date(run.createdAt),
    });
    const { over, succeeded, endsAt } = runFinished(run, now);
    if (!over) continue;
    status = succeeded
      ? pipelineSucceededStatus(status, {
          pipelineName,
          isLastPipeline: true,
          kind: 'resource',
          now: new Date(endsAt),
        })
      : pipelineFailedStatus(status, { pipelineName, now: new Date(endsAt) });
    status.observedGeneration = run.generation;
    status.promiseVersion = 'v0.1.0';
    status.resourceBindingVersion = 'latest';
    const worksAt = endsAt + WORK_READY_AFTER_MS;
    if (succeeded && options.workName) {
      status = worksRollupStatus(
        status,
        [
          {
            name: options.workName,
            ready: now >= worksAt ? 'Ready' : 'Pending',
          },
        ],
        { now: new Date(Math.min(now, worksAt)) },
      );
    }
  }
  if (status && options.paused) {
    status = {
      ...status,
      conditions: mergeConditions(status.conditions, [
        condition(
          'Reconciled',
          'Unknown',
          'PausedReconciliation',
          'Paused',
          new Date(now),
        ),
      ]),
    };
  }
  return status;
}

/** A Promise's status: Available, or paused. */
export function promiseStatusAt(
  base: Record<string, any>,
  options: { paused: boolean; since: number },
): Record<string, any> {
  if (!options.paused) return base;
  const at = new Date(options.since);
  return {
    ...base,
    status: 'Unavailable',
    conditions: mergeConditions(base.conditions, [
      condition('Available', 'False', 'PausedReconciliation', 'Paused', at),
      condition('Reconciled', 'Unknown', 'PausedReconciliation', 'Paused', at),
    ]),
  };
}
