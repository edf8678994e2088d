import { get } from 'node:http';
import { resolve } from 'node:path';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  type TestBackend,
} from '@backstage/backend-test-utils';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import scaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import catalogModuleKratix from '@kratix-backstage/plugin-catalog-backend-module-kratix';
import {
  type KratixDriver,
  type KratixTestEnvironment,
  RealKratix,
  readServiceAccountTokenSecret,
  runKubectl,
  type StoppableProcess,
  startClusterRoleAggregation,
  startWorkshopPlatform,
  waitFor,
  waitForAggregatedClusterRole,
} from '@internal/kratix-testenv';
import request from 'supertest';
import kratixBackend from '@kratix-backstage/plugin-kratix-backend';

jest.setTimeout(600_000);

// The manifests users apply (deploy/README.md), read from the repository as they are.
const DEPLOY = resolve(__dirname, '../../../deploy');
// What the platform team adds for the workshop Promise's API group (workshop.kratix.io).
const WORKSHOP_REQUEST_KINDS = `${DEPLOY}/request-kinds/workshop.kratix.io.yaml`;
const NAMESPACE = 'backstage';
const TOKEN_SECRET = 'backstage-kratix-token';

const API = '/api/kratix';
const PLATFORM = `${API}/platforms/testenv`;
const PROMISE = `${PLATFORM}/promises/elastic-cloud`;
const EXAMPLE = `${PLATFORM}/requests/default/elastic-cloud/example`;
const SECOND = `${PLATFORM}/requests/default/elastic-cloud/second-request`;
const CREATED = `${PLATFORM}/requests/default/elastic-cloud/rbac-created`;

function eventually<T>(
  what: string,
  check: () => Promise<T | undefined>,
  ms = 60_000,
): Promise<T> {
  return waitFor(what, check, { timeoutMs: ms, intervalMs: 250 });
}

/**
 * What in an answer says that the credentials were refused something: a non-empty
 * `errors[]` (partial results), a cache error, a "logs unavailable", any `forbidden`.
 */
function refusalsIn(value: unknown, path = 'body'): string[] {
  if (Array.isArray(value))
    return value.flatMap((v, i) => refusalsIn(v, `${path}[${i}]`));
  if (!value || typeof value !== 'object')
    return typeof value === 'string' && /forbidden/i.test(value)
      ? [`${path}: ${value}`]
      : [];
  const found: string[] = [];
  for (const [key, v] of Object.entries(value)) {
    if (key === 'errors' && Array.isArray(v) && v.length)
      found.push(`${path}.errors: ${JSON.stringify(v)}`);
    else if (
      key === 'lastError' ||
      key === 'staleSince' ||
      key === 'logsUnavailable'
    )
      found.push(`${path}.${key}: ${JSON.stringify(v)}`);
    else found.push(...refusalsIn(v, `${path}.${key}`));
  }
  return found;
}

// The Kratix backend plugin and the catalog module connected by URL + ServiceAccount token
// + CA, with exactly the RBAC of deploy/ (kubectl apply -k deploy/platform, deploy/worker,
// and the request kinds of the workshop Promise's group), on the workshop platform (real
// Kratix when built, else the simulator) and a worker with real Flux. Every route and the
// catalog sync must work: nothing refused, no 403, no cache failing.
describe('the RBAC of deploy/ is what the plugin needs', () => {
  let env: KratixTestEnvironment;
  let kratix: KratixDriver;
  let aggregation: StoppableProcess | undefined;
  let backend: TestBackend | undefined;
  let server: any;
  const answered: string[] = [];
  let platform: { token: string; caData: string };

  /** Calls a route; fails on another status than `expected` and on any refusal. */
  async function call(
    method: 'get' | 'post' | 'delete',
    path: string,
    expected: number,
    body?: object,
  ) {
    const req = request(server)[method](path);
    const res = await (body ? req.send(body) : req);
    const route = `${method.toUpperCase()} ${path}`;
    answered.push(`${res.status} ${route}`);
    const problems = [
      ...(res.status === expected
        ? []
        : [
            `status ${res.status}, expected ${expected}: ${res.text.slice(
              0,
              800,
            )}`,
          ]),
      ...(res.status === 404 && expected === 404 ? [] : refusalsIn(res.body)),
      ...(/forbidden/i.test(res.text ?? '') && expected !== 404
        ? [`text: ${res.text.slice(0, 800)}`]
        : []),
    ];
    if (problems.length)
      throw new Error(`${route} answered: ${problems.join('; ')}`);
    return res;
  }

  /** Reads the NDJSON events of a request until `done` says so. */
  function followEvents(
    path: string,
    done: (events: any[]) => boolean,
    ms = 60_000,
  ): { events: any[]; finished: Promise<any[]> } {
    const events: any[] = [];
    const { port } = server.address();
    const timer: { id?: NodeJS.Timeout } = {};
    const finished = new Promise<any[]>((resolvePromise, reject) => {
      let buffer = '';
      const req = get(`http://127.0.0.1:${port}${path}`, res => {
        answered.push(`${res.statusCode} GET ${path}`);
        if (res.statusCode !== 200) {
          req.destroy();
          reject(new Error(`GET ${path} answered ${res.statusCode}`));
          return;
        }
        res.on('data', chunk => {
          buffer += String(chunk);
          let end = buffer.indexOf('\n');
          while (end >= 0) {
            const line = buffer.slice(0, end).trim();
            buffer = buffer.slice(end + 1);
            if (line) events.push(JSON.parse(line));
            end = buffer.indexOf('\n');
          }
          if (done(events)) {
            clearTimeout(timer.id);
            req.destroy();
            resolvePromise(events);
          }
        });
      });
      req.on('error', () => undefined);
      timer.id = setTimeout(() => {
        req.destroy();
        reject(
          new Error(
            `GET ${path}: timed out; events so far: ${JSON.stringify(events)}`,
          ),
        );
      }, ms);
    });
    return { events, finished };
  }

  const entities = async () => {
    const res = await request(server)
      .get(
        '/api/catalog/entities?filter=metadata.annotations.kratix.io/platform=testenv',
      )
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    return (res.body as any[]).map(e => `${e.kind}:${e.metadata.name}`).sort();
  };

  beforeAll(async () => {
    ({ env, kratix } = await startWorkshopPlatform({ suite: 'RBAC' }));
    // Every real cluster aggregates ClusterRoles; the environment's controller-manager
    // does not run that controller, so it runs here.
    aggregation = await startClusterRoleAggregation(env, 'platform');

    // What a user runs (deploy/README.md).
    await runKubectl(env, 'platform', ['apply', '-k', `${DEPLOY}/platform`]);
    await runKubectl(env, 'platform', ['apply', '-f', WORKSHOP_REQUEST_KINDS]);
    await runKubectl(env, 'platform', ['apply', '-k', `${DEPLOY}/policy`]);
    await runKubectl(env, 'worker', ['apply', '-k', `${DEPLOY}/worker`]);
    await waitForAggregatedClusterRole(
      env.platform.kubeConfig,
      'kratix-backstage-read',
    );
    await waitForAggregatedClusterRole(
      env.platform.kubeConfig,
      'kratix-backstage-operate',
    );
    platform = await readServiceAccountTokenSecret(
      env.platform.kubeConfig,
      NAMESPACE,
      TOKEN_SECRET,
    );
    const worker = await readServiceAccountTokenSecret(
      env.worker.kubeConfig,
      NAMESPACE,
      TOKEN_SECRET,
    );

    backend = await startTestBackend({
      features: [
        kratixBackend,
        catalogPlugin,
        scaffolderEntityModel,
        catalogModuleKratix,
        schedulerServiceFactory,
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              rules: [{ allow: ['Component', 'Resource', 'Template'] }],
            },
            kratix: {
              catalog: {
                defaultOwner: 'group:default/platform-team',
                schedule: {
                  frequency: { seconds: 10 },
                  timeout: { seconds: 30 },
                },
                batchMs: 200,
              },
              platforms: [
                {
                  name: 'testenv',
                  url: env.platform.server,
                  serviceAccountToken: platform.token,
                  caData: platform.caData,
                  requestTimeoutMs: 5000,
                  workers: [
                    {
                      name: 'worker',
                      destination: 'worker-1',
                      url: env.worker.server,
                      serviceAccountToken: worker.token,
                      caData: worker.caData,
                    },
                  ],
                },
              ],
            },
          },
        }),
      ],
    });
    server = backend.server;
  });

  afterAll(async () => {
    await backend?.stop();
    await aggregation?.stop();
    await kratix?.stop();
    await env?.stop();
  });

  it('connects to both clusters by URL, token and CA', async () => {
    await call('get', `${API}/health`, 200);
    const res = await call('get', `${API}/platforms`, 200);
    expect(res.body.items).toEqual([
      expect.objectContaining({
        name: 'testenv',
        demo: false,
        connection: 'url',
        workers: [
          { name: 'worker', destination: 'worker-1', connection: 'url' },
        ],
      }),
    ]);
  });

  it('reads Promises and requests: lists, pages, summary, details', async () => {
    const promises = await call('get', `${API}/promises`, 200);
    expect(promises.body.items.map((p: any) => [p.name, p.status])).toEqual([
      ['elastic-cloud', 'Available'],
    ]);
    await call('get', `${PLATFORM}/promises`, 200);
    const promise = await call('get', PROMISE, 200);
    expect(promise.body.api.apiVersion).toBe('workshop.kratix.io/v1alpha1');

    const all = await call('get', `${API}/requests`, 200);
    expect(all.body.items.map((r: any) => r.name)).toEqual([
      'example',
      'second-request',
    ]);
    // The worker's Flux refuses second-request's output (the workshop's duplicate CRDs):
    // with the deployed RBAC the backend reads that and judges it failing on worker-1.
    await eventually(
      'second-request to be judged failing on worker-1',
      async () =>
        (await call('get', SECOND, 200)).body.stateReason === 'worker'
          ? true
          : undefined,
      180_000,
    );
    const page = await call(
      'get',
      `${API}/requests?platform=testenv&namespace=default&limit=1&offset=0&search=elastic&state=failing`,
      200,
    );
    expect(page.body.totalCount).toBe(1);
    expect(page.body.items.map((r: any) => r.name)).toEqual(['second-request']);
    const summary = await call('get', `${API}/requests/summary`, 200);
    expect(summary.body).toMatchObject({
      total: 2,
      byState: { ready: 1, failing: 1 },
    });
    const forPromise = await call(
      'get',
      `${PROMISE}/requests?namespace=default`,
      200,
    );
    expect(forPromise.body.items).toHaveLength(2);
    const example = await call('get', EXAMPLE, 200);
    expect(example.body).toMatchObject({ name: 'example', state: 'ready' });
  });

  it('reads pipeline runs (Jobs and Pods) and placement (Works, WorkPlacements)', async () => {
    await call('get', `${PROMISE}/runs`, 200);
    const runs = await call('get', `${EXAMPLE}/runs`, 200);
    expect(runs.body.items.length).toBeGreaterThan(0);
    expect(runs.body.items[0].pod).toEqual(expect.any(String));
    expect(runs.body.items[0].stages.map((s: any) => s.name)).toContain(
      'pipeline-stage-0',
    );
    const placement = await call(
      'get',
      `${EXAMPLE}/placement?content=true`,
      200,
    );
    expect(placement.body.works.map((w: any) => w.resource)).toEqual([
      'example',
    ]);
    expect(placement.body.workPlacements.length).toBeGreaterThan(0);
    await call('get', `${PROMISE}/placement?content=true`, 200);
  });

  it('reads Destinations with their state store, the requests placed there and the worker health (Flux)', async () => {
    const list = await call('get', `${PLATFORM}/destinations`, 200);
    expect(
      list.body.items.map((d: any) => [d.name, d.stateStore?.found]),
    ).toEqual([['worker-1', true]]);
    const one = await call('get', `${PLATFORM}/destinations/worker-1`, 200);
    expect(one.body.stateStore.found).toBe(true);
    const placed = await call(
      'get',
      `${PLATFORM}/destinations/worker-1/requests`,
      200,
    );
    expect(placed.body.items.map((r: any) => r.request.name).sort()).toEqual([
      'example',
      'second-request',
    ]);
    // Once outside the wait: a refusal fails at once instead of at the timeout.
    await call('get', `${PLATFORM}/destinations/worker-1/health`, 200);
    const health = await eventually(
      'Flux to report on the worker',
      async () => {
        const res = await call(
          'get',
          `${PLATFORM}/destinations/worker-1/health`,
          200,
        );
        const [worker] = res.body.workers;
        return worker?.kustomizations?.length && worker.sources?.length
          ? worker
          : undefined;
      },
    );
    expect(health).toMatchObject({ reachable: true });
    expect(health.sources.map((s: any) => s.kind)).toEqual(['GitRepository']);
  });

  it('reads stage logs (pods/log): text, tail, bytes, download, follow', async () => {
    const [run] = (await call('get', `${EXAMPLE}/runs`, 200)).body.items;
    const logs = `${PLATFORM}/pods/${run.namespace}/${run.pod}/logs`;
    const text = await call('get', `${logs}/pipeline-stage-0`, 200);
    expect(text.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(text.text.length).toBeGreaterThan(0);
    const tail = await call('get', `${logs}/pipeline-stage-0?tailLines=1`, 200);
    expect(tail.text.trim().split('\n')).toHaveLength(1);
    const limited = await call('get', `${logs}/reader?limitBytes=5`, 200);
    expect(limited.text).toHaveLength(5);
    const download = await call(
      'get',
      `${logs}/status-writer?download=true`,
      200,
    );
    expect(download.headers['content-disposition']).toContain('attachment');

    const { port } = server.address();
    const received = await new Promise<string>((resolvePromise, reject) => {
      const req = get(
        `http://127.0.0.1:${port}${logs}/pipeline-stage-0?follow=true`,
        res => {
          answered.push(
            `${res.statusCode} GET ${logs}/pipeline-stage-0?follow=true`,
          );
          if (
            res.statusCode !== 200 ||
            !/text\/plain/.test(String(res.headers['content-type']))
          )
            reject(
              new Error(
                `follow answered ${res.statusCode} ${res.headers['content-type']}`,
              ),
            );
          res.once('data', chunk => {
            req.destroy();
            resolvePromise(String(chunk));
          });
        },
      );
      req.on('error', () => undefined);
    });
    expect(received.length).toBeGreaterThan(0);
  });

  it('creates a request (dry run, create, update) and follows its events', async () => {
    const body = {
      name: 'rbac-created',
      namespace: 'default',
      spec: { enableDataCollection: false },
    };
    const dry = await call(
      'post',
      `${PROMISE}/requests?dryRun=true`,
      200,
      body,
    );
    expect(dry.body).toMatchObject({ dryRun: true, updated: false });
    await call('get', CREATED, 404);

    const created = await call('post', `${PROMISE}/requests`, 201, body);
    expect(created.body).toMatchObject({ dryRun: false, updated: false });
    expect(created.body.uid).toEqual(expect.any(String));
    const updated = await call('post', `${PROMISE}/requests`, 200, {
      ...body,
      labels: { team: 'rbac' },
      updateExisting: true,
    });
    expect(updated.body).toMatchObject({ updated: true });

    // Kratix reconciles it: a pipeline run, seen through the request, Job and Pod watches.
    const { finished } = followEvents(`${CREATED}/events`, events =>
      events.some(e => e.type === 'run' && e.state === 'succeeded'),
    );
    const events = await finished;
    expect(events.map(e => e.type)).toEqual(
      expect.arrayContaining(['run', 'stage', 'status']),
    );
    await eventually('the catalog to show the new request', async () =>
      (
        await entities()
      ).includes('Resource:testenv-default-elastic-cloud-rbac-created')
        ? true
        : undefined,
    );
  });

  it('re-runs a request: Kratix starts a new run, followed on the events stream', async () => {
    const before = new Set<string>(
      (await call('get', `${EXAMPLE}/runs`, 200)).body.items.map(
        (r: any) => r.name,
      ),
    );
    const { events, finished } = followEvents(`${EXAMPLE}/events`, sent =>
      sent.some(
        e => e.type === 'run' && !before.has(e.run) && e.state === 'succeeded',
      ),
    );
    // The stream starts with the current state (ending with its status).
    await eventually('the current state on the stream', async () =>
      events.some(e => e.type === 'status') ? true : undefined,
    );
    const rerun = await call('post', `${EXAMPLE}/rerun`, 200);
    expect(rerun.body).toMatchObject({ operation: 'rerun' });
    await finished;
    expect((await call('get', EXAMPLE, 200)).body.lastOperation).toMatchObject({
      operation: 'rerun',
    });
  });

  it('pauses and resumes a request and the Promise, re-runs the Promise', async () => {
    await call('post', `${EXAMPLE}/pause`, 200);
    await eventually('the request to be paused', async () =>
      (await call('get', EXAMPLE, 200)).body.paused ? true : undefined,
    );
    await call('post', `${EXAMPLE}/resume`, 200);
    await eventually('the request to be resumed', async () =>
      (await call('get', EXAMPLE, 200)).body.paused === false
        ? true
        : undefined,
    );
    await call('post', `${PROMISE}/pause`, 200);
    expect((await call('get', PROMISE, 200)).body.paused).toBe(true);
    await call('post', `${PROMISE}/resume`, 200);
    expect((await call('get', PROMISE, 200)).body.paused).toBe(false);
    const rerun = await call('post', `${PROMISE}/rerun`, 200);
    expect(rerun.body).toMatchObject({ operation: 'rerun' });
  });

  it('previews a request (Kratix DryRun or the API server dry run) and creates nothing', async () => {
    // Kratix completes a DryRun only once its output is placed on a dry-run Destination.
    if (kratix instanceof RealKratix) await kratix.registerDryRunDestination();
    const preview = await call('post', `${PROMISE}/requests/preview`, 200, {
      name: 'rbac-preview',
      namespace: 'default',
      spec: { enableDataCollection: true },
    });
    expect(['kratix-dry-run', 'server-dry-run']).toContain(preview.body.method);
    expect(preview.body.note).toEqual(expect.any(String));
    expect(preview.body.object.metadata.name).toBe('rbac-preview');
    // A DryRun Kratix answered completed; the API server's dry run has no DryRun.
    expect(preview.body.dryRun?.state).toBe(
      preview.body.method === 'kratix-dry-run' ? 'completed' : undefined,
    );
    await call(
      'get',
      `${PLATFORM}/requests/default/elastic-cloud/rbac-preview`,
      404,
    );
  });

  it('resumes a suspended workflow (removes kratix.io/workflow-suspended); refuses one that is not', async () => {
    const refused = await call('post', `${EXAMPLE}/resume-workflow`, 409);
    expect(refused.body.error.message).toMatch(
      /no suspended workflow to resume/,
    );
    // Paused first: real Kratix skips a paused request before it looks at the suspension
    // label, so it cannot lift the hand-made suspension before the backend does.
    await call('post', `${EXAMPLE}/pause`, 200);
    await eventually('the request to be paused', async () =>
      (await call('get', EXAMPLE, 200)).body.paused ? true : undefined,
    );
    await runKubectl(env, 'platform', [
      'label',
      '--overwrite',
      '-n',
      'default',
      'elastic-clouds.workshop.kratix.io/example',
      'kratix.io/workflow-suspended=true',
    ]);
    await eventually('the backend to see the suspension label', async () =>
      (
        await call('get', EXAMPLE, 200)
      ).body.labels['kratix.io/workflow-suspended'] === 'true'
        ? true
        : undefined,
    );
    const resumed = await call('post', `${EXAMPLE}/resume-workflow`, 200);
    expect(resumed.body).toMatchObject({ operation: 'resume-workflow' });
    await eventually('the label to be gone', async () =>
      (
        await call('get', EXAMPLE, 200)
      ).body.labels['kratix.io/workflow-suspended'] === undefined
        ? true
        : undefined,
    );
    await call('post', `${EXAMPLE}/resume`, 200);
  });

  it('deletes a request; the catalog drops it', async () => {
    const res = await call('delete', CREATED, 202);
    expect(res.body).toMatchObject({ operation: 'delete' });
    await eventually('the request to be gone', async () =>
      (await request(server).get(CREATED)).status === 404 ? true : undefined,
    );
    await eventually('the catalog to drop it', async () =>
      (
        await entities()
      ).includes('Resource:testenv-default-elastic-cloud-rbac-created')
        ? undefined
        : true,
    );
  });

  it('syncs the catalog: the Promise, its template, the requests and the Destination', async () => {
    const expected = [
      'Component:testenv-elastic-cloud',
      'Resource:testenv-default-elastic-cloud-example',
      'Resource:testenv-default-elastic-cloud-second-request',
      'Resource:testenv-destination-worker-1',
      'Template:kratix-testenv-elastic-cloud',
    ];
    const names = await eventually('the catalog sync', async () => {
      const all = await entities();
      return expected.every(e => all.includes(e)) ? all : undefined;
    });
    expect(names).toEqual(expect.arrayContaining(expected));
  });

  it("deploy/policy: the token may change a Promise's labels, not its spec", async () => {
    const asBackstage = (...args: string[]) =>
      runKubectl(env, 'platform', [`--token=${platform.token}`, ...args]);
    await asBackstage('label', 'promise', 'elastic-cloud', 'rbac-test=yes');
    await asBackstage('label', 'promise', 'elastic-cloud', 'rbac-test-');
    const spec = JSON.stringify({
      spec: { destinationSelectors: [{ matchLabels: { environment: 'x' } }] },
    });
    await expect(
      asBackstage(
        'patch',
        'promise',
        'elastic-cloud',
        '--type=merge',
        '-p',
        spec,
      ),
    ).rejects.toThrow(
      'Backstage may change only the labels and annotations of a Promise',
    );
  });

  it('left no cache failing and answered no 403', async () => {
    const res = await call('get', `${API}/platforms`, 200);
    const caches = res.body.items[0].caches as any[];
    expect(caches.map(c => `${c.cluster}:${c.kind}`).sort()).toEqual([
      'testenv:bucketstatestores.platform.kratix.io',
      'testenv:destinations.platform.kratix.io',
      'testenv:elastic-clouds.workshop.kratix.io',
      'testenv:gitstatestores.platform.kratix.io',
      'testenv:healthrecords.platform.kratix.io',
      'testenv:jobs.batch',
      'testenv:pods',
      'testenv:promiserevisions.platform.kratix.io',
      'testenv:promises.platform.kratix.io',
      'testenv:resourcebindings.platform.kratix.io',
      'testenv:workplacements.platform.kratix.io',
      'testenv:works.platform.kratix.io',
      'worker:buckets.source.toolkit.fluxcd.io',
      'worker:gitrepositories.source.toolkit.fluxcd.io',
      'worker:kustomizations.kustomize.toolkit.fluxcd.io',
    ]);
    expect(caches.filter(c => !c.synced)).toEqual([]);
    expect(answered.filter(a => a.startsWith('403 '))).toEqual([]);
    expect(kratix.errors).toEqual([]);
  });
});
