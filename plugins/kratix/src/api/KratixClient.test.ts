import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { KratixClient } from './KratixClient';

describe('KratixClient', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const client = new KratixClient({
    discoveryApi: { getBaseUrl: async () => 'http://kratix.test/api/kratix' },
    fetchApi: { fetch: (...args) => fetch(...args) },
  });

  it('reads the backend health', async () => {
    server.use(
      http.get('http://kratix.test/api/kratix/health', () =>
        HttpResponse.json({ status: 'ok' }),
      ),
    );
    await expect(client.getHealth()).resolves.toEqual({ status: 'ok' });
  });

  it('says what to do when the backend plugin is missing', async () => {
    server.use(
      http.get('http://kratix.test/api/kratix/health', () =>
        HttpResponse.json({}, { status: 404 }),
      ),
    );
    await expect(client.getHealth()).rejects.toThrow(
      /make sure @kratix-backstage\/plugin-kratix-backend is added/,
    );
  });
});
