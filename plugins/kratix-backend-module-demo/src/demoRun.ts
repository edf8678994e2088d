import { createHash } from 'node:crypto';
import type { KubeObject } from '@kratix-backstage/plugin-kratix-node';
import { containerPhase, runOutcome, type StageWindow } from './demoTimeline';

/**
 * One demo pipeline run: the Job Kratix would create, and when each of its Pod's
 * containers runs.
 */
export interface DemoRun {
  job: KubeObject;
  podName: string;
  createdAt: number;
  containers: string[];
  initContainers: number;
  windows: StageWindow[];
  logs: Record<string, string[]>;
  /** `namespace/name` of the request the run is for. */
  requestKey?: string;
  /** The workflow the run belongs to. */
  action: 'configure' | 'delete';
  /** The request's `metadata.generation` the run reconciles. */
  generation: number;
  /** What the Promise's stages write to /kratix/output. */
  outputs: Record<string, string>;
  /**
   * What a stage wrote to /kratix/metadata/workflow-control.yaml: the run suspends the
   * workflow (and writes no Work) instead of completing it.
   */
  control?: { message?: string; retryAfterMs?: number };
  /** What a stage wrote to /kratix/metadata/destination-selectors.yaml. */
  destinationSelectors?: Array<{ matchLabels: Record<string, string> }>;
}

/** A stable five-character suffix, like Kratix's random ones. */
export function demoSuffix(seed: string): string {
  return createHash('sha256').update(seed).digest('hex').slice(0, 5);
}

/** A stable UID for a demo object. */
export function demoUid(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(
    16,
    20,
  )}-${h.slice(20, 32)}`;
}

const iso = (ms: number) => new Date(ms).toISOString();

function containerStatus(
  run: DemoRun,
  name: string,
  image: string,
  now: number,
) {
  const phase = containerPhase(run.windows, name, now);
  const base = {
    name,
    image,
    imageID: `${image}@sha256:${demoSuffix(image).repeat(12).slice(0, 64)}`,
  };
  switch (phase.phase) {
    case 'running':
      return {
        ...base,
        ready: true,
        restartCount: 0,
        started: true,
        state: { running: { startedAt: iso(phase.startedAt) } },
      };
    case 'terminated':
      return {
        ...base,
        ready: false,
        restartCount: 0,
        started: false,
        containerID: `containerd://${demoSuffix(run.podName + name)
          .repeat(13)
          .slice(0, 64)}`,
        state: {
          terminated: {
            exitCode: phase.exitCode,
            reason: phase.exitCode === 0 ? 'Completed' : 'Error',
            startedAt: iso(phase.startedAt),
            finishedAt: iso(phase.finishedAt),
          },
        },
      };
    default:
      return {
        ...base,
        ready: false,
        restartCount: 0,
        started: false,
        state: { waiting: { reason: 'PodInitializing' } },
      };
  }
}

/** The run's Job as the API server would show it at `now`. */
export function jobAt(run: DemoRun, now: number): KubeObject {
  const { endsAt, succeeded } = runOutcome(run.windows, run.containers);
  const over = now >= endsAt;
  const succeededConditions = [
    {
      type: 'SuccessCriteriaMet',
      status: 'True',
      reason: 'CompletionsReached',
      message: 'Reached expected number of succeeded pods',
      lastTransitionTime: iso(endsAt + 400),
    },
    {
      type: 'Complete',
      status: 'True',
      reason: 'CompletionsReached',
      message: 'Reached expected number of succeeded pods',
      lastTransitionTime: iso(endsAt + 400),
    },
  ];
  const failedConditions = [
    {
      type: 'FailureTarget',
      status: 'True',
      reason: 'BackoffLimitExceeded',
      message: 'Job has reached the specified backoff limit',
      lastTransitionTime: iso(endsAt + 400),
    },
    {
      type: 'Failed',
      status: 'True',
      reason: 'BackoffLimitExceeded',
      message: 'Job has reached the specified backoff limit',
      lastTransitionTime: iso(endsAt + 400),
    },
  ];
  let conditions: typeof failedConditions = [];
  if (over) conditions = succeeded ? succeededConditions : failedConditions;
  return {
    ...run.job,
    metadata: { ...run.job.metadata, creationTimestamp: iso(run.createdAt) },
    status: {
      startTime: iso(run.createdAt),
      ...(over ? {} : { active: 1, ready: 0 }),
      ...(over && succeeded
        ? { succeeded: 1, completionTime: iso(endsAt + 400) }
        : {}),
      ...(over && !succeeded ? { failed: 1 } : {}),
      ...(conditions.length ? { conditions } : {}),
      terminating: 0,
      uncountedTerminatedPods: {},
    },
  };
}

/** The run's Pod as the API server would show it at `now`. */
export function podAt(run: DemoRun, now: number): KubeObject {
  const template = run.job.spec.template;
  const spec = template.spec;
  const { endsAt, succeeded } = runOutcome(run.windows, run.containers);
  const main = containerPhase(run.windows, 'status-writer', now);
  let phase = main.phase === 'running' ? 'Running' : 'Pending';
  if (now >= endsAt) phase = succeeded ? 'Succeeded' : 'Failed';
  const initDone = spec.initContainers.every(
    (c: any) => containerPhase(run.windows, c.name, now).phase === 'terminated',
  );
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: run.podName,
      namespace: run.job.metadata.namespace,
      uid: demoUid(run.podName),
      creationTimestamp: iso(run.createdAt),
      labels: {
        ...template.metadata.labels,
        'batch.kubernetes.io/job-name': run.job.metadata.name,
        'job-name': run.job.metadata.name,
        'batch.kubernetes.io/controller-uid': String(run.job.metadata.uid),
      },
      annotations: { ...(template.metadata.annotations ?? {}) },
      ownerReferences: [
        {
          apiVersion: 'batch/v1',
          kind: 'Job',
          name: run.job.metadata.name,
          uid: run.job.metadata.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: { ...spec, nodeName: 'demo-node-1' },
    status: {
      phase,
      startTime: iso(run.createdAt + 300),
      hostIP: '10.89.0.2',
      podIP: '10.244.0.17',
      conditions: [
        {
          type: 'PodScheduled',
          status: 'True',
          lastTransitionTime: iso(run.createdAt + 200),
        },
        {
          type: 'Initialized',
          status: initDone ? 'True' : 'False',
          lastTransitionTime: iso(run.createdAt + 300),
        },
        {
          type: 'Ready',
          status: phase === 'Running' ? 'True' : 'False',
          lastTransitionTime: iso(run.createdAt + 300),
        },
      ],
      initContainerStatuses: spec.initContainers.map((c: any) =>
        containerStatus(run, c.name, c.image, now),
      ),
      containerStatuses: spec.containers.map((c: any) =>
        containerStatus(run, c.name, c.image, now),
      ),
    },
  };
}

/** Whether the run has finished at `now`, and how. */
export function runFinished(run: DemoRun, now: number) {
  const outcome = runOutcome(run.windows, run.containers);
  return {
    over: now >= outcome.endsAt,
    succeeded: outcome.succeeded,
    endsAt: outcome.endsAt,
  };
}

/**
 * When the run's `work-writer` wrote its Work (it finished with exit code 0), or
 * undefined when it never does (a delete run, or an earlier stage failed).
 */
export function workWrittenAt(run: DemoRun): number | undefined {
  if (run.action !== 'configure' || run.control) return undefined;
  const writer = run.windows.find(w => w.name === 'work-writer');
  return writer && writer.exitCode === 0 ? writer.endMs : undefined;
}

/** The commit the demo state store got for the run's Work (a WorkPlacement's versionID). */
export function runVersionId(run: DemoRun): string {
  return createHash('sha1').update(`${run.podName}/commit`).digest('hex');
}
