import { get, type IncomingMessage } from 'node:http';
import { CoreV1Api, CustomObjectsApi } from '@kubernetes/client-node';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  type KratixDriver,
  type KratixTestEnvironment,
  startWorkshopPlatform,
  waitFor,
} from '@internal/kratix-testenv';
import request from 'supertest';
import kratixPlugin from '.';

jest.setTimeout(600_000);

const API = '/api/kratix';
const PLATFORM = `${API}/platforms/testenv`;
const EXAMPLE = `${PLATFORM}/requests/default/elastic-cloud/example`;
const SECOND = `${PLATFORM}/requests/default/elastic-cloud/second-request`;

function eventually<T>(
  what: string,
  check: () => Promise<T | undefined>,
  ms = 60_000,
): Promise<T> {
  return waitFor(what, check, { timeoutMs: ms, intervalMs: 250 });
}

// Every route against the real API servers of the test environment: a platform cluster
// (Jobs run by KWOK, with Pod logs), a worker with real Flux, and a token whose RBAC only
// allows reading Promises, Destinations and Jobs.
describe('the Kratix API on real clusters', () => {
  let env: KratixTestEnvironment;
  let kratix: KratixDriver;
  let server: any;

  beforeAll(async () => {
    ({ env, kratix } = await startWorkshopPlatform({ suite: 'backend REST' }));
    const kubeconfig = (context: string) => ({
      kubeconfig: { path: env.kubeconfigPath, context },
    });
    ({ server } = await startTestBackend({
      features: [
        kratixPlugin,
        mockServices.rootConfig.factory({
          data: {
            kratix: {
              platforms: [
                {
                  name: 'testenv',
                  title: 'Test environment',
                  ...kubeconfig('platform'),
                  workers: [
                    {
                      name: 'worker',
                      destination: 'worker-1',
                      ...kubeconfig('worker'),
                    },
                  ],
                },
                {
                  name: 'restricted',
                  ...kubeconfig('platform-restricted'),
                  requestTimeoutMs: 5000,
                },
              ],
            },
          },
        }),
      ],
    }));
    // Kratix is done with both requests; real Flux on the worker then refuses
    // second-request's output (its CRDs are already registered by example's). Every
    // list below judges requests by that, so it must have happened first.
    await eventually(
      "the worker's Flux to refuse second-request",
      async () =>
        (await request(server).get(SECOND)).body.state === 'failing'
          ? true
          : undefined,
      180_000,
    );
  });

  afterAll(async () => {
    await kratix?.stop();
    await env?.stop();
  });

  it('GET /platforms lists both platforms, reached by kubeconfig', async () => {
    const res = await request(server).get(`${API}/platforms`);
    expect(
      res.body.items.map((p: any) => [
        p.name,
        p.title,
        p.demo,
        p.connection,
        p.workers,
      ]),
    ).toEqual([
      [
        'testenv',
        'Test environment',
        false,
        'kubeconfig',
        [{ name: 'worker', destination: 'worker-1', connection: 'kubeconfig' }],
      ],
      ['restricted', 'restricted', false, 'kubeconfig', []],
    ]);
  });

  it('GET /promises lists the Promise on both platforms (the restricted token may read Promises)', async () => {
    const res = await request(server).get(`${API}/promises`);
    expect(res.status).toBe(200);
    expect(res.body.errors).toEqual([]);
    expect(
      res.body.items.map((p: any) => [p.platform, p.name, p.status, p.demo]),
    ).toEqual([
      ['restricted', 'elastic-cloud', 'Available', undefined],
      ['testenv', 'elastic-cloud', 'Available', undefined],
    ]);
  });

  it('GET /requests: the requests of testenv, and a forbidden error naming the restricted platform', async () => {
    const res = await request(server).get(`${API}/requests`);
    expect(res.status).toBe(200);
    expect(
      res.body.items.map((r: any) => [r.platform, r.name, r.message]),
    ).toEqual([
      ['testenv', 'example', 'Resource requested'],
      ['testenv', 'second-request', 'Resource requested'],
    ]);
    expect(res.body.errors).toEqual([
      expect.objectContaining({
        platform: 'restricted',
        cluster: 'restricted',
        type: 'forbidden',
        statusCode: 403,
      }),
    ]);
    expect(res.body.errors[0].message).toContain(
      'elastic-clouds.workshop.kratix.io is forbidden',
    );
  });

  it('GET /requests/summary counts the requests of testenv, with the same error as /requests', async () => {
    const res = await request(server).get(`${API}/requests/summary`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      total: 2,
      byState: { ready: 1, failing: 1 },
      byPromise: [
        {
          platform: 'testenv',
          promise: 'elastic-cloud',
          total: 2,
          byState: { ready: 1, failing: 1 },
        },
      ],
    });
    expect(res.body.errors).toEqual([
      expect.objectContaining({ platform: 'restricted', type: 'forbidden' }),
    ]);
  });

  it('GET /requests one page at a time, with the number of matches', async () => {
    const res = await request(server).get(
      `${API}/requests?platform=testenv&limit=1&offset=1&search=ELASTIC`,
    );
    expect(res.status).toBe(200);
    expect(res.body.totalCount).toBe(2);
    expect(res.body.errors).toEqual([]);
    expect(
      res.body.items.map((r: any) => [r.platform, r.name, r.state]),
    ).toEqual([['testenv', 'second-request', 'failing']]);
  });

  it('GET a Promise and its requests', async () => {
    const promise = await request(server).get(
      `${PLATFORM}/promises/elastic-cloud`,
    );
    expect(promise.body).toMatchObject({
      platform: 'testenv',
      name: 'elastic-cloud',
      version: 'v0.1.0',
      status: 'Available',
      api: { apiVersion: 'workshop.kratix.io/v1alpha1', kind: 'elastic-cloud' },
    });
    expect(promise.body.workflows.resource.configure).toHaveLength(1);
    const requests = await request(server).get(
      `${PLATFORM}/promises/elastic-cloud/requests`,
    );
    expect(requests.body.items.map((r: any) => [r.name, r.state])).toEqual([
      ['example', 'ready'],
      ['second-request', 'failing'],
    ]);
  });

  it("GET second-request: Kratix's part succeeded, but it is failing on worker-1 with kustomize's own message", async () => {
    const res = await request(server).get(SECOND);
    expect(res.body).toMatchObject({
      name: 'second-request',
      message: 'Resource requested',
      state: 'failing',
      stateReason: 'worker',
      worker: {
        state: 'failing',
        destinations: [
          {
            destination: 'worker-1',
            cluster: 'worker',
            state: 'failing',
            kustomization: expect.stringMatching(/^flux-system\//),
          },
        ],
      },
    });
    expect(
      res.body.conditions.find((c: any) => c.type === 'Reconciled')?.status,
    ).toBe('True');
    const { message } = res.body.worker.destinations[0];
    expect(message).toContain(
      "'./default/elastic-cloud/second-request/resource-configure/",
    );
    expect(message).toContain(
      'may not add resource with an already registered id: CustomResourceDefinition.v1.apiextensions.k8s.io/elasticsearches.elasticsearch.k8s.elastic.co',
    );
    // example holds the same CRD: not the file kustomize refused, so not failing.
    const example = await request(server).get(EXAMPLE);
    expect(example.body.state).toBe('ready');
    expect(example.body.worker.state).toBe('unknown');
  });

  it('GET a request: its status, conditions and message', async () => {
    const res = await request(server).get(EXAMPLE);
    expect(res.body).toMatchObject({
      platform: 'testenv',
      promise: 'elastic-cloud',
      name: 'example',
      state: 'ready',
      message: 'Resource requested',
      labels: { 'kratix.io/promise-name': 'elastic-cloud' },
      spec: { enableDataCollection: true },
    });
    expect(
      res.body.conditions.map((c: any) => `${c.type}=${c.status}`),
    ).toEqual(
      expect.arrayContaining([
        'ConfigureWorkflowCompleted=True',
        'WorksSucceeded=True',
        'Reconciled=True',
      ]),
    );
  });

  it('GET the runs of a request: the Job, its KWOK-run Pod and the stages in order', async () => {
    const res = await request(server).get(`${EXAMPLE}/runs`);
    expect(res.body.errors).toEqual([]);
    expect(res.body.items).toHaveLength(1);
    const [run] = res.body.items;
    expect(run).toMatchObject({
      state: 'succeeded',
      pipeline: 'resource-configure',
      attempts: 1,
    });
    expect(run.stages.map((s: any) => [s.name, s.state, s.exitCode])).toEqual([
      ['reader', 'succeeded', 0],
      ['pipeline-stage-0', 'succeeded', 0],
      ['work-writer', 'succeeded', 0],
      ['status-writer', 'succeeded', 0],
    ]);
    expect(run.stages[0].startedAt).toEqual(expect.any(String));
    const promiseRuns = await request(server).get(
      `${PLATFORM}/promises/elastic-cloud/runs`,
    );
    expect(promiseRuns.body).toMatchObject({ items: [], errors: [] });
  });

  it('GET the placement of a request and of the Promise', async () => {
    const res = await request(server).get(`${EXAMPLE}/placement`);
    expect(res.body.errors).toEqual([]);
    expect(res.body.works.map((w: any) => [w.resource, w.state])).toEqual([
      ['example', 'ready'],
    ]);
    expect(
      res.body.works[0].workloadGroups[0].files.map((f: any) => f.path),
    ).toContain('elastic-crds.yaml');
    // The state is what the WorkPlacement's own Ready condition says. The simulator marks
    // it Ready once written; the real Kratix (at the source's commit) often leaves it
    // Ready=False/Pending although the files are in the state store: its scheduler's status
    // write races the WorkPlacement controller's (docs/test-environment.md).
    const [wp] = (
      (await env.platform.kubeConfig
        .makeApiClient(CustomObjectsApi)
        .listNamespacedCustomObject({
          group: 'platform.kratix.io',
          version: 'v1alpha1',
          namespace: 'default',
          plural: 'workplacements',
          labelSelector: `kratix.io/work=${res.body.works[0].name}`,
        })) as any
    ).items;
    const ready = wp.status.conditions.find((c: any) => c.type === 'Ready');
    const expected =
      ready.status === 'True' && ready.message === 'Ready'
        ? 'ready'
        : 'pending';
    expect(kratix.mode === 'real' || expected === 'ready').toBe(true);
    expect(
      res.body.workPlacements.map((p: any) => [
        p.destination,
        p.state,
        p.misplaced,
      ]),
    ).toEqual([['worker-1', expected, false]]);
    const promise = await request(server).get(
      `${PLATFORM}/promises/elastic-cloud/placement`,
    );
    expect(promise.body).toMatchObject({
      works: [],
      workPlacements: [],
      errors: [],
    });
  });

  it('GET Destinations with their state store and Ready condition', async () => {
    const res = await request(server).get(`${PLATFORM}/destinations`);
    expect(res.body.errors).toEqual([]);
    expect(res.body.items).toEqual([
      expect.objectContaining({
        name: 'worker-1',
        ready: 'True',
        readyReason: 'TestDocumentsWritten',
        stateStore: expect.objectContaining({
          kind: 'GitStateStore',
          name: 'default',
          found: true,
          ready: 'True',
        }),
        workers: ['worker'],
      }),
    ]);
    expect(
      (await request(server).get(`${PLATFORM}/destinations/worker-1`)).body
        .name,
    ).toBe('worker-1');
  });

  it('GET the requests placed on worker-1: both workshop requests, with their WorkPlacements there', async () => {
    const res = await eventually(
      "both requests' WorkPlacements on worker-1",
      async () => {
        const r = await request(server).get(
          `${PLATFORM}/destinations/worker-1/requests`,
        );
        return r.status === 200 && r.body.items.length === 2 ? r : undefined;
      },
    );
    expect(res.body.errors).toEqual([]);
    expect(
      res.body.items.map((i: any) => [
        i.request.platform,
        i.request.promise,
        i.request.namespace,
        i.request.name,
        i.placements.map((p: any) => p.destination),
      ]),
    ).toEqual([
      ['testenv', 'elastic-cloud', 'default', 'example', ['worker-1']],
      ['testenv', 'elastic-cloud', 'default', 'second-request', ['worker-1']],
    ]);
    // The WorkPlacements the per-request placement route answers for worker-1.
    const placement = await request(server).get(`${EXAMPLE}/placement`);
    expect(res.body.items[0].placements.map((p: any) => p.name)).toEqual(
      placement.body.workPlacements
        .filter((p: any) => p.destination === 'worker-1')
        .map((p: any) => p.name),
    );

    const unknown = await request(server).get(
      `${PLATFORM}/destinations/worker-9/requests`,
    );
    expect([unknown.status, unknown.body.error?.message]).toEqual([
      404,
      "No Destination 'worker-9' on Kratix platform 'testenv'",
    ]);

    // The restricted token may read Destinations but not Works or WorkPlacements.
    const restricted = await request(server).get(
      `${API}/platforms/restricted/destinations/worker-1/requests`,
    );
    expect(restricted.status).toBe(200);
    expect(restricted.body.items).toEqual([]);
    expect(restricted.body.errors).toEqual([
      expect.objectContaining({ platform: 'restricted', type: 'forbidden' }),
    ]);
  });

  it("GET worker health: real Flux fails the resources Kustomization on second-request's duplicate CRD", async () => {
    const worker = await eventually(
      'the resources Kustomization to fail',
      async () => {
        const res = await request(server).get(
          `${PLATFORM}/destinations/worker-1/health`,
        );
        const [w] = res.body.workers ?? [];
        return w?.kustomizations.some((k: any) =>
          k.message?.includes('may not add resource'),
        )
          ? w
          : undefined;
      },
    );
    expect(worker).toMatchObject({
      cluster: 'worker',
      reachable: true,
      healthy: false,
    });
    const failing = worker.kustomizations.find(
      (k: any) => k.reason === 'BuildFailed',
    );
    expect(failing).toMatchObject({
      reason: 'BuildFailed',
      implicatedRequests: [
        // named by kustomize (the second file that registers the CRD)
        {
          namespace: 'default',
          promise: 'elastic-cloud',
          name: 'second-request',
        },
        // found by the backend in the WorkPlacements: its output holds the same CRD
        {
          namespace: 'default',
          promise: 'elastic-cloud',
          name: 'example',
          carries:
            'CustomResourceDefinition.v1.apiextensions.k8s.io/elasticsearches.elasticsearch.k8s.elastic.co.[noNs]',
        },
      ],
    });
    expect(failing.message).toContain(
      'may not add resource with an already registered id: CustomResourceDefinition.v1.apiextensions.k8s.io/elasticsearches.elasticsearch.k8s.elastic.co',
    );
    expect(worker.sources.map((s: any) => [s.kind, s.ready])).toEqual([
      ['GitRepository', 'True'],
    ]);
  });

  it("GET a stage's logs: text, tail, download, follow", async () => {
    const run = (await request(server).get(`${EXAMPLE}/runs`)).body.items[0];
    const logs = `${PLATFORM}/pods/default/${run.pod}/logs`;
    const stage = await request(server).get(`${logs}/pipeline-stage-0`);
    expect(stage.status).toBe(200);
    expect(stage.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(stage.text).toContain('Downloading CRDS...');
    expect(stage.text).toContain('Copying files to /kratix/output...');
    const tail = await request(server).get(
      `${logs}/pipeline-stage-0?tailLines=1`,
    );
    expect(tail.text.trim().split('\n')).toHaveLength(1);
    const download = await request(server).get(
      `${logs}/status-writer?download=true`,
    );
    expect(download.headers['content-disposition']).toBe(
      `attachment; filename="${run.pod}_status-writer.log"`,
    );
    const limited = await request(server).get(`${logs}/reader?limitBytes=7`);
    expect(limited.text).toHaveLength(7);

    // Following: lines the container writes later arrive on the open, chunked response.
    const { port } = server.address();
    const received: string[] = [];
    const follow = get(
      `http://127.0.0.1:${port}${logs}/work-writer?follow=true`,
    );
    const response = await new Promise<IncomingMessage>(resolve =>
      follow.on('response', resolve),
    );
    expect(response.headers['transfer-encoding']).toBe('chunked');
    response.on('data', chunk => received.push(String(chunk)));
    const first = (await request(server).get(`${logs}/work-writer`)).text.split(
      '\n',
    )[0];
    expect(first.length).toBeGreaterThan(0);
    await eventually('the existing lines', async () =>
      received.join('').includes(first) ? true : undefined,
    );
    await env.platform.setPodLogs!('default', run.pod, {
      'work-writer': ['a line written later'],
    });
    await eventually('the new line', async () =>
      received.join('').includes('a line written later') ? true : undefined,
    );
    follow.destroy();
  });

  it("refuses the logs of a Pod that is not one of Kratix's", async () => {
    await env.platform.kubeConfig.makeApiClient(CoreV1Api).createNamespacedPod({
      namespace: 'default',
      body: {
        metadata: { name: 'not-kratix' },
        spec: { containers: [{ name: 'app', image: 'busybox' }] },
      },
    });
    const res = await request(server).get(
      `${PLATFORM}/pods/default/not-kratix/logs/app`,
    );
    expect(res.status).toBe(404);
    expect(res.body.error.message).toContain(
      "No Kratix pipeline Pod 'default/not-kratix'",
    );
  });

  it('re-runs a request: Kratix starts a new Job', async () => {
    const res = await request(server).post(`${EXAMPLE}/rerun`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      operation: 'rerun',
      by: 'user:default/mock',
    });
    const runs = await eventually('a second run', async () => {
      const r = await request(server).get(`${EXAMPLE}/runs`);
      return r.body.items.length === 2 &&
        r.body.items.every((x: any) => x.state === 'succeeded')
        ? r.body.items
        : undefined;
    });
    expect(runs.map((r: any) => r.state)).toEqual(['succeeded', 'succeeded']);
    expect(
      (await request(server).get(EXAMPLE)).body.lastOperation,
    ).toMatchObject({ operation: 'rerun', by: 'user:default/mock' });
  });

  it('keeps the newest 5 runs of a pipeline, as Kratix prunes them, and says older ones were pruned', async () => {
    const api = server;
    const runNames = async () =>
      new Set<string>(
        (await request(api).get(`${EXAMPLE}/runs`)).body.items.map(
          (r: any) => r.name,
        ),
      );
    const before = (await runNames()).size;
    const rerunOnce = async (i: number) => {
      const names = await runNames();
      expect((await request(api).post(`${EXAMPLE}/rerun`)).status).toBe(200);
      await eventually(`re-run ${i + 1} to finish`, async () => {
        const r = await request(api).get(`${EXAMPLE}/runs`);
        const fresh = r.body.items.filter((x: any) => !names.has(x.name));
        return fresh.length === 1 && fresh[0].state === 'succeeded'
          ? true
          : undefined;
      });
    };
    for (let i = 0; i < 7; i++) await rerunOnce(i);
    const runs = await eventually(
      'Kratix to prune down to 5 runs',
      async () => {
        const r = await request(server).get(`${EXAMPLE}/runs`);
        return r.body.items.length === 5 &&
          r.body.retention.prunedSeen === before + 7 - 5
          ? r.body
          : undefined;
      },
    );
    expect(runs.items.every((r: any) => r.state === 'succeeded')).toBe(true);
    expect(runs.retention).toMatchObject({
      keptPerPipeline: 5,
      atLimit: ['resource.configure/resource-configure'],
      prunedSeen: before + 2,
    });
  }, 300_000);

  it('pauses and resumes a request and a Promise', async () => {
    expect((await request(server).post(`${EXAMPLE}/pause`)).status).toBe(200);
    await eventually('the request to be paused', async () => {
      const r = await request(server).get(EXAMPLE);
      return r.body.state === 'paused' &&
        r.body.conditions.some(
          (c: any) =>
            c.type === 'Reconciled' && c.reason === 'PausedReconciliation',
        )
        ? true
        : undefined;
    });
    expect((await request(server).post(`${EXAMPLE}/resume`)).status).toBe(200);
    await eventually('the request to be reconciled again', async () => {
      const r = await request(server).get(EXAMPLE);
      return r.body.state === 'ready' ? true : undefined;
    });
    expect(
      (await request(server).post(`${PLATFORM}/promises/elastic-cloud/pause`))
        .status,
    ).toBe(200);
    expect(
      (await request(server).get(`${PLATFORM}/promises/elastic-cloud`)).body
        .paused,
    ).toBe(true);
    expect(
      (await request(server).post(`${PLATFORM}/promises/elastic-cloud/resume`))
        .status,
    ).toBe(200);
    expect(
      (await request(server).get(`${PLATFORM}/promises/elastic-cloud`)).body
        .paused,
    ).toBe(false);
  });

  it('deletes a request; the worker then recovers', async () => {
    const res = await request(server).delete(SECOND);
    expect(res.status).toBe(202);
    await eventually('second-request to be gone', async () =>
      (await request(server).get(SECOND)).status === 404 ? true : undefined,
    );
    await env.requestFluxReconcile();
    const worker = await eventually(
      'the worker to be healthy',
      async () => {
        const r = await request(server).get(
          `${PLATFORM}/destinations/worker-1/health`,
        );
        return r.body.workers?.[0]?.healthy ? r.body.workers[0] : undefined;
      },
      120_000,
    );
    expect(worker.kustomizations.every((k: any) => k.ready === 'True')).toBe(
      true,
    );
  });

  it('maps what the restricted token may not do to 403, and what it may to partial results', async () => {
    const requests = await request(server).get(
      `${API}/platforms/restricted/promises/elastic-cloud/requests`,
    );
    expect(requests.status).toBe(403);
    expect(requests.body.error.cause).toMatchObject({
      platform: 'restricted',
      type: 'forbidden',
      statusCode: 403,
    });

    const destinations = await request(server).get(
      `${API}/platforms/restricted/destinations`,
    );
    expect(destinations.status).toBe(200);
    expect(
      destinations.body.items.map((d: any) => [d.name, d.stateStore.found]),
    ).toEqual([['worker-1', false]]);
    expect(destinations.body.errors).toEqual([
      expect.objectContaining({ platform: 'restricted', type: 'forbidden' }),
    ]);

    const rerun = await request(server).post(
      `${API}/platforms/restricted/promises/elastic-cloud/rerun`,
    );
    expect(rerun.status).toBe(403);
    // A write Kubernetes refuses quotes Kubernetes' own reason.
    expect(rerun.body.error).toMatchObject({
      name: 'NotAllowedError',
      message: expect.stringMatching(
        /^Kubernetes refused to rerun .* on Kratix platform 'restricted' as the plugin's own identity: .*forbidden/,
      ),
    });

    const logs = await request(server).get(
      `${API}/platforms/restricted/pods/default/some-pod/logs/reader`,
    );
    expect(logs.status).toBe(403);
  });

  it('answers "logs unavailable" once no kubelet answers', async () => {
    const run = (await request(server).get(`${EXAMPLE}/runs`)).body.items[0];
    await env.platform.stopNode!();
    const res = await request(server).get(
      `${PLATFORM}/pods/default/${run.pod}/logs/pipeline-stage-0`,
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      logsUnavailable: true,
      platform: 'testenv',
      namespace: 'default',
      pod: run.pod,
      container: 'pipeline-stage-0',
      reason: 'kubelet-unreachable',
    });
    expect(res.body.message).toContain(
      "The API server could not get the log from the node's kubelet",
    );
    expect(kratix.errors).toEqual([]);
  });
});
