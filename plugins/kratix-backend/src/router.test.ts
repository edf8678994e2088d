import request from 'supertest';
import {
  NOW,
  permissionsAllowing,
  startKratixBackend,
} from './__testUtils__/testBackend';

const API = '/api/kratix';
const REQUEST = `${API}/platforms/demo/requests/default/elastic-cloud`;
const DUPLICATE_CRD =
  "kustomize build failed: accumulating resources: accumulation err='merging resources from './default/elastic-cloud/second-request/resource-configure/5058f/elastic-crds.yaml': may not add resource with an already registered id: CustomResourceDefinition.v1.apiextensions.k8s.io/elasticsearches.elasticsearch.k8s.elastic.co.[noNs]'";

describe('router: read routes on the demo platform', () => {
  let server: Awaited<ReturnType<typeof startKratixBackend>>['server'];

  beforeAll(async () => {
    ({ server } = await startKratixBackend());
  });

  it('GET /platforms lists the demo platform, marked as demo', async () => {
    const res = await request(server).get(`${API}/platforms`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      items: [
        {
          name: 'demo',
          title: 'Kratix workshop (demo data)',
          demo: true,
          connection: 'demo',
          workers: [
            {
              name: 'demo-worker-1',
              destination: 'worker-1',
              connection: 'demo',
            },
          ],
          caches: [],
        },
      ],
      errors: [],
    });
  });

  it('GET /promises lists every Promise of every platform', async () => {
    const res = await request(server).get(`${API}/promises`);
    expect(res.status).toBe(200);
    expect(res.body.errors).toEqual([]);
    expect(res.body.items).toEqual([
      expect.objectContaining({
        platform: 'demo',
        demo: true,
        name: 'elastic-cloud',
        version: 'v0.1.0',
        status: 'Available',
        reconciled: 'True',
        paused: false,
        api: {
          group: 'workshop.kratix.io',
          version: 'v1alpha1',
          kind: 'elastic-cloud',
          plural: 'elastic-clouds',
          apiVersion: 'workshop.kratix.io/v1alpha1',
        },
        destinationSelectors: [{ matchLabels: { environment: 'dev' } }],
      }),
    ]);
    const filtered = await request(server).get(`${API}/promises?platform=demo`);
    expect(filtered.body.items.map((p: any) => p.name)).toEqual([
      'elastic-cloud',
    ]);
    expect(
      (await request(server).get(`${API}/platforms/demo/promises`)).body,
    ).toEqual(res.body);
  });

  it('GET a Promise: API schema, workflows and status', async () => {
    const res = await request(server).get(
      `${API}/platforms/demo/promises/elastic-cloud`,
    );
    expect(res.status).toBe(200);
    expect(res.body.workflows.resource.configure).toEqual([
      {
        name: 'resource-configure',
        containers: [
          {
            name: 'pipeline-stage-0',
            image: 'kratix-workshop/elastic-pipeline:dev',
          },
        ],
      },
    ]);
    expect(
      res.body.apiSchema.properties.spec.properties.enableDataCollection,
    ).toMatchObject({ type: 'boolean', default: false });
    expect(
      res.body.conditions.map((c: any) => `${c.type}=${c.status}`),
    ).toEqual([
      'RequirementsFulfilled=True',
      'Available=True',
      'WorksSucceeded=True',
      'Reconciled=True',
    ]);
  });

  it("GET a Promise's requests, and every request", async () => {
    const res = await request(server).get(
      `${API}/platforms/demo/promises/elastic-cloud/requests`,
    );
    expect(res.status).toBe(200);
    expect(
      res.body.items.map((r: any) => [
        r.name,
        r.namespace,
        r.state,
        r.message,
        r.demo,
      ]),
    ).toEqual([
      ['example', 'default', 'ready', 'Resource requested', true],
      // Kratix's part succeeded; worker-1's Flux refuses its output.
      ['second-request', 'default', 'failing', 'Resource requested', true],
    ]);
    const second = res.body.items[1];
    expect(second.stateReason).toBe('worker');
    expect(second.worker).toEqual({
      state: 'failing',
      destinations: [
        expect.objectContaining({
          destination: 'worker-1',
          state: 'failing',
          kustomization: 'flux-system/kratix-worker-resources',
          message: expect.stringContaining(
            'may not add resource with an already registered id',
          ),
        }),
      ],
    });
    expect(res.body.items[0].worker.state).toBe('unknown');
    const all = await request(server).get(`${API}/requests?namespace=default`);
    expect(all.body).toEqual(res.body);
    const none = await request(server).get(
      `${API}/platforms/demo/promises/elastic-cloud/requests?namespace=other`,
    );
    expect(none.body).toEqual({ items: [], errors: [] });
  });

  it('GET /requests/summary counts the requests in total, by state and by Promise', async () => {
    const res = await request(server).get(`${API}/requests/summary`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      total: 2,
      byState: { ready: 1, failing: 1 },
      byHealth: {},
      suspended: 0,
      byPromise: [
        {
          platform: 'demo',
          promise: 'elastic-cloud',
          total: 2,
          byState: { ready: 1, failing: 1 },
          byHealth: {},
        },
      ],
      errors: [],
    });
    const filtered = await request(server).get(
      `${API}/requests/summary?platform=demo&namespace=other`,
    );
    expect(filtered.body).toEqual({
      total: 0,
      byState: {},
      byHealth: {},
      suspended: 0,
      byPromise: [],
      errors: [],
    });
    const unknown = await request(server).get(
      `${API}/requests/summary?platform=nope`,
    );
    expect(unknown.status).toBe(404);
  });

  it('GET /requests without paging answers as before: every request, no totalCount', async () => {
    const res = await request(server).get(`${API}/requests`);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['errors', 'items']);
    expect(res.body.items.map((r: any) => r.name)).toEqual([
      'example',
      'second-request',
    ]);
  });

  it('GET /requests pages, searches and filters by state, with totalCount', async () => {
    const first = await request(server).get(`${API}/requests?limit=1`);
    expect(first.status).toBe(200);
    expect(first.body.totalCount).toBe(2);
    expect(first.body.errors).toEqual([]);
    expect(first.body.items.map((r: any) => r.name)).toEqual(['example']);
    const second = await request(server).get(
      `${API}/requests?limit=1&offset=1`,
    );
    expect(second.body.items.map((r: any) => r.name)).toEqual([
      'second-request',
    ]);
    const search = await request(server).get(`${API}/requests?search=SECOND`);
    expect(search.body.totalCount).toBe(1);
    expect(search.body.items.map((r: any) => r.name)).toEqual([
      'second-request',
    ]);
    const byPromise = await request(server).get(
      `${API}/requests?search=elastic&limit=20&offset=0`,
    );
    expect(byPromise.body.totalCount).toBe(2);
    const ready = await request(server).get(`${API}/requests?state=ready`);
    expect(ready.body.totalCount).toBe(1);
    const failing = await request(server).get(`${API}/requests?state=failing`);
    expect(failing.body.items.map((r: any) => r.name)).toEqual([
      'second-request',
    ]);
    const pending = await request(server).get(
      `${API}/requests?state=pending&platform=demo`,
    );
    expect(pending.body).toEqual({ items: [], errors: [], totalCount: 0 });
  });

  it.each([
    ['limit=0', 'Invalid query: limit must be at least 1'],
    ['limit=501', 'Invalid query: limit must be at most 500'],
    ['limit=ten', 'Invalid query: limit must be a whole number'],
    ['offset=-1', 'Invalid query: offset must be a whole number'],
    [
      'state=broken',
      'Invalid query: state must be ready, pending, failing, paused or deleting',
    ],
    ['search=a&search=b', 'Invalid query: search '],
    ['page=2', 'Invalid query: unknown page'],
  ])('GET /requests?%s answers 400', async (query, message) => {
    const res = await request(server).get(`${API}/requests?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
    expect(res.body.error.message).toContain(message);
  });

  it('GET /requests/summary refuses unknown query parameters', async () => {
    const res = await request(server).get(`${API}/requests/summary?limit=1`);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe('Invalid query: unknown limit');
  });

  it('GET a request: status, conditions, message and status fields', async () => {
    const res = await request(server).get(`${REQUEST}/example`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      platform: 'demo',
      demo: true,
      promise: 'elastic-cloud',
      name: 'example',
      namespace: 'default',
      apiVersion: 'workshop.kratix.io/v1alpha1',
      kind: 'elastic-cloud',
      state: 'ready',
      message: 'Resource requested',
      paused: false,
      spec: { enableDataCollection: true },
      statusFields: {},
      workflows: { count: 1, succeeded: 1, failed: 0 },
      pipelines: [{ name: 'resource-configure', phase: 'Succeeded' }],
      createdAt: new Date(NOW - 30 * 60_000).toISOString(),
    });
    expect(
      res.body.conditions.map((c: any) => `${c.type}=${c.status}/${c.reason}`),
    ).toEqual([
      'ConfigureWorkflowCompleted=True/PipelinesExecutedSuccessfully',
      'Reconciled=True/Reconciled',
      'WorksSucceeded=True/WorksSucceeded',
    ]);
  });

  it('GET the runs of a request: each Job with its stages in order', async () => {
    const res = await request(server).get(`${REQUEST}/second-request/runs`);
    expect(res.status).toBe(200);
    expect(res.body.errors).toEqual([]);
    const [run] = res.body.items;
    expect(run).toMatchObject({
      platform: 'demo',
      demo: true,
      namespace: 'default',
      promise: 'elastic-cloud',
      pipeline: 'resource-configure',
      workflowType: 'resource',
      workflowAction: 'configure',
      resource: { name: 'second-request', namespace: 'default' },
      state: 'succeeded',
      durationMs: 22150,
      attempts: 1,
    });
    expect(run.name).toMatch(
      /^kratix-elastic-cloud-second-request-resource-configure-[0-9a-f]{5}$/,
    );
    expect(
      run.stages.map((s: any) => [
        s.name,
        s.origin,
        s.state,
        s.exitCode,
        s.durationMs,
      ]),
    ).toEqual([
      ['reader', 'kratix', 'succeeded', 0, 1800],
      ['pipeline-stage-0', 'pipeline', 'succeeded', 0, 14000],
      ['work-writer', 'kratix', 'succeeded', 0, 2600],
      ['status-writer', 'kratix', 'succeeded', 0, 1400],
    ]);
  });

  it('GET the runs of a Promise: none, as elastic-cloud has no promise workflows', async () => {
    const res = await request(server).get(
      `${API}/platforms/demo/promises/elastic-cloud/runs`,
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      items: [],
      errors: [],
      retention: {
        keptPerPipeline: 5,
        atLimit: [],
        prunedSeen: 0,
        watchingSince: expect.any(String),
      },
    });
  });

  it('GET the placement of a request: its Work, files and WorkPlacement on worker-1', async () => {
    const res = await request(server).get(`${REQUEST}/example/placement`);
    expect(res.status).toBe(200);
    expect(res.body.errors).toEqual([]);
    expect(res.body.works).toHaveLength(1);
    expect(res.body.works[0]).toMatchObject({
      promise: 'elastic-cloud',
      resource: 'example',
      state: 'ready',
      workType: 'resource',
    });
    expect(
      res.body.works[0].workloadGroups[0].files.map((f: any) => f.path),
    ).toEqual([
      'beats.yaml',
      'elastic-crds.yaml',
      'elastic-operator.yaml',
      'elasticsearch.yaml',
      'kibana.yaml',
    ]);
    expect(res.body.workPlacements).toEqual([
      expect.objectContaining({
        destination: 'worker-1',
        state: 'ready',
        misplaced: false,
        pending: false,
        written: expect.objectContaining({
          status: 'True',
          reason: 'WorkloadsWrittenToStateStore',
        }),
      }),
    ]);
    const withContent = await request(server).get(
      `${REQUEST}/example/placement?content=true`,
    );
    const crds = withContent.body.works[0].workloadGroups[0].files.find(
      (f: any) => f.path === 'elastic-crds.yaml',
    );
    expect(crds.content).toContain(
      'name: elasticsearches.elasticsearch.k8s.elastic.co',
    );
  });

  it('GET the placement of a Promise', async () => {
    const res = await request(server).get(
      `${API}/platforms/demo/promises/elastic-cloud/placement`,
    );
    expect(res.body).toEqual({
      platform: 'demo',
      demo: true,
      works: [],
      workPlacements: [],
      errors: [],
    });
  });

  it('GET Destinations and one Destination, with state store and Ready', async () => {
    const res = await request(server).get(`${API}/platforms/demo/destinations`);
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      expect.objectContaining({
        platform: 'demo',
        demo: true,
        name: 'worker-1',
        labels: { environment: 'dev' },
        path: 'worker-1',
        ready: 'True',
        readyReason: 'TestDocumentsWritten',
        stateStore: expect.objectContaining({
          kind: 'GitStateStore',
          name: 'default',
          found: true,
          ready: 'True',
        }),
        workers: ['demo-worker-1'],
      }),
    ]);
    const one = await request(server).get(
      `${API}/platforms/demo/destinations/worker-1`,
    );
    expect(one.body).toEqual(res.body.items[0]);
  });

  it('GET the requests placed on a Destination: both workshop requests, with their WorkPlacements on worker-1', async () => {
    const res = await request(server).get(
      `${API}/platforms/demo/destinations/worker-1/requests`,
    );
    expect(res.status).toBe(200);
    expect(res.body.errors).toEqual([]);
    expect(
      res.body.items.map((i: any) => [
        i.request.platform,
        i.request.promise,
        i.request.namespace,
        i.request.name,
        i.placements.map((p: any) => [p.destination, p.state, p.misplaced]),
      ]),
    ).toEqual([
      [
        'demo',
        'elastic-cloud',
        'default',
        'example',
        [['worker-1', 'ready', false]],
      ],
      [
        'demo',
        'elastic-cloud',
        'default',
        'second-request',
        [['worker-1', 'ready', false]],
      ],
    ]);
    // The same request and WorkPlacements as the request routes answer.
    const [example] = res.body.items;
    expect(example.request).toEqual(
      (await request(server).get(`${REQUEST}/example`)).body,
    );
    expect(example.placements).toEqual(
      (await request(server).get(`${REQUEST}/example/placement`)).body
        .workPlacements,
    );
  });

  it("GET worker health: the resources Kustomization fails with kustomize's duplicate-CRD error", async () => {
    const res = await request(server).get(
      `${API}/platforms/demo/destinations/worker-1/health`,
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      platform: 'demo',
      demo: true,
      destination: 'worker-1',
      errors: [],
    });
    const [worker] = res.body.workers;
    expect(worker).toMatchObject({
      cluster: 'demo-worker-1',
      reachable: true,
      healthy: false,
    });
    expect(worker.kustomizations.map((k: any) => [k.name, k.ready])).toEqual([
      ['kratix-worker-dependencies', 'True'],
      ['kratix-worker-resources', 'False'],
    ]);
    expect(worker.kustomizations[1]).toMatchObject({
      reason: 'BuildFailed',
      message: DUPLICATE_CRD,
      implicatedRequests: [
        {
          namespace: 'default',
          promise: 'elastic-cloud',
          name: 'second-request',
        },
        // Not named by kustomize, but its output holds the same CRD.
        {
          namespace: 'default',
          promise: 'elastic-cloud',
          name: 'example',
          carries:
            'CustomResourceDefinition.v1.apiextensions.k8s.io/elasticsearches.elasticsearch.k8s.elastic.co.[noNs]',
        },
      ],
    });
    expect(worker.sources).toEqual([
      expect.objectContaining({
        kind: 'GitRepository',
        name: 'kratix',
        ready: 'True',
      }),
    ]);
  });

  it('answers 404 naming what does not exist', async () => {
    const cases: Array<[string, string]> = [
      [
        `${API}/platforms/nope/promises`,
        "No Kratix platform named 'nope'; configured: demo",
      ],
      [
        `${API}/platforms/demo/promises/redis`,
        "No Promise 'redis' on Kratix platform 'demo'",
      ],
      [
        `${REQUEST}/third`,
        "No elastic-cloud request 'default/third' on Kratix platform 'demo'",
      ],
      [
        `${API}/platforms/demo/destinations/worker-9`,
        "No Destination 'worker-9' on Kratix platform 'demo'",
      ],
      [
        `${API}/platforms/demo/destinations/worker-9/health`,
        "No Destination 'worker-9' on Kratix platform 'demo'",
      ],
      [
        `${API}/platforms/demo/destinations/worker-9/requests`,
        "No Destination 'worker-9' on Kratix platform 'demo'",
      ],
      [
        `${API}/platforms/nope/destinations/worker-1/requests`,
        "No Kratix platform named 'nope'; configured: demo",
      ],
    ];
    for (const [path, message] of cases) {
      const res = await request(server).get(path);
      expect([
        path,
        res.status,
        res.body.error?.name,
        res.body.error?.message,
      ]).toEqual([path, 404, 'NotFoundError', message]);
    }
  });
});

describe('router: the requests placed on a Destination need kratix.resource.read', () => {
  it('answers 403, listing no request, when the caller may not read requests', async () => {
    const { server } = await startKratixBackend({
      features: [permissionsAllowing(['kratix.logs.read'])],
    });
    const res = await request(server).get(
      `${API}/platforms/demo/destinations/worker-1/requests`,
    );
    expect(res.status).toBe(403);
    expect(res.body.items).toBeUndefined();
    expect(res.body.error).toEqual({
      name: 'NotAllowedError',
      message: 'Missing permission kratix.resource.read',
    });
  });
});

describe('router: the request summary and pages need kratix.resource.read', () => {
  it('answers 403 when the caller may not read requests', async () => {
    const { server } = await startKratixBackend({
      features: [permissionsAllowing(['kratix.logs.read'])],
    });
    for (const path of ['/requests/summary', '/requests?limit=20']) {
      const res = await request(server).get(`${API}${path}`);
      expect(res.status).toBe(403);
      expect(res.body.total).toBeUndefined();
      expect(res.body.items).toBeUndefined();
    }
  });
});
