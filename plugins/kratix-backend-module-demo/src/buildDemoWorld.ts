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

const iso = (ms: number) => new Date(ms).toISOString();

/** A request of the demo: the object as stored (without status). */
export interface DemoRequest {
  object: KubeObject;
  /** One of the scenario's own requests (not counted against the demo's limit). */
  recorded: boolean;
  /** When a delete was asked for, while a delete pipeline runs. */
  deletingSince?: number;
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
  const logs =
    action === 'configure'
      ? behaviour.logs
      : {
          reader: behaviour.logs.reader ?? [],
          ...Object.fromEntries(
            stages.map(s => [
              s,
              [
                `${s}: deleting ${request.metadata.namespace}/${request.metadata.name}`,
                `${s}: done`,
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
    windows: stageWindows(
      containers,
      createdAt,
      action === 'configure' ? behaviour.failAt : undefined,
    ),
    logs,
    requestKey: `${request.metadata.namespace}/${request.metadata.name}`,
    action,
    generation: Number(request.metadata.generation ?? 1),
    outputs: action === 'configure' ? behaviour.outputs : {},
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

  return { promise, stateStores, destinations, requests, runs, installedAt };
}
