import request from 'supertest';
import {
  permissionsAllowing,
  startKratixBackend,
} from '../__testUtils__/testBackend';

const API = '/api/kratix';
const REQUEST = `${API}/platforms/demo/requests/default/elastic-cloud/example`;
const PROMISE = `${API}/platforms/demo/promises/elastic-cloud`;
const POD = 'kratix-elastic-cloud-example-resource-configure-99169-5edd7';

/** Every route, with the permission it needs. */
const ROUTES: Array<
  [method: 'get' | 'post' | 'delete', path: string, permission: string]
> = [
  ['get', `${API}/platforms`, 'kratix.resource.read'],
  ['get', `${API}/promises`, 'kratix.resource.read'],
  ['get', `${API}/requests`, 'kratix.resource.read'],
  ['get', `${API}/platforms/demo/promises`, 'kratix.resource.read'],
  ['get', PROMISE, 'kratix.resource.read'],
  ['get', `${PROMISE}/requests`, 'kratix.resource.read'],
  ['get', `${PROMISE}/runs`, 'kratix.resource.read'],
  ['get', `${PROMISE}/placement`, 'kratix.resource.read'],
  ['get', REQUEST, 'kratix.resource.read'],
  ['get', `${REQUEST}/runs`, 'kratix.resource.read'],
  ['get', `${REQUEST}/placement`, 'kratix.resource.read'],
  ['get', `${API}/platforms/demo/destinations`, 'kratix.resource.read'],
  [
    'get',
    `${API}/platforms/demo/destinations/worker-1`,
    'kratix.resource.read',
  ],
  [
    'get',
    `${API}/platforms/demo/destinations/worker-1/health`,
    'kratix.resource.read',
  ],
  [
    'get',
    `${API}/platforms/demo/destinations/worker-1/requests`,
    'kratix.resource.read',
  ],
  [
    'get',
    `${API}/platforms/demo/pods/default/${POD}/logs/pipeline-stage-0`,
    'kratix.logs.read',
  ],
  ['post', `${REQUEST}/rerun`, 'kratix.resource.rerun'],
  ['post', `${REQUEST}/pause`, 'kratix.resource.pause'],
  ['post', `${REQUEST}/resume`, 'kratix.resource.pause'],
  ['post', `${PROMISE}/rerun`, 'kratix.resource.rerun'],
  ['post', `${PROMISE}/pause`, 'kratix.resource.pause'],
  ['post', `${PROMISE}/resume`, 'kratix.resource.pause'],
  ['delete', REQUEST, 'kratix.resource.delete'],
];

describe('permissions on every route', () => {
  it('answers 403 on every route when the permission is denied', async () => {
    const { server } = await startKratixBackend({
      features: [permissionsAllowing([])],
    });
    for (const [method, path, permission] of ROUTES) {
      const res = await request(server)[method](path);
      expect([method, path, res.status, res.body.error]).toEqual([
        method,
        path,
        403,
        {
          name: 'NotAllowedError',
          message: `Missing permission ${permission}`,
        },
      ]);
    }
  });

  it('lets each route through with exactly its own permission', async () => {
    for (const [method, path, permission] of ROUTES) {
      const { server } = await startKratixBackend({
        features: [permissionsAllowing([permission])],
      });
      const res = await request(server)[method](path);
      expect([method, path, res.status < 300]).toEqual([method, path, true]);
    }
  });

  it('keeps logs behind their own permission: reading status is not enough', async () => {
    const { server } = await startKratixBackend({
      features: [permissionsAllowing(['kratix.resource.read'])],
    });
    expect((await request(server).get(`${REQUEST}/runs`)).status).toBe(200);
    const logs = await request(server).get(
      `${API}/platforms/demo/pods/default/${POD}/logs/reader`,
    );
    expect(logs.status).toBe(403);
    expect((await request(server).post(`${REQUEST}/rerun`)).status).toBe(403);
  });

  it('needs no credentials for /health only', async () => {
    const { server } = await startKratixBackend({
      features: [permissionsAllowing([])],
    });
    expect((await request(server).get(`${API}/health`)).status).toBe(200);
  });
});
