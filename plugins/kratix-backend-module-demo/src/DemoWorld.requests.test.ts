import { type KubeObject } from '@kratix-backstage/plugin-kratix-node';
import {
  type KratixScenario,
  workshopScenario,
} from '@kratix-backstage/kratix-simulation';
import { Readable } from 'node:stream';
import type { LogRead } from '@kratix-backstage/plugin-kratix-node';
import { DemoWorld, FLUX_APPLY_AFTER_MS } from './DemoWorld';

// New requests on the demo platform, with fake timers: Date.now and every timer of the
// world move only when the test advances them.

const T0 = Date.parse('2026-12-04T12:00:00Z');

const request = (
  name: string,
  spec: Record<string, unknown> = {},
  namespace = 'default',
): KubeObject => ({
  apiVersion: 'workshop.kratix.io/v1alpha1',
  kind: 'elastic-cloud',
  metadata: {
    name,
    namespace,
    annotations: { 'backstage.io/requested-by': 'user:default/guest' },
  },
  spec,
});

async function text(read: LogRead): Promise<string> {
  if (!read.available) throw new Error(read.message);
  const chunks: string[] = [];
  for await (const chunk of read.stream as Readable) chunks.push(String(chunk));
  return chunks.join('');
}

const stateOf = (pod: KubeObject, name: string) => {
  const status = [
    ...pod.status.initContainerStatuses,
    ...pod.status.containerStatuses,
  ].find((s: any) => s.name === name);
  return Object.keys(status.state)[0];
};

const condition = (o: KubeObject, type: string) =>
  o.status?.conditions?.find((c: any) => c.type === type);

describe('DemoWorld: requests users make', () => {
  let w: DemoWorld;
  let events: string[];

  const newest = (name: string) =>
    w
      .pods()
      .filter(p => p.metadata.labels?.['kratix.io/resource-name'] === name)
      .sort((a, b) =>
        String(a.metadata.creationTimestamp).localeCompare(
          String(b.metadata.creationTimestamp),
        ),
      )
      .pop()!;
  const get = (name: string) =>
    w.requestObjects().find(r => r.metadata.name === name)!;
  const resources = () => w.worker('worker-1').kustomizations[1];

  function start(
    scenario: KratixScenario = workshopScenario,
    maxRequests?: number,
  ) {
    w = new DemoWorld(scenario, () => Date.now(), { maxRequests });
    events = [];
    w.subscribe(e =>
      events.push(`${e.type} ${e.kind} ${e.object.metadata.name}`),
    );
  }

  beforeEach(() => {
    jest.useFakeTimers({ now: T0 });
    start();
  });
  afterEach(() => {
    w.stop();
    jest.useRealTimers();
  });

  it('stores a new request as the API server would: defaults filled in, generation 1, labelled with its Promise', () => {
    const stored = w.createRequest(request('third-request'), {});
    expect(stored.spec).toEqual({ enableDataCollection: false });
    expect(stored.metadata).toMatchObject({
      name: 'third-request',
      namespace: 'default',
      generation: 1,
      creationTimestamp: new Date(T0).toISOString(),
      labels: { 'kratix.io/promise-name': 'elastic-cloud' },
      annotations: { 'backstage.io/requested-by': 'user:default/guest' },
    });
    expect(events.slice(0, 4)).toEqual([
      'added requests third-request',
      `added jobs kratix-elastic-cloud-third-request-resource-configure-${newest(
        'third-request',
      ).metadata.labels!['job-name'].slice(-5)}`,
      `added pods ${newest('third-request').metadata.name}`,
      'modified requests third-request',
    ]);
    expect(get('third-request').status.conditions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          type: 'ConfigureWorkflowCompleted',
          status: 'False',
          reason: 'PipelinesInProgress',
        }),
      ]),
    );
  });

  it('runs the configure pipeline stage by stage, then writes the Work and places it on worker-1', async () => {
    w.createRequest(
      request('third-request', { enableDataCollection: true }),
      {},
    );
    const seen = () =>
      ['reader', 'pipeline-stage-0', 'work-writer', 'status-writer'].map(c =>
        stateOf(newest('third-request'), c),
      );
    expect(seen()).toEqual(['waiting', 'waiting', 'waiting', 'waiting']);
    await jest.advanceTimersByTimeAsync(1_500);
    expect(seen()).toEqual(['running', 'waiting', 'waiting', 'waiting']);
    await jest.advanceTimersByTimeAsync(3_000);
    expect(seen()).toEqual(['terminated', 'running', 'waiting', 'waiting']);
    expect(w.works().map(x => x.spec.resourceName)).toEqual([
      'example',
      'second-request',
    ]);
    expect(
      await text(
        w.readLogs(
          'default',
          newest('third-request').metadata.name,
          'reader',
          {},
        ),
      ),
    ).toContain('Reading object default/third-request');

    await jest.advanceTimersByTimeAsync(16_000);
    expect(seen()).toEqual([
      'terminated',
      'terminated',
      'terminated',
      'running',
    ]);
    const work = w.works().find(x => x.spec.resourceName === 'third-request')!;
    expect(
      work.spec.workloadGroups[0].workloads.map((x: any) => x.filepath),
    ).toEqual([
      'beats.yaml',
      'elastic-crds.yaml',
      'elastic-operator.yaml',
      'elasticsearch.yaml',
      'kibana.yaml',
    ]);
    expect(events).toContain(`added works ${work.metadata.name}`);
    const placement = w
      .workPlacements()
      .find(p => p.metadata.labels?.['kratix.io/work'] === work.metadata.name)!;
    expect(placement.spec.targetDestinationName).toBe('worker-1');
    expect(events).toContain(`added workplacements ${placement.metadata.name}`);

    await jest.advanceTimersByTimeAsync(4_000);
    expect(newest('third-request').status.phase).toBe('Succeeded');
    const done = get('third-request');
    expect(done.status.observedGeneration).toBe(1);
    expect(condition(done, 'ConfigureWorkflowCompleted')).toMatchObject({
      status: 'True',
    });
    expect(condition(done, 'WorksSucceeded')).toMatchObject({ status: 'True' });
    expect(
      await text(
        w.readLogs(
          'default',
          newest('third-request').metadata.name,
          'pipeline-stage-0',
          {},
        ),
      ),
    ).toContain(
      'wrote to-deploy/eck-stack/charts/eck-beats/templates/beats.yaml',
    );
  });

  it('fails on the worker as in the workshop: kustomize refuses the ECK CRDs that example registered', async () => {
    start({ ...workshopScenario, requests: [workshopScenario.requests[0]] });
    expect(resources().status.conditions[0].status).toBe('True');
    w.createRequest(request('third-request'), {});
    await jest.advanceTimersByTimeAsync(21_500);
    // Written, but Flux has not fetched the new revision yet.
    expect(w.works()).toHaveLength(2);
    expect(resources().status.conditions[0].status).toBe('True');
    await jest.advanceTimersByTimeAsync(FLUX_APPLY_AFTER_MS);
    expect(resources().status.conditions[0]).toMatchObject({
      status: 'False',
      reason: 'BuildFailed',
      message:
        "kustomize build failed: accumulating resources: accumulation err='merging resources from " +
        "'./default/elastic-cloud/third-request/resource-configure/5058f/elastic-crds.yaml': may not add resource with an already registered id: " +
        "CustomResourceDefinition.v1.apiextensions.k8s.io/elasticsearches.elasticsearch.k8s.elastic.co.[noNs]'",
    });
    // Deleting it repairs the worker.
    w.deleteRequest('default', 'third-request');
    expect(resources().status.conditions[0].status).toBe('True');
  });

  it('refuses what the API server would refuse, and names the field or object', () => {
    expect(() => w.createRequest(request('Third_Request'), {})).toThrow(
      expect.objectContaining({
        statusCode: 422,
        message: expect.stringContaining(
          'metadata.name: Invalid value: "Third_Request"',
        ),
      }),
    );
    expect(() => w.createRequest(request('x', {}, 'team-a'), {})).toThrow(
      expect.objectContaining({
        statusCode: 404,
        message: expect.stringContaining('namespaces "team-a" not found'),
      }),
    );
    expect(() => w.createRequest(request('example'), {})).toThrow(
      expect.objectContaining({
        statusCode: 409,
        message: 'elastic-clouds.workshop.kratix.io "example" already exists',
      }),
    );
    expect(w.requestObjects()).toHaveLength(2);
    expect(events).toEqual([]);
  });

  it('answers a dry run without storing or running anything', () => {
    const answer = w.createRequest(request('dry'), { dryRun: true });
    expect(answer.spec).toEqual({ enableDataCollection: false });
    expect(w.requestObjects().map(r => r.metadata.name)).toEqual([
      'example',
      'second-request',
    ]);
    expect(events).toEqual([]);
  });

  it('keeps at most the configured number of extra requests and says so', () => {
    start(workshopScenario, 2);
    w.createRequest(request('one'), {});
    w.createRequest(request('two'), {});
    expect(() => w.createRequest(request('three'), {})).toThrow(
      expect.objectContaining({
        name: 'NotAllowedError',
        message: expect.stringContaining(
          'keeps at most 2 requests besides the workshop',
        ),
      }),
    );
    w.deleteRequest('default', 'one');
    expect(() => w.createRequest(request('three'), {})).not.toThrow();
  });

  it('updates a request: a new generation and a new run, observedGeneration catches up', async () => {
    w.createRequest(request('third-request'), {});
    await jest.advanceTimersByTimeAsync(25_000);
    const before = w
      .jobs()
      .filter(
        j => j.metadata.labels?.['kratix.io/resource-name'] === 'third-request',
      );
    expect(before).toHaveLength(1);
    const updated = w.createRequest(
      request('third-request', { enableDataCollection: true }),
      { updateExisting: true },
    );
    expect(updated.metadata.generation).toBe(2);
    expect(updated.status.observedGeneration).toBe(1);
    expect(
      w
        .jobs()
        .filter(
          j =>
            j.metadata.labels?.['kratix.io/resource-name'] === 'third-request',
        ),
    ).toHaveLength(2);
    await jest.advanceTimersByTimeAsync(25_000);
    expect(get('third-request').status.observedGeneration).toBe(2);
    const work = w.works().find(x => x.spec.resourceName === 'third-request')!;
    expect(
      work.spec.workloadGroups[0].workloads.map((x: any) => x.filepath),
    ).toContain('beats.yaml');
    // The same spec again changes nothing.
    w.createRequest(request('third-request', { enableDataCollection: true }), {
      updateExisting: true,
    });
    expect(get('third-request').metadata.generation).toBe(2);
    expect(
      w
        .jobs()
        .filter(
          j =>
            j.metadata.labels?.['kratix.io/resource-name'] === 'third-request',
        ),
    ).toHaveLength(2);
  });

  it('holds an update while paused and runs it on resume', async () => {
    w.createRequest(request('third-request'), {});
    await jest.advanceTimersByTimeAsync(25_000);
    const target = {
      kind: 'request' as const,
      promise: w.promises()[0],
      namespace: 'default',
      name: 'third-request',
    };
    w.patch(target, { labels: { 'kratix.io/paused': 'true' } });
    w.createRequest(request('third-request', { enableDataCollection: true }), {
      updateExisting: true,
    });
    const runs = () =>
      w
        .jobs()
        .filter(
          j =>
            j.metadata.labels?.['kratix.io/resource-name'] === 'third-request',
        );
    expect(runs()).toHaveLength(1);
    expect(condition(get('third-request'), 'Reconciled')).toMatchObject({
      reason: 'PausedReconciliation',
    });
    w.patch(target, { labels: { 'kratix.io/paused': null } });
    expect(runs()).toHaveLength(2);
  });

  it("runs the Promise's delete pipeline before the request goes, when it has one", async () => {
    const promise = structuredClone(workshopScenario.promise);
    promise.spec.workflows.resource.delete = [
      {
        apiVersion: 'platform.kratix.io/v1alpha1',
        kind: 'Pipeline',
        metadata: { name: 'resource-delete' },
        spec: {
          containers: [{ name: 'cleanup', image: 'example/cleanup:v1' }],
        },
      },
    ];
    start({ ...workshopScenario, promise });
    const kept = w.deleteRequest('default', 'example')!;
    expect(kept.metadata.deletionTimestamp).toBe(new Date(T0).toISOString());
    const deleteJob = () =>
      w
        .jobs()
        .find(
          j => j.metadata.labels?.['kratix.io/workflow-action'] === 'delete',
        );
    expect(deleteJob()?.metadata.labels?.['kratix.io/resource-name']).toBe(
      'example',
    );
    expect(get('example')).toBeDefined();
    await jest.advanceTimersByTimeAsync(30_000);
    expect(w.requestObjects().map(r => r.metadata.name)).toEqual([
      'second-request',
    ]);
    expect(events).toContain('deleted requests example');
    expect(w.works().map(x => x.spec.resourceName)).toEqual(['second-request']);
  });

  it('starts afresh: a new world has only the scenario', () => {
    w.createRequest(request('third-request'), {});
    start();
    expect(w.requestObjects().map(r => r.metadata.name)).toEqual([
      'example',
      'second-request',
    ]);
  });
});

describe('DemoWorld: pruning', () => {
  it('keeps the newest 5 runs of a pipeline, as Kratix does, and reports the deleted Jobs', async () => {
    jest.useFakeTimers({ now: T0 });
    const w = new DemoWorld(workshopScenario, () => Date.now());
    const deleted: string[] = [];
    w.subscribe(e => {
      if (e.type === 'deleted' && e.kind === 'jobs')
        deleted.push(e.object.metadata.name);
    });
    const target = {
      kind: 'request' as const,
      promise: w.promises()[0],
      namespace: 'default',
      name: 'example',
    };
    try {
      for (let i = 0; i < 6; i++) {
        w.patch(target, {
          labels: { 'kratix.io/manual-reconciliation': 'true' },
        });
        await jest.advanceTimersByTimeAsync(25_000);
      }
      const runs = w
        .jobs()
        .filter(
          j => j.metadata.labels?.['kratix.io/resource-name'] === 'example',
        );
      expect(runs).toHaveLength(5);
      expect(deleted).toHaveLength(2);
      expect(
        w.works().find(x => x.spec.resourceName === 'example'),
      ).toBeDefined();
    } finally {
      w.stop();
      jest.useRealTimers();
    }
  });
});
