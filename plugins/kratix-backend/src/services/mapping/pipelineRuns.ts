import {
  KRATIX_LABELS,
  type PipelineRun,
  type PipelineStage,
  type PipelineState,
} from '@kratix-backstage/plugin-kratix-common';
import type { KubeObject } from '@kratix-backstage/plugin-kratix-node';
import {
  createdAt,
  durationMs,
  origin,
  type PlatformContext,
  readConditions,
} from './common';
import { stagesOf } from './pipelineStages';

const JOB_NAME_LABELS = ['batch.kubernetes.io/job-name', 'job-name'];

/** The Pods a Job created: by owner reference, else by the job-name label. */
export function podsOfJob(job: KubeObject, pods: KubeObject[]): KubeObject[] {
  const uid = job.metadata.uid;
  return pods
    .filter(pod => pod.metadata.namespace === job.metadata.namespace)
    .filter(pod => {
      const owners = (pod.metadata.ownerReferences as any[]) ?? [];
      if (uid && owners.some(o => o.uid === uid)) return true;
      return JOB_NAME_LABELS.some(
        l => pod.metadata.labels?.[l] === job.metadata.name,
      );
    })
    .sort((a, b) =>
      String(createdAt(a) ?? '').localeCompare(String(createdAt(b) ?? '')),
    );
}

function runState(job: KubeObject, pod?: KubeObject) {
  const conditions = readConditions(job);
  const done = (type: string) =>
    conditions.find(c => c.type === type && c.status === 'True');
  const failed = done('Failed') ?? done('FailureTarget');
  if (failed) {
    return {
      state: 'failed' as const,
      finishedAt: failed.lastTransitionTime,
      reason: failed.reason,
      message: failed.message,
    };
  }
  const complete = done('Complete') ?? done('SuccessCriteriaMet');
  if (complete) {
    return {
      state: 'succeeded' as const,
      finishedAt: job.status?.completionTime ?? complete.lastTransitionTime,
      reason: complete.reason,
      message: complete.message,
    };
  }
  if (job.spec?.suspend)
    return { state: 'pending' as const, reason: 'Suspended' };
  if ((job.status?.active ?? 0) > 0 || pod?.status?.phase === 'Running') {
    return { state: 'running' as const };
  }
  return { state: 'pending' as const };
}

function describeFailure(stage: PipelineStage): string {
  const exit =
    stage.exitCode !== undefined ? ` with exit code ${stage.exitCode}` : '';
  const reason = stage.reason ? ` (${stage.reason})` : '';
  return `Stage ${stage.name} failed${exit}${reason}`;
}

/**
 * One pipeline run from its Job and the Job's Pods: the run's state and times, and the
 * stages of its latest Pod.
 *
 * @public
 */
export function toPipelineRun(
  ctx: PlatformContext,
  job: KubeObject,
  pods: KubeObject[],
): PipelineRun {
  const labels = job.metadata.labels ?? {};
  const own = podsOfJob(job, pods);
  const pod = own[own.length - 1];
  const run = runState(job, pod);
  const over = run.state === 'succeeded' || run.state === 'failed';
  const stages = pod ? stagesOf(pod, over) : [];
  const startedAt = job.status?.startTime
    ? String(job.status.startTime)
    : undefined;
  const finishedAt = run.finishedAt ? String(run.finishedAt) : undefined;
  const failedStage = stages.find(s => s.state === 'failed');
  const message = failedStage ? describeFailure(failedStage) : run.message;
  const resourceName = labels[KRATIX_LABELS.resourceName];
  const state: PipelineState = run.state;
  return {
    ...origin(ctx),
    name: job.metadata.name,
    namespace: job.metadata.namespace ?? 'default',
    promise: labels[KRATIX_LABELS.promiseName] ?? '',
    pipeline: labels[KRATIX_LABELS.pipelineName] ?? '',
    workflowType:
      labels[KRATIX_LABELS.workflowType] === 'promise' ? 'promise' : 'resource',
    workflowAction:
      labels[KRATIX_LABELS.workflowAction] === 'delete'
        ? 'delete'
        : 'configure',
    ...(resourceName
      ? {
          resource: {
            name: resourceName,
            namespace:
              labels[KRATIX_LABELS.resourceNamespace] ??
              job.metadata.namespace ??
              'default',
          },
        }
      : {}),
    state,
    createdAt: createdAt(job),
    ...(startedAt ? { startedAt } : {}),
    ...(finishedAt ? { finishedAt } : {}),
    ...(over && durationMs(startedAt, finishedAt) !== undefined
      ? { durationMs: durationMs(startedAt, finishedAt) }
      : {}),
    ...(run.reason ? { reason: run.reason } : {}),
    ...(message ? { message } : {}),
    ...(pod ? { pod: pod.metadata.name } : {}),
    attempts: own.length,
    stages,
  };
}

/**
 * Pipeline runs, newest first.
 *
 * @public
 */
export function toPipelineRuns(
  ctx: PlatformContext,
  jobs: KubeObject[],
  pods: KubeObject[],
): PipelineRun[] {
  return jobs
    .map(job => toPipelineRun(ctx, job, pods))
    .sort((a, b) =>
      String(b.createdAt ?? '').localeCompare(String(a.createdAt ?? '')),
    );
}
