import {
  condition,
  deleteWorkflowCondition,
  keyedWorkflowStatus,
  mergeConditions,
  type PipelineStatusEntry,
  pipelineSuspendedStatus,
  pipelineFailedStatus,
  pipelineStartedStatus,
  pipelineSucceededStatus,
  worksRollupStatus,
} from '@kratix-backstage/kratix-simulation';
import { KRATIX_LABELS } from '@kratix-backstage/plugin-kratix-common';
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
    /** The Work's `Ready` message when it never becomes `Ready` (`Pending`, `Misplaced`). */
    workReady?: string;
    paused: boolean;
    now: number;
    /** `status.promiseVersion` (default v0.1.0) and `status.resourceBindingVersion` (default latest). */
    promiseVersion?: string;
    bindingVersion?: string;
    /** The workflow-status layout: `flat` (default) or `keyed` (kratix PR #933). */
    layout?: 'flat' | 'keyed';
    /** The request's delete runs and its delete pipeline's name. */
    deleteRuns?: DemoRun[];
    deletePipelineName?: string;
    /** `status.healthStatus`, when HealthRecords point at the request. */
    healthStatus?: Record<string, any>;
  },
): Record<string, any> | undefined {
  const { now, pipelineName } = options;
  let status: Record<string, any> | undefined;
  let attempts: number | undefined;
  for (const run of runs.filter(r => r.createdAt <= now)) {
    status = pipelineStartedStatus(status, {
      pipelineName,
      pipelines: [pipelineName],
      completedBefore: 0,
      now: new Date(run.createdAt),
    });
    if (attempts) {
      // A retry keeps the attempts counted so far (Kratix resumes, not restarts).
      const entry = status.kratix.workflows.pipelines.find(
        (p: any) => p.name === pipelineName,
      );
      entry.attempts = attempts;
    }
    const { over, succeeded, endsAt } = runFinished(run, now);
    if (!over) continue;
    if (succeeded && run.control) {
      status = pipelineSuspendedStatus(status, {
        pipelineName,
        message: run.control.message,
        nextRetryAt: run.control.retryAfterMs
          ? new Date(endsAt + run.control.retryAfterMs)
          : undefined,
        generation: run.generation,
        now: new Date(endsAt),
      });
      attempts = status.kratix.workflows.pipelines.find(
        (p: any) => p.name === pipelineName,
      )?.attempts;
      continue;
    }
    attempts = undefined;
    status = succeeded
      ? pipelineSucceededStatus(status, {
          pipelineName,
          isLastPipeline: true,
          kind: 'resource',
          now: new Date(endsAt),
        })
      : pipelineFailedStatus(status, { pipelineName, now: new Date(endsAt) });
    if (succeeded && status.kratix?.workflows?.suspendedGeneration) {
      const { suspendedGeneration: _done, ...workflows } =
        status.kratix.workflows;
      status.kratix = { ...status.kratix, workflows };
    }
    status.observedGeneration = run.generation;
    status.promiseVersion = options.promiseVersion ?? 'v0.1.0';
    status.resourceBindingVersion = options.bindingVersion ?? 'latest';
    const worksAt = endsAt + WORK_READY_AFTER_MS;
    if (succeeded && options.workName) {
      status = worksRollupStatus(
        status,
        [
          {
            name: options.workName,
            ready: options.workReady ?? (now >= worksAt ? 'Ready' : 'Pending'),
          },
        ],
        { now: new Date(Math.min(now, worksAt)) },
      );
    }
  }
  const deleting = (options.deleteRuns ?? []).filter(r => r.createdAt <= now);
  const lastDelete = deleting[deleting.length - 1];
  let deleteEntries: PipelineStatusEntry[] | undefined;
  if (status && lastDelete) {
    const { over, succeeded, endsAt } = runFinished(lastDelete, now);
    let phase = 'Running';
    if (over) phase = succeeded ? 'Succeeded' : 'Failed';
    deleteEntries = [
      {
        name: options.deletePipelineName ?? 'resource-delete',
        phase,
        lastTransitionTime: new Date(
          over ? endsAt : lastDelete.createdAt,
        ).toISOString(),
        hash: lastDelete.job.metadata.labels?.[KRATIX_LABELS.hash],
      },
    ];
    if (over && !succeeded) {
      status = {
        ...status,
        conditions: mergeConditions(status.conditions, [
          deleteWorkflowCondition('failed', new Date(endsAt)),
        ]),
      };
    }
  }
  if (status && options.layout === 'keyed') {
    const last = runs.filter(r => r.createdAt <= now).pop();
    const hash = last?.job.metadata.labels?.[KRATIX_LABELS.hash];
    status = keyedWorkflowStatus(status, {
      hashes: hash ? { [pipelineName]: hash } : {},
      delete: deleteEntries,
    });
  }
  if (status && options.healthStatus) {
    status = { ...status, healthStatus: options.healthStatus };
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
