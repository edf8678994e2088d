import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  NOW,
  recordingAuditor,
  startKratixBackend,
} from '../__testUtils__/testBackend';

const API = '/api/kratix';
const EXAMPLE = `${API}/platforms/demo/requests/default/elastic-cloud/example`;
const USER = mockCredentials.user().principal.userEntityRef;

describe('operation routes', () => {
  const audit = recordingAuditor();
  let server: Awaited<ReturnType<typeof startKratixBackend>>['server'];
  let now = NOW;

  beforeAll(async () => {
    ({ server } = await startKratixBackend({
      clock: () => now,
      features: [audit.factory],
    }));
  });

  it('re-runs a request: a new run starts, recorded with who asked', async () => {
    const res = await request(server).post(`${EXAMPLE}/rerun`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      platform: 'demo',
      demo: true,
      operation: 'rerun',
      target: {
        kind: 'elastic-cloud',
        apiVersion: 'workshop.kratix.io/v1alpha1',
        name: 'example',
        namespace: 'default',
      },
      by: USER,
      at: expect.any(String),
      message:
        'Kratix re-runs the resource.configure workflow of elastic-cloud request default/example',
    });
    const runs = await request(server).get(`${EXAMPLE}/runs`);
    expect(runs.body.items.map((r: any) => r.state)).toEqual([
      'running',
      'succeeded',
    ]);
    const detail = await request(server).get(EXAMPLE);
    expect(detail.body).toMatchObject({
      state: 'pending',
      message: 'Pending',
      lastOperation: { operation: 'rerun', by: USER },
    });
    expect(
      detail.body.labels['kratix.io/manual-reconciliation'],
    ).toBeUndefined();
    now += 60_000;
    expect((await request(server).get(EXAMPLE)).body).toMatchObject({
      state: 'ready',
      message: 'Resource requested',
    });
    expect(audit.events).toContainEqual({
      eventId: 'workflow-rerun',
      severityLevel: 'medium',
      meta: {
        operation: 'rerun',
        actor: USER,
        kind: 'request',
        platform: 'demo',
        namespace: 'default',
        promise: 'elastic-cloud',
        name: 'example',
      },
      outcome: 'success',
    });
  });

  it('pauses and resumes a request with the kratix.io/paused label', async () => {
    const paused = await request(server).post(`${EXAMPLE}/pause`);
    expect(paused.status).toBe(200);
    expect(paused.body.message).toBe(
      'Kratix stops reconciling elastic-cloud request default/example until it is resumed',
    );
    expect((await request(server).get(EXAMPLE)).body).toMatchObject({
      state: 'paused',
      paused: true,
      labels: { 'kratix.io/paused': 'true' },
      lastOperation: { operation: 'pause', by: USER },
    });
    const resumed = await request(server).post(`${EXAMPLE}/resume`);
    expect(resumed.body.operation).toBe('resume');
    expect((await request(server).get(EXAMPLE)).body).toMatchObject({
      state: 'ready',
      paused: false,
    });
    expect(
      audit.events
        .filter(e => e.eventId.startsWith('reconciliation-'))
        .map(e => [e.eventId, e.outcome]),
    ).toEqual([
      ['reconciliation-pause', 'success'],
      ['reconciliation-resume', 'success'],
    ]);
  });

  it('pauses, resumes and re-runs a Promise', async () => {
    const promise = `${API}/platforms/demo/promises/elastic-cloud`;
    expect((await request(server).post(`${promise}/pause`)).body).toMatchObject(
      {
        operation: 'pause',
        target: {
          kind: 'Promise',
          apiVersion: 'platform.kratix.io/v1alpha1',
          name: 'elastic-cloud',
        },
      },
    );
    expect((await request(server).get(promise)).body).toMatchObject({
      paused: true,
      status: 'Unavailable',
    });
    expect((await request(server).post(`${promise}/resume`)).status).toBe(200);
    expect((await request(server).get(promise)).body).toMatchObject({
      paused: false,
      status: 'Available',
    });
    expect((await request(server).post(`${promise}/rerun`)).body.message).toBe(
      'Kratix re-runs the promise.configure workflow of Promise elastic-cloud',
    );
  });

  it('deletes a request: 202, then it is gone with its runs and Work', async () => {
    const res = await request(server).delete(
      `${API}/platforms/demo/requests/default/elastic-cloud/second-request`,
    );
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({
      operation: 'delete',
      by: USER,
      target: { name: 'second-request', namespace: 'default' },
      message:
        'Kratix runs the delete workflow of elastic-cloud request default/second-request, if any, then removes it and its Works',
    });
    const gone = await request(server).get(
      `${API}/platforms/demo/requests/default/elastic-cloud/second-request`,
    );
    expect(gone.status).toBe(404);
    const health = await request(server).get(
      `${API}/platforms/demo/destinations/worker-1/health`,
    );
    expect(health.body.workers[0].healthy).toBe(true);
    expect(audit.events.at(-1)).toMatchObject({
      eventId: 'request-delete',
      outcome: 'success',
      meta: { actor: USER },
    });
  });

  it('records a failed operation as failed', async () => {
    const res = await request(server).post(
      `${API}/platforms/demo/requests/default/elastic-cloud/nope/pause`,
    );
    expect(res.status).toBe(404);
    expect(audit.events.at(-1)).toEqual({
      eventId: 'reconciliation-pause',
      severityLevel: 'medium',
      meta: expect.objectContaining({ name: 'nope', actor: USER }),
      outcome:
        "fail: No elastic-cloud request 'default/nope' on Kratix platform 'demo'",
    });
  });

  it('records a service caller by its subject', async () => {
    const { server: asService } = await startKratixBackend({
      features: [
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.service('plugin:scaffolder'),
        }),
      ],
    });
    const res = await request(asService).post(`${EXAMPLE}/pause`);
    expect(res.body.by).toBe('plugin:scaffolder');
  });
});
