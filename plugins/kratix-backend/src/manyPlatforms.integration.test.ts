import { createServer, type Server, type Socket } from 'node:net';
import { KubernetesObjectApi } from '@kubernetes/client-node';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  type TestBackend,
} from '@backstage/backend-test-utils';
import {
  elasticCloudPromise,
  requestCrdFromPromise,
} from '@kratix-backstage/kratix-simulation';
import {
  crdForClient,
  resolveReferenceData,
  type StandaloneControlPlane,
  startStandaloneControlPlane,
  waitFor,
} from '@internal/kratix-testenv';
import request from 'supertest';
import kratixBackend from '.';

jest.setTimeout(300_000);

const API = '/api/kratix';
const USER = mockCredentials.user.header();
const REQUESTS = ['alpha', 'beta', 'gamma'];

/**
 * A port that first refuses connections, as a stopped API server does, and then, once
 * `hang()` is called, accepts them and never answers, as a hung API server or a
 * silently dropping network does. Counts the connections it accepted.
 */
class DeadApiServer {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  connections = 0;

  constructor(readonly port: number) {}

  static async onFreePort(): Promise<DeadApiServer> {
    const probe = createServer();
    await new Promise<void>(r => probe.listen(0, '127.0.0.1', r));
    const { port } = probe.address() as { port: number };
    await new Promise(r => probe.close(r));
    return new DeadApiServer(port);
  }

  get url() {
    return `https://127.0.0.1:${this.port}`;
  }

  async hang() {
    this.server = createServer(socket => {
      this.connections += 1;
      this.sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>(r =>
      this.server!.listen(this.port, '127.0.0.1', r),
    );
  }

  /** Connections accepted and still open (calls waiting for an answer). */
  get waiting() {
    return this.sockets.size;
  }

  async close() {
    for (const socket of this.sockets) socket.destroy();
    await new Promise(r => (this.server ? this.server.close(r) : r(undefined)));
  }
}

describe('several platforms, one of them unreachable', () => {
  let plane: StandaloneControlPlane;
  let dead: DeadApiServer;
  let backend: TestBackend;

  beforeAll(async () => {
    plane = await startStandaloneControlPlane({
      name: 'many-platforms',
      crdDirs: [resolveReferenceData().kratixCrdDir],
    });
    const { kubeConfig } = plane.controlPlane;
    const objects = KubernetesObjectApi.makeApiClient(kubeConfig);
    await objects.create(
      crdForClient(requestCrdFromPromise(elasticCloudPromise)!) as any,
    );
    await objects.create(elasticCloudPromise as any);
    await waitFor(
      'the request kind to be served',
      async () =>
        (await objects
          .list('workshop.kratix.io/v1alpha1', 'elastic-cloud', 'default')
          .then(() => true)
          .catch(() => undefined)) ?? undefined,
      { timeoutMs: 60_000, intervalMs: 200 },
    );
    for (const name of REQUESTS) {
      await objects.create({
        apiVersion: 'workshop.kratix.io/v1alpha1',
        kind: 'elastic-cloud',
        metadata: { name, namespace: 'default' },
        spec: {},
      } as any);
    }

    dead = await DeadApiServer.onFreePort();
    const caData = Buffer.from(plane.controlPlane.caPem).toString('base64');
    const live = (name: string) => ({
      name,
      url: plane.controlPlane.server,
      serviceAccountToken: plane.controlPlane.adminToken,
      caData,
    });
    backend = await startTestBackend({
      features: [
        kratixBackend,
        mockServices.rootConfig.factory({
          data: {
            kratix: {
              // Two platforms on the same API server: each has its own watch caches.
              platforms: [
                live('east'),
                {
                  name: 'lost',
                  url: dead.url,
                  serviceAccountToken: 'nobody',
                  skipTLSVerify: true,
                  // A call that waited for this platform would outlive the test.
                  requestTimeoutMs: 3_600_000,
                },
                live('west'),
              ],
            },
          },
        }),
      ],
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await dead?.close();
    await plane?.stop();
  });

  const get = (path: string) =>
    request(backend.server).get(`${API}${path}`).set('Authorization', USER);

  /** Every view's calls: each answers with the live platforms' data and names `lost`. */
  async function expectEveryViewWithoutLost() {
    const summary = await get('/requests/summary');
    expect(summary.status).toBe(200);
    expect(summary.body.total).toBe(2 * REQUESTS.length);
    expect(summary.body.byPromise.map((p: any) => p.platform)).toEqual([
      'east',
      'west',
    ]);
    expect(summary.body.errors).toEqual([
      expect.objectContaining({
        platform: 'lost',
        cluster: 'lost',
        type: 'unreachable',
      }),
    ]);

    const page = await get('/requests?limit=20');
    expect(page.status).toBe(200);
    expect(page.body.totalCount).toBe(2 * REQUESTS.length);
    expect(page.body.items.map((r: any) => `${r.platform}/${r.name}`)).toEqual([
      ...REQUESTS.map(n => `east/${n}`),
      ...REQUESTS.map(n => `west/${n}`),
    ]);
    expect(page.body.errors.map((e: any) => e.platform)).toEqual(['lost']);

    const promises = await get('/promises');
    expect(promises.status).toBe(200);
    expect(promises.body.items.map((p: any) => p.platform).sort()).toEqual([
      'east',
      'west',
    ]);
    expect(promises.body.errors.map((e: any) => e.platform)).toEqual(['lost']);

    const ofPromise = await get(
      '/requests?limit=20&platform=west&promise=elastic-cloud',
    );
    expect(ofPromise.body.items.map((r: any) => r.name)).toEqual(REQUESTS);
    expect(ofPromise.body.errors).toEqual([]);

    for (const platform of ['east', 'west']) {
      const destinations = await get(`/platforms/${platform}/destinations`);
      expect(destinations.status).toBe(200);
      expect(destinations.body.errors).toEqual([]);
    }
    // The missing platform's own pages: 503 (or no items), with the cluster's failure.
    const lostDestinations = await get('/platforms/lost/destinations');
    expect(lostDestinations.status).toBe(503);
    expect(lostDestinations.body.error.cause).toMatchObject({
      platform: 'lost',
      type: 'unreachable',
    });
    const lostPromises = await get('/platforms/lost/promises');
    expect(lostPromises.body.items).toEqual([]);
    expect(lostPromises.body.errors).toEqual([
      expect.objectContaining({ platform: 'lost', type: 'unreachable' }),
    ]);

    const platforms = await get('/platforms');
    const lost = platforms.body.items.find((p: any) => p.name === 'lost');
    expect(lost.caches.length).toBeGreaterThan(0);
    expect(lost.caches.some((c: any) => c.synced)).toBe(false);
    expect(lost.caches.some((c: any) => c.lastError)).toBe(true);
  }

  it('answers every view with the other platforms, and says which one is missing', async () => {
    expect.hasAssertions();
    await waitFor(
      'both live platforms to list their requests',
      async () => {
        const res = await get('/requests/summary');
        return res.body.total === 2 * REQUESTS.length ? true : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 200 },
    );
    await expectEveryViewWithoutLost();
  });

  it('never makes a call wait for the missing platform: its caches answer with their last failure', async () => {
    // The platform's port now accepts connections and never answers: the caches' next
    // tries hang there (for an hour, its requestTimeoutMs).
    await dead.hang();
    await waitFor(
      "the caches' tries to hang on the missing platform",
      async () => (dead.waiting > 0 ? true : undefined),
      { timeoutMs: 60_000, intervalMs: 100 },
    );
    const before = dead.connections;
    const rounds = 5;
    for (let i = 0; i < rounds; i++) await expectEveryViewWithoutLost();
    // Each round reads the missing platform's caches about ten times; none of those
    // reads went to the platform (the caches' own tries, in the background, may).
    expect(dead.connections - before).toBeLessThan(rounds * 10);
    expect(dead.waiting).toBeGreaterThan(0);
  });
});
