import { KRATIX_LABELS } from '@kratix-backstage/plugin-kratix-common';
import {
  type KubeObject,
  workflowPipelines,
} from '@kratix-backstage/plugin-kratix-node';
import {
  type BehaviourFn,
  type KratixScenario,
  pipelineJob,
} from '@kratix-backstage/kratix-simulation';
import {
  demoDestinations,
  demoPromise,
  demoStateStores,
} from './demoPlatformObjects';
import { type DemoRun, demoSuffix, demoUid } from './demoRun';
import { stageWindows } from './demoTimeline';
import type { DemoExample } from './demoExamples';

const iso = (ms: number) => new Date(ms).toISOString();

/** A request of the demo: the object as stored (without status). */
export interface DemoRequest {
  object: KubeObject;
  /** One of the scenario's own requests (not counted against the demo's limit). */
  recorded: boolean;
  /** When a delete was asked for, while a delete pipeline runs. */
  deletingSince?: number;
  /** One of the demo's examples (a state a new user should see). */
  example?: DemoExample;
}

/**
 * A pipeline run of a request, built the way Kratix builds it: the Job of the
 * workflow's pipeline, with its Pod's containers timed one after the other, and what
 * the behaviour says each stage logs, writes, or where it fails.
 */
export function buildRun(options: {
  promise: KubeObject;
  behaviour: BehaviourFn;
  request: KubeObject;
  createdAt: number;
  attempt: number;
  action: 'configure' | 'delete';
  recorded?: boolean;
  /** Where the run fails, whatever the behaviour says (`null`: nowhere). */
  failAt?: { container: string; exitCode: number } | null;
  /** What the run's stage wrote to workflow-control.yaml. */
  control?: DemoRun['control'];
}): DemoRun {
  const { promise, request, createdAt, action } = options;
  const [pipeline] = workflowPipelines(promise, 'resource', action);
  const job = pipelineJob({
    promise,
    pipeline,
    type: 'resource',
    action,
    request,
    // The scenario's own requests keep the names they always had; others (which may be
    // deleted and made again) are told apart by their uid.
    suffix: demoSuffix(
      [
        request.metadata.name,
        ...(options.recorded ? [] : [request.metadata.uid]),
        ...(action === 'configure' ? [] : [action]),
        options.attempt,
      ].join('/'),
    ),
    isLastPipeline: true,
  });
  job.metadata.uid = demoUid(job.metadata.name);
  job.metadata.ownerReferences = [
    {
      apiVersion: request.apiVersion,
      kind: request.kind,
      name: request.metadata.name,
      uid: request.metadata.uid,
    },
  ];
  const spec = job.spec.template.spec;
  const containers = [...spec.initContainers, ...spec.containers].map(
    (c: any) => c.name,
  );
  const behaviour = options.behaviour(promise, request);
  const stages = pipeline.spec.containers.map(c => c.name);
  const failAt =
    options.failAt === null
      ? undefined
      : options.failAt ??
        (action === 'configure' ? behaviour.failAt : undefined);
  const logs =
    action === 'configure'
      ? runLogs(behaviour.logs, options.control, failAt)
      : {
          reader: behaviour.logs.reader ?? [],
          ...Object.fromEntries(
            stages.map(s => [
              s,
              [
                `${s}: deleting ${request.metadata.namespace}/${request.metadata.name}`,
                failAt?.container === s
                  ? `${s}: error: elasticsearches.elasticsearch.k8s.elastic.co "${request.metadata.name}" has snapshots in progress; refusing to delete (exit ${failAt.exitCode})`
                  : `${s}: done`,
              ],
            ]),
          ),
        };
  return {
    job,
    podName: `${job.metadata.name}-${demoSuffix(`${job.metadata.name}/pod`)}`,
    createdAt,
    containers,
    initContainers: spec.initContainers.length,
    windows: stageWindows(containers, createdAt, failAt),
    logs,
    requestKey: `${request.metadata.namespace}/${request.metadata.name}`,
    action,
    generation: Number(request.metadata.generation ?? 1),
    outputs: action === 'configure' ? behaviour.outputs : {},
    ...(options.control ? { control: options.control } : {}),
    ...(behaviour.destinationSelectors
      ? { destinationSelectors: behaviour.destinationSelectors }
      : {}),
  };
}

/** A configure run's logs; a run suspended by workflow-control.yaml says so. */
function runLogs(
  logs: Record<string, string[]>,
  control: DemoRun['control'],
  failAt: { container: string } | undefined,
): Record<string, string[]> {
  if (failAt) {
    // Nothing runs after the failing stage.
    const { 'work-writer': _w, 'status-writer': _s, ...before } = logs;
    return before;
  }
  if (!control) return logs;
  const retry = control.retryAfterMs
    ? `${Math.round(control.retryAfterMs / 60_000)}m`
    : undefined;
  return {
    ...logs,
    'work-writer': [
      'workflow-control.yaml found: the workflow is suspended, no Work written',
    ],
    'status-writer': [
      ...(retry
        ? [`Info: workflow-control.yaml has retryAfter: "${retry}"`]
        : []),
      'Info: workflow-control.yaml is suspending the pipeline execution; will label the object and update its pipeline execution status.',
    ],
  };
}

/**
 * Everything Kratix would hold for a scenario, as of `now`: the Promise, its requests
 * (each with one finished configure run, whose Work and WorkPlacements follow from it),
 * Destinations and state store.
 */
export function buildDemoWorld(
  scenario: KratixScenario,
  behaviour: BehaviourFn,
  now: number,
  options: {
    /** The demo's examples, added after the scenario's requests. */
    examples?: DemoExample[];
    /** The behaviour before the examples' own (their runs from before an upgrade). */
    baseBehaviour?: BehaviourFn;
  } = {},
) {
  const promiseName = scenario.promise.metadata.name;
  const installedAt = now - 45 * 60_000;
  const promise = demoPromise(scenario, installedAt);
  const stateStores = demoStateStores(scenario, installedAt);
  const destinations = demoDestinations(scenario, installedAt);

  const requests = new Map<string, DemoRequest>();
  const runs: DemoRun[] = [];
  scenario.requests.forEach((r, i) => {
    const createdAt = now - (30 - i * 18) * 60_000;
    const object: KubeObject = {
      ...scenario.requestObject(r),
      metadata: {
        ...scenario.requestObject(r).metadata,
        uid: demoUid(`${r.namespace}/${r.name}`),
        generation: 1,
        creationTimestamp: iso(createdAt),
        labels: { [KRATIX_LABELS.promiseName]: promiseName },
        annotations: r.requester
          ? { 'backstage.io/requested-by': r.requester }
          : {},
      },
    };
    requests.set(`${r.namespace}/${r.name}`, { object, recorded: true });
    runs.push(
      buildRun({
        promise: scenario.promise,
        behaviour,
        request: object,
        createdAt: createdAt + 1000,
        attempt: 0,
        action: 'configure',
        recorded: true,
      }),
    );
  });

  for (const example of options.examples ?? []) {
    const built = buildExample(example, {
      promise: scenario.promise,
      object: scenario.requestObject({
        name: example.name,
        namespace: 'default',
        spec: example.spec,
        outcome: 'healthy',
      }),
      behaviour,
      baseBehaviour: options.baseBehaviour ?? behaviour,
      now,
    });
    requests.set(`default/${example.name}`, built.request);
    runs.push(...built.runs);
  }

  return { promise, stateStores, destinations, requests, runs, installedAt };
}

/** An example request and the runs that brought it where it is. */
function buildExample(
  example: DemoExample,
  options: {
    promise: KubeObject;
    object: KubeObject;
    behaviour: BehaviourFn;
    baseBehaviour: BehaviourFn;
    now: number;
  },
): { request: DemoRequest; runs: DemoRun[] } {
  const { promise, now } = options;
  const createdAt = now - example.createdMinutesAgo * 60_000;
  const promiseName = promise.metadata.name;
  const object: KubeObject = {
    ...options.object,
    metadata: {
      ...options.object.metadata,
      uid: demoUid(`default/${example.name}`),
      generation: 1,
      creationTimestamp: iso(createdAt),
      labels: {
        [KRATIX_LABELS.promiseName]: promiseName,
        ...(example.paused ? { [KRATIX_LABELS.paused]: 'true' } : {}),
        ...(example.retry ? { [KRATIX_LABELS.workflowSuspended]: 'true' } : {}),
      },
      annotations: { 'backstage.io/requested-by': 'user:default/guest' },
    },
  };
  const runs: DemoRun[] = [];
  const run = (
    at: number,
    extra: Partial<Parameters<typeof buildRun>[0]> = {},
  ) => {
    const built = buildRun({
      promise,
      behaviour: options.behaviour,
      request: object,
      createdAt: at,
      attempt: runs.length,
      action: 'configure',
      recorded: true,
      ...extra,
    });
    runs.push(built);
    return built;
  };
  const request: DemoRequest = { object, recorded: true, example };
  if (example.retry) {
    const retryAfterMs = example.retry.retryAfterMinutes * 60_000;
    let at = createdAt + 1000;
    for (let i = 0; i < example.retry.attempts; i++) {
      const r = run(at, {
        control: { message: example.retry.message, retryAfterMs },
      });
      at = r.windows[r.windows.length - 1].endMs + retryAfterMs;
    }
  } else if (example.configureFailsAt) {
    // Configured at the old version, then the upgrade's run failed.
    run(createdAt + 1000, { behaviour: options.baseBehaviour, failAt: null });
    run(now - 8 * 60_000);
  } else {
    run(createdAt + 1000);
  }
  if (example.deleteFailsAt) {
    request.deletingSince = now - example.deleteFailsAt.minutesAgo * 60_000;
    runs.push(
      buildRun({
        promise,
        behaviour: options.behaviour,
        request: object,
        createdAt: request.deletingSince,
        attempt: runs.length,
        action: 'delete',
        recorded: true,
        failAt: {
          container: example.deleteFailsAt.container,
          exitCode: example.deleteFailsAt.exitCode,
        },
      }),
    );
  }
  return { request, runs };
}
