import { startTestBackend } from '@backstage/backend-test-utils';
import request from 'supertest';
import { kratixPlugin } from './plugin';

describe('kratixPlugin', () => {
  it('serves its health route under /api/kratix without credentials', async () => {
    const { server } = await startTestBackend({ features: [kratixPlugin] });

    const res = await request(server).get('/api/kratix/health');

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('answers 404 for routes it does not have', async () => {
    const { server } = await startTestBackend({ features: [kratixPlugin] });

    const res = await request(server).get('/api/kratix/no-such-route');

    expect(res.status).toBe(404);
  });
});
