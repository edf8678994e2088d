import { mockCredentials } from '@backstage/backend-test-utils';
import type { KubeObject } from '@kratix-backstage/plugin-kratix-node';
import request from 'supertest';
import {
  FakeKratixSource,
  fakePlatform,
  fakeRequest,
} from '../__testUtils__/fakeKratixSource';
import {
  permissionsAllowing,
  recordingAuditor,
  startKratixBackend,
} from '../__testUtils__/testBackend';

const API = '/api/kratix';
const PLATFORM = `${API}/platforms/prod`;
const PROMISE = `${PLATFORM}/promises/elastic-cloud`;
const REQUESTS = `${PLATFORM}/requests/default/elastic-cloud`;
const USER = mockCredentials.user().principal.userEntityRef;

const suspendedStatus = {
  kratix: {
    workflows: {
      configure: {
        pipelines: [
          {
            name: 'resource-configure',
            phase: 'Suspended',
            message: 'waiting for approval',
            attempts: 2,
            nextRetryAt: '2026-11-17T12:10:00Z',
            hash: 'abc',
          },
        ],
      },
    },
  },
};

const healthRecord = (name: string, resource: string, state: string) =>
  ({
    apiVersion: 'platform.kratix.io/v1alpha1',
    kind: 'HealthRecord',
    metadata: { name, namespace: 'default' },
    data: {
      promiseRef: { name: 'elastic-cloud' },
      resourceRef: { name: resource, namespace: 'default' },
      state,
      lastRun: 1_763_373_600,
    },
  } as KubeObject);

function world() {
  const source = new FakeKratixSource();
  source.requests = [
    fakeRequest('healthy-one', {
      healthStatus: { state: 'healthy', healthRecords: [] },
    }),
    fakeRequest('sick-one', {}),
    fakeRequest('waiting', suspendedStatus, {
      'kratix.io/workflow-suspended': 'true',
    }),
    // An ephemeral request of someone's DryRun: not listed.
    fakeRequest(
      'kratix-dry-run-x-12345',
      {},
      {
        'kratix.io/dry-run': 'true',
        'kratix.io/dry-run-owner': 'x',
      },
    ),
  ];
  source.healthRecords = [healthRecord('probe', 'sick-one', 'unhealthy')];
  source.works = [
    {
      apiVersion: 'platform.kratix.io/v1alpha1',
      kind: 'Work',
      metadata: {
        name: 'healthy-one-w',
        namespace: 'default',
        labels: {
          'kratix.io/promise-name': 'elastic-cloud',
          'kratix.io/resource-name': 'healthy-one',
          'kratix.io/work-type': 'resource',
        },
      },
      spec: { resourceName: 'healthy-one' },
    },
  ];
  source.workPlacements = [
    {
      apiVersion: 'platform.kratix.io/v1alpha1',
      kind: 'WorkPlacement',
      metadata: {
        name: 'healthy-one-w-worker-1',
        namespace: 'default',
        labels: { 'kratix.io/work': 'healthy-one-w' },
      },
      spec: { targetDestinationName: 'worker-1' },
    },
  ];
  source.resourceBindings = [
    {
      apiVersion: 'platform.kratix.io/v1alpha1',
      kind: 'ResourceBinding',
      metadata: {
        name: 'healthy-one-elastic-cloud-aaaaa',
        namespace: 'default',
        labels: {
          'kratix.io/promise-name': 'elastic-cloud',
          'kratix.io/resource-name': 'healthy-one',
        },
      },
      spec: { version: 'latest' },
      status: { lastAppliedVersion: 'v0.2.0' },
    },
  ];
  source.promiseRevisions = [
    {
      apiVersion: 'platform.kratix.io/v1alpha1',
      kind: 'PromiseRevision',
      metadata: {
        name: 'elastic-cloud-bbbbb',
        creationTimestamp: '2026-11-10T00:00:00Z',
        labels: {
          'kratix.io/promise-name': 'elastic-cloud',
          'kratix.io/latest-revision': 'true',
        },
      },
      spec: { version: 'v0.2.0' },
      status: { latest: true },
    },
  ];
  return source;
}

async function start(
  source: FakeKratixSource,
  options: { allowed?: string[] | 'all'; dryRun?: 'auto' | 'server' } = {},
) {
  const audit = recordingAuditor();
  const { server } = await startKratixBackend({
    platforms: () => [
      fakePlatform(source, options.dryRun ? { dryRun: options.dryRun } : {}),
    ],
    features: [
      audit.factory,
      ...(options.allowed ? [permissionsAllowing(options.allowed)] : []),
    ],
  });
  return { server, audit };
}

describe('routes: what the newest Kratix reports', () => {
  let source: FakeKratixSource;
  let server: Awaited<ReturnType<typeof start>>['server'];
  let audit: Awaited<ReturnType<typeof start>>['audit'];

  beforeEach(async () => {
    source = world();
    ({ server, audit } = await start(source));
  });

  it('GET a request: health, version, destinations and workflow control', async () => {
    const res = await request(server).get(`${REQUESTS}/healthy-one`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      health: { state: 'healthy', source: 'status', records: [] },
      version: {
        binding: 'healthy-one-elastic-cloud-aaaaa',
        desired: 'latest',
        lastAppliedVersion: 'v0.2.0',
      },
      destinations: ['worker-1'],
    });
    const waiting = await request(server).get(`${REQUESTS}/waiting`);
    expect(waiting.body.workflowControl).toEqual({
      state: 'waiting-to-retry',
      workflow: 'configure',
      pipeline: 'resource-configure',
      message: 'waiting for approval',
      attempts: 2,
      nextRetryAt: '2026-11-17T12:10:00Z',
      labelled: true,
    });
    expect(waiting.body.pipelines).toEqual([
      expect.objectContaining({ workflow: 'configure', hash: 'abc' }),
    ]);
  });

  it('GET /requests filters by health; the summary counts health and suspended requests', async () => {
    const all = await request(server).get(`${API}/requests`);
    expect(all.body.items.map((r: any) => r.name)).toEqual([
      'healthy-one',
      'sick-one',
      'waiting',
    ]);
    expect(all.body.errors).toEqual([]);
    expect(
      all.body.items.map((r: any) => [r.name, r.health?.state, r.destinations]),
    ).toEqual([
      ['healthy-one', 'healthy', ['worker-1']],
      ['sick-one', 'unhealthy', []],
      ['waiting', undefined, []],
    ]);
    const unhealthy = await request(server).get(
      `${API}/requests?health=unhealthy`,
    );
    expect(unhealthy.body).toMatchObject({ totalCount: 1, errors: [] });
    expect(unhealthy.body.items[0]).toMatchObject({
      name: 'sick-one',
      health: {
        state: 'unhealthy',
        source: 'records',
        records: [{ name: 'probe', state: 'unhealthy' }],
      },
    });
    const summary = await request(server).get(`${API}/requests/summary`);
    expect(summary.body).toEqual({
      total: 3,
      byState: { pending: 3 },
      byHealth: { healthy: 1, unhealthy: 1 },
      suspended: 1,
      byPromise: [
        {
          platform: 'prod',
          promise: 'elastic-cloud',
          total: 3,
          byState: { pending: 3 },
          byHealth: { healthy: 1, unhealthy: 1 },
        },
      ],
      errors: [],
    });
    const bad = await request(server).get(`${API}/requests?health=sickly`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe(
      'Invalid query: health must be unhealthy, degraded, unknown, healthy or ready',
    );
  });

  it('lists requests when a kind of the index cannot be read, and says so in errors', async () => {
    source.failNext = {
      method: 'listHealthRecords',
      error: Object.assign(new Error('healthrecords is forbidden'), {
        statusCode: 403,
      }),
    };
    const res = await request(server).get(`${API}/requests`);
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(3);
    expect(res.body.errors).toEqual([
      expect.objectContaining({ platform: 'prod', type: 'forbidden' }),
    ]);
  });

  it('answers without the newer fields where the platform serves none of the newer kinds', async () => {
    source.served = {
      healthRecords: false,
      promiseRevisions: false,
      resourceBindings: false,
      dryRuns: false,
    };
    const res = await request(server).get(`${REQUESTS}/sick-one`);
    expect(res.status).toBe(200);
    expect(res.body.health).toBeUndefined();
    expect(res.body.version).toBeUndefined();
    const promise = await request(server).get(PROMISE);
    expect(promise.status).toBe(200);
    expect(promise.body.revisions).toBeUndefined();
  });

  it('GET a Promise: its revisions with the requests each serves', async () => {
    const res = await request(server).get(PROMISE);
    expect(res.status).toBe(200);
    expect(res.body.revisions).toEqual([
      {
        name: 'elastic-cloud-bbbbb',
        version: 'v0.2.0',
        latest: true,
        createdAt: '2026-11-10T00:00:00Z',
        requests: 1,
        pinned: 0,
        conditions: [],
      },
    ]);
  });

  it('resume-workflow removes kratix.io/workflow-suspended, audited; 409 when nothing is suspended', async () => {
    const res = await request(server).post(
      `${REQUESTS}/waiting/resume-workflow`,
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      platform: 'prod',
      operation: 'resume-workflow',
      target: { name: 'waiting', namespace: 'default' },
      by: USER,
      message:
        'Kratix resumes the suspended workflow of elastic-cloud request default/waiting',
    });
    const waiting = source.requests.find(r => r.metadata.name === 'waiting')!;
    expect(waiting.metadata.labels).not.toHaveProperty([
      'kratix.io/workflow-suspended',
    ]);
    expect(waiting.metadata.annotations).toMatchObject({
      'backstage.io/kratix-last-operation': 'resume-workflow',
    });
    expect(audit.events).toContainEqual({
      eventId: 'workflow-resume',
      severityLevel: 'medium',
      meta: {
        operation: 'resume-workflow',
        actor: USER,
        kind: 'request',
        platform: 'prod',
        namespace: 'default',
        promise: 'elastic-cloud',
        name: 'waiting',
      },
      outcome: 'success',
    });

    const again = await request(server).post(
      `${REQUESTS}/waiting/resume-workflow`,
    );
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(
      /^elastic-cloud request default\/waiting has no suspended workflow to resume: it does not carry the label kratix.io\/workflow-suspended: "true"/,
    );
    expect(audit.events.at(-1)).toMatchObject({
      eventId: 'workflow-resume',
      outcome: expect.stringContaining('fail: '),
    });

    source.promises[0].metadata.labels = {
      'kratix.io/workflow-suspended': 'true',
    };
    const promise = await request(server).post(`${PROMISE}/resume-workflow`);
    expect(promise.status).toBe(200);
    expect(promise.body.message).toBe(
      'Kratix resumes the suspended workflow of Promise elastic-cloud',
    );
    expect(source.promises[0].metadata.labels).toEqual({});
  });

  it("POST .../requests/preview runs Kratix's DryRun, audited, and leaves nothing behind", async () => {
    const res = await request(server)
      .post(`${PROMISE}/requests/preview`)
      .send({ name: 'new-es', spec: { enableDataCollection: true } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      platform: 'prod',
      method: 'kratix-dry-run',
      object: { metadata: { name: 'new-es', namespace: 'default' } },
      files: [{ path: 'elasticsearch.yaml', pipeline: 'resource-configure' }],
      summary: expect.stringContaining('# Kratix Dry Run Summary'),
      dryRun: { namespace: 'default', state: 'completed' },
    });
    expect(source.dryRuns.size).toBe(0);
    expect(source.requests.map(r => r.metadata.name)).not.toContain('new-es');
    expect(source.createdDryRuns[0].metadata.annotations).toEqual({
      'backstage.io/kratix-requester': USER,
    });
    expect(audit.events).toContainEqual({
      eventId: 'request-preview',
      severityLevel: 'low',
      meta: expect.objectContaining({
        operation: 'preview',
        actor: USER,
        platform: 'prod',
        promise: 'elastic-cloud',
        namespace: 'default',
        name: 'new-es',
      }),
      outcome: 'success',
    });
  });

  it.each([
    [{ spec: {} }, 'Invalid body: name '],
    [{ name: 'Bad_Name' }, 'Invalid body: name must be a DNS-1123 subdomain'],
    [
      { name: 'x', updateExisting: true },
      'Invalid body: unknown updateExisting',
    ],
    [
      { name: 'x', spec: { enableDataCollection: 'yes' } },
      "The spec does not fit Promise 'elastic-cloud'",
    ],
  ])(
    'POST .../requests/preview with %j answers 400, nothing created',
    async (body, message) => {
      const res = await request(server)
        .post(`${PROMISE}/requests/preview`)
        .send(body);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(message);
      expect(source.createdDryRuns).toEqual([]);
      expect(source.serverDryRuns.length).toBeLessThanOrEqual(0);
    },
  );

  it('POST .../requests/preview of an unknown Promise answers 404', async () => {
    const res = await request(server)
      .post(`${PLATFORM}/promises/nope/requests/preview`)
      .send({ name: 'x' });
    expect(res.status).toBe(404);
  });
});

describe('routes: permissions of the newest operations', () => {
  it('refuses resume-workflow without kratix.resource.rerun and preview without kratix.resource.create (403), and audits the refusals', async () => {
    const source = world();
    const { server, audit } = await start(source, {
      allowed: ['kratix.resource.read'],
    });
    const resume = await request(server).post(
      `${REQUESTS}/waiting/resume-workflow`,
    );
    expect(resume.status).toBe(403);
    expect(resume.body.error.message).toMatch(
      /^Missing permission kratix.resource.rerun on elastic-cloud request default\/waiting/,
    );
    const promise = await request(server).post(`${PROMISE}/resume-workflow`);
    expect(promise.status).toBe(403);
    const preview = await request(server)
      .post(`${PROMISE}/requests/preview`)
      .send({ name: 'new-es' });
    expect(preview.status).toBe(403);
    expect(preview.body.error.message).toMatch(
      /^Missing permission kratix.resource.create on elastic-cloud request default\/new-es/,
    );
    expect(
      audit.events.map(e => [e.eventId, e.outcome?.split(' on ')[0]]),
    ).toEqual([
      ['workflow-resume', 'fail: Missing permission kratix.resource.rerun'],
      ['workflow-resume', 'fail: Missing permission kratix.resource.rerun'],
      ['request-preview', 'fail: Missing permission kratix.resource.create'],
    ]);
    expect(source.createdDryRuns).toEqual([]);
    expect(
      source.requests.find(r => r.metadata.name === 'waiting')!.metadata.labels,
    ).toHaveProperty(['kratix.io/workflow-suspended'], 'true');
  });

  it('previews server-side on a platform set to dryRun: server', async () => {
    const source = world();
    const { server } = await start(source, { dryRun: 'server' });
    const res = await request(server)
      .post(`${PROMISE}/requests/preview`)
      .send({ name: 'new-es', namespace: 'team-a' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      method: 'server-dry-run',
      files: [],
      object: {
        metadata: { name: 'new-es', namespace: 'team-a' },
        spec: { enableDataCollection: false },
      },
    });
    expect(res.body.note).toContain('dryRun: server');
    expect(source.createdDryRuns).toEqual([]);
  });
});
