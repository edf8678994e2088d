import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { KratixClient } from './KratixClient';

const API = 'http://kratix.test/api/kratix';
const REQUEST = {
  platform: 'demo',
  namespace: 'default',
  promise: 'elastic-cloud',
  name: 'example',
};
const LOG = {
  platform: 'demo',
  namespace: 'default',
  pod: 'kratix-elastic-cloud-example-resource-configure-99169-5edd7',
  container: 'pipeline-stage-0',
};
const LOG_URL = `${API}/platforms/demo/pods/default/${LOG.pod}/logs/pipeline-stage-0`;

describe('KratixClient', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const client = new KratixClient({
    discoveryApi: { getBaseUrl: async () => API },
    fetchApi: { fetch: (...args) => fetch(...args) },
  });

  it('reads the backend health', async () => {
    server.use(
      http.get(`${API}/health`, () => HttpResponse.json({ status: 'ok' })),
    );
    await expect(client.getHealth()).resolves.toEqual({ status: 'ok' });
  });

  it('builds the paths of requests, Promises and Destinations, with query strings', async () => {
    const seen: string[] = [];
    server.use(
      http.get(`${API}/*`, ({ request }) => {
        seen.push(request.url.replace(API, ''));
        return HttpResponse.json({ items: [], errors: [] });
      }),
    );
    await client.getRequestRuns(REQUEST);
    await client.getRequestPlacement(REQUEST);
    await client.listRequests({ platform: 'demo', namespace: 'team a' });
    await client.listRequests({
      limit: 20,
      offset: 40,
      search: 'Elastic cloud',
      state: 'pending',
    });
    await client.listRequests({ limit: 20, health: 'unhealthy' });
    await client.getRequestSummary();
    await client.getRequestSummary({ platform: 'demo' });
    await client.listPromises();
    await client.getPromiseRuns({ platform: 'demo', name: 'elastic-cloud' });
    await client.getDestinationHealth({ platform: 'demo', name: 'worker-1' });
    await client.getDestinationRequests({ platform: 'demo', name: 'worker-1' });
    expect(seen).toEqual([
      '/platforms/demo/requests/default/elastic-cloud/example/runs',
      '/platforms/demo/requests/default/elastic-cloud/example/placement',
      '/requests?platform=demo&namespace=team+a',
      '/requests?limit=20&offset=40&search=Elastic+cloud&state=pending',
      '/requests?limit=20&health=unhealthy',
      '/requests/summary',
      '/requests/summary?platform=demo',
      '/promises',
      '/platforms/demo/promises/elastic-cloud/runs',
      '/platforms/demo/destinations/worker-1/health',
      '/platforms/demo/destinations/worker-1/requests',
    ]);
  });

  it('reads the requests placed on a Destination in one call', async () => {
    const answer = {
      items: [
        {
          request: { platform: 'demo', namespace: 'default', name: 'example' },
          placements: [{ name: 'wp', destination: 'worker-1' }],
        },
      ],
      errors: [],
    };
    server.use(
      http.get(`${API}/platforms/demo/destinations/worker-1/requests`, () =>
        HttpResponse.json(answer),
      ),
    );
    await expect(
      client.getDestinationRequests({ platform: 'demo', name: 'worker-1' }),
    ).resolves.toEqual(answer);
  });

  it('says what to do when the backend plugin is missing', async () => {
    server.use(
      http.get(`${API}/health`, () => new HttpResponse(null, { status: 404 })),
    );
    await expect(client.getHealth()).rejects.toThrow(
      /make sure @kratix-backstage\/plugin-kratix-backend is added/,
    );
  });

  it("passes on the backend's own 404 message as a NotFoundError", async () => {
    server.use(
      http.get(
        `${API}/platforms/demo/requests/default/elastic-cloud/nope`,
        () =>
          HttpResponse.json(
            {
              error: {
                name: 'NotFoundError',
                message:
                  "No elastic-cloud request 'default/nope' on Kratix platform 'demo'",
              },
            },
            { status: 404 },
          ),
      ),
    );
    const error = await client
      .getRequest({ ...REQUEST, name: 'nope' })
      .catch(e => e);
    expect([error.name, error.message]).toEqual([
      'NotFoundError',
      "No elastic-cloud request 'default/nope' on Kratix platform 'demo'",
    ]);
  });

  it('turns a 403 into a NotAllowedError that names the permission', async () => {
    server.use(
      http.post(
        `${API}/platforms/demo/requests/default/elastic-cloud/example/rerun`,
        () =>
          HttpResponse.json(
            {
              error: {
                name: 'NotAllowedError',
                message: 'Missing permission kratix.resource.rerun',
              },
            },
            { status: 403 },
          ),
      ),
    );
    const error = await client
      .runOperation('rerun', { kind: 'request', ...REQUEST })
      .catch(e => e);
    expect([error.name, error.message]).toEqual([
      'NotAllowedError',
      'Missing permission kratix.resource.rerun. Ask your Backstage administrator to grant it to you.',
    ]);
  });

  it('runs operations with POST, and deletes with DELETE', async () => {
    const calls: string[] = [];
    const answer = (operation: string) =>
      HttpResponse.json({ operation, message: `did ${operation}` });
    server.use(
      http.post(
        `${API}/platforms/demo/promises/elastic-cloud/:op`,
        ({ params }) => {
          calls.push(`POST promise ${params.op}`);
          return answer(String(params.op));
        },
      ),
      http.post(
        `${API}/platforms/demo/requests/default/elastic-cloud/example/:op`,
        ({ params }) => {
          calls.push(`POST request ${params.op}`);
          return answer(String(params.op));
        },
      ),
      http.delete(
        `${API}/platforms/demo/requests/default/elastic-cloud/example`,
        () => {
          calls.push('DELETE request');
          return HttpResponse.json(
            { operation: 'delete', message: 'deleting' },
            { status: 202 },
          );
        },
      ),
    );
    await client.runOperation('pause', {
      kind: 'promise',
      platform: 'demo',
      name: 'elastic-cloud',
    });
    await client.runOperation('resume', { kind: 'request', ...REQUEST });
    await client.runOperation('resume-workflow', {
      kind: 'request',
      ...REQUEST,
    });
    await client.runOperation('resume-workflow', {
      kind: 'promise',
      platform: 'demo',
      name: 'elastic-cloud',
    });
    expect((await client.deleteRequest(REQUEST)).message).toBe('deleting');
    expect(calls).toEqual([
      'POST promise pause',
      'POST request resume',
      'POST request resume-workflow',
      'POST promise resume-workflow',
      'DELETE request',
    ]);
  });

  it('previews a request with POST .../requests/preview and the request as the body', async () => {
    const bodies: unknown[] = [];
    const preview = {
      platform: 'demo',
      method: 'kratix-dry-run',
      note: 'Kratix DryRun',
      object: {
        apiVersion: 'workshop.kratix.io/v1alpha1',
        kind: 'elastic-cloud',
        metadata: { name: 'mine', namespace: 'team-a' },
        spec: {},
      },
      files: [{ path: 'kibana.yaml', content: 'kind: Kibana\n' }],
    };
    server.use(
      http.post(
        `${API}/platforms/demo/promises/elastic-cloud/requests/preview`,
        async ({ request }) => {
          bodies.push({
            type: request.headers.get('content-type'),
            body: await request.json(),
          });
          return HttpResponse.json(preview);
        },
      ),
    );
    await expect(
      client.previewRequest(
        { platform: 'demo', promise: 'elastic-cloud' },
        {
          name: 'mine',
          namespace: 'team-a',
          spec: { enableDataCollection: true },
        },
      ),
    ).resolves.toEqual(preview);
    expect(bodies).toEqual([
      {
        type: 'application/json',
        body: {
          name: 'mine',
          namespace: 'team-a',
          spec: { enableDataCollection: true },
        },
      },
    ]);
  });

  it('reads a log as text, or the typed reason there is none', async () => {
    server.use(
      http.get(LOG_URL, ({ request }) =>
        new URL(request.url).searchParams.get('tailLines') === '2'
          ? new HttpResponse('Copying files to /kratix/output...\nDone\n', {
              headers: { 'Content-Type': 'text/plain; charset=utf-8' },
            })
          : HttpResponse.json({
              logsUnavailable: true,
              platform: 'demo',
              namespace: 'default',
              pod: LOG.pod,
              container: 'pipeline-stage-0',
              reason: 'pod-gone',
              message: 'pods "x" not found',
            }),
      ),
    );
    await expect(client.readStageLog(LOG, { tailLines: 2 })).resolves.toEqual({
      text: 'Copying files to /kratix/output...\nDone\n',
    });
    await expect(client.readStageLog(LOG)).resolves.toMatchObject({
      logsUnavailable: true,
      reason: 'pod-gone',
    });
  });

  it('follows a log through the streaming route, chunk by chunk, until it ends', async () => {
    let query = '';
    server.use(
      http.get(LOG_URL, ({ request }) => {
        query = new URL(request.url).search;
        const encoder = new TextEncoder();
        const stream = new ReadableStream({
          start(controller) {
            controller.enqueue(encoder.encode('Downloading CRDS...\n'));
            controller.enqueue(encoder.encode('Generate ECK requests...\n'));
            controller.close();
          },
        });
        return new HttpResponse(stream, {
          headers: { 'Content-Type': 'text/plain; charset=utf-8' },
        });
      }),
    );
    const chunks: string[] = [];
    await expect(
      client.followStageLog(LOG, {
        tailLines: 500,
        onText: t => chunks.push(t),
      }),
    ).resolves.toEqual({ ended: true });
    expect(query).toBe('?tailLines=500&follow=1');
    expect(chunks.join('')).toBe(
      'Downloading CRDS...\nGenerate ECK requests...\n',
    );
  });

  it('downloads a log with the download route and its file name', async () => {
    server.use(
      http.get(LOG_URL, ({ request }) => {
        expect(new URL(request.url).search).toBe('?download=1');
        return new HttpResponse('Done\n', {
          headers: {
            'Content-Type': 'text/plain; charset=utf-8',
            'Content-Disposition': `attachment; filename="${LOG.pod}_pipeline-stage-0.log"`,
          },
        });
      }),
    );
    const { filename, blob } = await client.downloadStageLog(LOG);
    expect(filename).toBe(`${LOG.pod}_pipeline-stage-0.log`);
    expect(await blob.text()).toBe('Done\n');
  });
});
