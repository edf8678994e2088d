import request from 'supertest';
import {
  permissionsAllowing,
  startKratixBackend,
} from '../__testUtils__/testBackend';

const API = '/api/kratix';
const REQUEST = `${API}/platforms/demo/requests/default/elastic-cloud/example`;
const PROMISE = `${API}/platforms/demo/promises/elastic-cloud`;
const POD = 'kratix-elastic-cloud-example-resource-configure-99169-5edd7';

const READ = 'kratix.resource.read';
const REQUEST_READ = 'kratix.request.read';

/** Every route, with the permissions it needs (the first is checked first). */
const ROUTES: Array<
  [method: 'get' | 'post' | 'delete', path: string, permissions: string[]]
> = [
  ['get', `${API}/platforms`, [READ]],
  ['get', `${API}/promises`, [READ]],
  // Lists of requests need only the basic read: kratix.request.read filters them.
  ['get', `${API}/requests`, [READ]],
  ['get', `${API}/requests/summary`, [READ]],
  ['get', `${API}/platforms/demo/promises`, [READ]],
  ['get', PROMISE, [READ]],
  ['get', `${PROMISE}/requests`, [READ]],
  ['get', `${PROMISE}/runs`, [READ]],
  ['get', `${PROMISE}/placement`, [READ]],
  ['get', REQUEST, [READ, REQUEST_READ]],
  ['get', `${REQUEST}/runs`, [READ, REQUEST_READ]],
  ['get', `${REQUEST}/placement`, [READ, REQUEST_READ]],
  ['get', `${API}/platforms/demo/destinations`, [READ]],
  ['get', `${API}/platforms/demo/destinations/worker-1`, [READ]],
  ['get', `${API}/platforms/demo/destinations/worker-1/health`, [READ]],
  ['get', `${API}/platforms/demo/destinations/worker-1/requests`, [READ]],
  [
    'get',
    `${API}/platforms/demo/pods/default/${POD}/logs/pipeline-stage-0`,
    ['kratix.logs.read'],
  ],
  ['post', `${REQUEST}/rerun`, ['kratix.resource.rerun']],
  ['post', `${REQUEST}/pause`, ['kratix.resource.pause']],
  ['post', `${REQUEST}/resume`, ['kratix.resource.pause']],
  ['post', `${PROMISE}/rerun`, ['kratix.resource.rerun']],
  ['post', `${PROMISE}/pause`, ['kratix.resource.pause']],
  ['post', `${PROMISE}/resume`, ['kratix.resource.pause']],
  ['delete', REQUEST, ['kratix.resource.delete']],
];

describe('permissions on every route', () => {
  it('answers 403 on every route when the permission is denied', async () => {
    const { server } = await startKratixBackend({
      features: [permissionsAllowing([])],
    });
    for (const [method, path, [permission]] of ROUTES) {
      const res = await request(server)[method](path);
      expect([method, path, res.status, res.body.error.name]).toEqual([
        method,
        path,
        403,
        'NotAllowedError',
      ]);
      // Basic permissions are named alone; those on requests name the target too.
      expect(res.body.error.message).toMatch(
        new RegExp(
          `^Missing permission ${permission.replace(/\./g, '\\.')}( on |$)`,
        ),
      );
    }
  });

  it('lets each route through with exactly its own permissions', async () => {
    for (const [method, path, permissions] of ROUTES) {
      const { server } = await startKratixBackend({
        features: [permissionsAllowing(permissions)],
      });
      const res = await request(server)[method](path);
      expect([method, path, res.status < 300]).toEqual([method, path, true]);
    }
  });

  it('keeps logs behind their own permission: reading status is not enough', async () => {
    const { server } = await startKratixBackend({
      features: [permissionsAllowing([READ, REQUEST_READ])],
    });
    expect((await request(server).get(`${REQUEST}/runs`)).status).toBe(200);
    const logs = await request(server).get(
      `${API}/platforms/demo/pods/default/${POD}/logs/reader`,
    );
    expect(logs.status).toBe(403);
    expect((await request(server).post(`${REQUEST}/rerun`)).status).toBe(403);
  });

  it('without kratix.request.read: lists are empty, and a request is not found', async () => {
    const { server } = await startKratixBackend({
      features: [permissionsAllowing([READ])],
    });
    const list = await request(server).get(`${API}/requests`);
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([]);
    const summary = await request(server).get(`${API}/requests/summary`);
    expect(summary.body.total).toBe(0);
    expect(
      (await request(server).get(`${PROMISE}/requests`)).body.items,
    ).toEqual([]);
    for (const path of [REQUEST, `${REQUEST}/runs`, `${REQUEST}/placement`]) {
      const res = await request(server).get(path);
      expect([path, res.status, res.body.error.message]).toEqual([
        path,
        404,
        "No elastic-cloud request 'default/example' on Kratix platform 'demo'",
      ]);
    }
    // Promises and Destinations still show.
    expect((await request(server).get(PROMISE)).status).toBe(200);
  });

  it('needs no credentials for /health only', async () => {
    const { server } = await startKratixBackend({
      features: [permissionsAllowing([])],
    });
    expect((await request(server).get(`${API}/health`)).status).toBe(200);
  });
});
