import { KRATIX_LABELS } from '@kratix-backstage/plugin-kratix-common';
import {
  type KratixScenario,
  type KubeObject,
  pipelineJob,
  type ScenarioRequest,
  workflowPipelines,
  workForPipeline,
  workPlacementFor,
  workPlacementWrittenStatus,
  workScheduledStatus,
} from '@kratix-backstage/plugin-kratix-node';
import {
  demoDestinations,
  demoPromise,
  demoStateStores,
} from './demoPlatformObjects';
import { type DemoRun, demoSuffix, demoUid } from './demoRun';
import { stageWindows } from './demoTimeline';

const iso = (ms: number) => new Date(ms).toISOString();

/** A request of the demo and what Kratix made of it. */
export interface DemoRequest {
  scenario: ScenarioRequest;
  object: KubeObject;
  work: KubeObject;
  workPlacements: KubeObject[];
}

/** A pipeline run of a request, built the way Kratix builds it. */
export function buildRun(
  scenario: KratixScenario,
  request: DemoRequest,
  createdAt: number,
  attempt: number,
): DemoRun {
  const [pipeline] = workflowPipelines(
    scenario.promise,
    'resource',
    'configure',
  );
  const job = pipelineJob({
    promise: scenario.promise,
    pipeline,
    type: 'resource',
    action: 'configure',
    request: request.object,
    suffix: demoSuffix(`${request.object.metadata.name}/${attempt}`),
    isLastPipeline: true,
  });
  job.metadata.uid = demoUid(job.metadata.name);
  job.metadata.ownerReferences = [
    {
      apiVersion: request.object.apiVersion,
      kind: request.object.kind,
      name: request.object.metadata.name,
      uid: request.object.metadata.uid,
    },
  ];
  const spec = job.spec.template.spec;
  const containers = [...spec.initContainers, ...spec.containers].map(
    (c: any) => c.name,
  );
  const failAt =
    request.scenario.outcome === 'pipeline-failure'
      ? request.scenario.failAt
      : undefined;
  return {
    job,
    podName: `${job.metadata.name}-${demoSuffix(`${job.metadata.name}/pod`)}`,
    createdAt,
    containers,
    initContainers: spec.initContainers.length,
    windows: stageWindows(containers, createdAt, failAt),
    logs: scenario.stageLogs(request.scenario),
    requestKey: `${request.object.metadata.namespace}/${request.object.metadata.name}`,
  };
}

/**
 * Everything Kratix would hold for a scenario, as of `now`: the Promise, its requests
 * (each with one finished run, its Work and WorkPlacements), Destinations and state store.
 */
export function buildDemoWorld(scenario: KratixScenario, now: number) {
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
    const [pipeline] = workflowPipelines(
      scenario.promise,
      'resource',
      'configure',
    );
    const work = workForPipeline({
      promise: scenario.promise,
      request: object,
      pipelineName: pipeline.metadata.name,
      namespace: r.namespace,
      files: scenario.outputs(r),
      suffix: demoSuffix(`${r.name}/work`),
      now: new Date(createdAt + 20_000),
    });
    Object.assign(work.metadata, {
      uid: demoUid(work.metadata.name),
      creationTimestamp: iso(createdAt + 20_000),
    });
    work.status = workScheduledStatus(
      work.spec.workloadGroups.length,
      true,
      new Date(createdAt + 21_000),
    );
    const workPlacements = work.spec.workloadGroups.flatMap((group: any) =>
      destinations
        .filter(d =>
          Object.entries(
            scenario.promise.spec.destinationSelectors?.[0]?.matchLabels ?? {},
          ).every(([k, v]) => d.metadata.labels?.[k] === v),
        )
        .map(d => {
          const wp = workPlacementFor(work, group, d.metadata.name);
          Object.assign(wp.metadata, {
            uid: demoUid(wp.metadata.name),
            creationTimestamp: iso(createdAt + 20_500),
          });
          wp.spec.generation = 1;
          wp.status = workPlacementWrittenStatus(
            demoSuffix(wp.metadata.name).repeat(8),
            new Date(createdAt + 21_000),
          );
          return wp;
        }),
    );
    const request: DemoRequest = { scenario: r, object, work, workPlacements };
    requests.set(`${r.namespace}/${r.name}`, request);
    runs.push(buildRun(scenario, request, createdAt + 1000, 0));
  });

  return { promise, stateStores, destinations, requests, runs, installedAt };
}
