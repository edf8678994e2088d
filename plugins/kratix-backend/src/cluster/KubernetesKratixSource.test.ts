import type { ServerResponse } from 'node:http';
import { mockServices } from '@backstage/backend-test-utils';
import { elasticCloudPromise } from '@kratix-backstage/kratix-simulation';
import {
  json,
  startFakeKubeApiServer,
  status,
} from '../__testUtils__/fakeKubeApiServer';
import { KubeHttpClient } from './KubeHttpClient';
import { kubeConfigFor } from './kubeConfigFor';
import { KubernetesKratixSource } from './KubernetesKratixSource';

const PROMISES = '/apis/platform.kratix.io/v1alpha1/promises';
const REQUESTS = '/apis/workshop.kratix.io/v1alpha1/elastic-clouds';

const request = (
  name: string,
  rv: string,
  labels: Record<string, string> = {},
) => ({
  apiVersion: 'workshop.kratix.io/v1alpha1',
  kind: 'elastic-cloud',
  metadata: {
    name,
    namespace: 'default',
    resourceVersion: rv,
    labels,
    managedFields: [{ manager: 'kubectl' }],
  },
  spec: { enableDataCollection: true },
});

describe('KubernetesKratixSource (against a fake API server)', () => {
  let api: Awaited<ReturnType<typeof startFakeKubeApiServer>>;
  let source: KubernetesKratixSource;
  const watches: Array<{ path: string; res: ServerResponse }> = [];

  async function until(
    what: string,
    condition: () => boolean | Promise<boolean>,
  ) {
    for (let i = 0; i < 200; i++) {
      if (await condition()) return;
      await new Promise(r => setTimeout(r, 10));
    }
    throw new Error(`timed out waiting for ${what}`);
  }
  const watchOf = (path: string) => watches.find(w => w.path === path)?.res;

  function connect(token = 'good-token', requestTimeoutMs = 1000) {
    const kc = kubeConfigFor(
      {
        type: 'url',
        configKey: 'k',
        url: api.url,
        serviceAccountToken: token,
        skipTLSVerify: true,
      },
      'platform',
    );
    source = new KubernetesKratixSource({
      client: new KubeHttpClient(kc, 'platform', requestTimeoutMs),
      logger: mockServices.logger.mock(),
      requestTimeoutMs,
    });
    return source;
  }

  beforeEach(async () => {
    api = await startFakeKubeApiServer();
    api.on('GET', PROMISES, (req, res) => {
      if (req.headers.authorization !== 'Bearer good-token') {
        status(res, 401, 'Unauthorized', 'Unauthorized');
        return;
      }
      json(res, 200, {
        kind: 'PromiseList',
        metadata: { resourceVersion: '10' },
        items: [elasticCloudPromise],
      });
    });
    api.on('WATCH', /.*/, (req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.flushHeaders();
      watches.push({ path: req.path, res });
    });
  });

  afterEach(async () => {
    await source?.stop();
    watches.length = 0;
    await api.close();
  });

  it('lists once with the token, then answers from its cache and follows the watch', async () => {
    let page = 0;
    api.on('GET', REQUESTS, (req, res) => {
      page += 1;
      if (!req.query.get('continue')) {
        json(res, 200, {
          metadata: { continue: 'next', resourceVersion: '20' },
          items: [request('example', '1')],
        });
      } else {
        json(res, 200, {
          metadata: { resourceVersion: '21' },
          items: [request('second-request', '2')],
        });
      }
    });
    connect();
    const [promise] = await source.listPromises();
    expect(promise.metadata.name).toBe('elastic-cloud');

    const requests = await source.listRequests(promise);
    expect(requests.map(r => r.metadata.name)).toEqual([
      'example',
      'second-request',
    ]);
    expect(requests[0].metadata.managedFields).toBeUndefined();
    expect(page).toBe(2);
    await source.listRequests(promise, 'default');
    expect(page).toBe(2);

    // A change arrives through the watch, with no new LIST.
    await until('the request watch', () => Boolean(watchOf(REQUESTS)));
    const requestWatch = api.requests.find(
      r => r.path === REQUESTS && r.query.get('watch'),
    );
    expect(requestWatch?.query.get('resourceVersion')).toBe('21');
    expect(requestWatch?.query.get('allowWatchBookmarks')).toBe('true');
    const events: string[] = [];
    source.subscribe(['requests'], e =>
      events.push(`${e.type} ${e.kind} ${e.object.metadata.name}`),
    );
    watchOf(REQUESTS)!.write(
      `${JSON.stringify({ type: 'ADDED', object: request('third', '22') })}\n`,
    );
    await until('the event', () => events.includes('added requests third'));
    expect(
      (await source.listRequests(promise)).map(r => r.metadata.name),
    ).toContain('third');
    expect(page).toBe(2);
    expect(source.cacheStatus().map(c => [c.kind, c.synced])).toEqual([
      ['promises.platform.kratix.io', true],
      ['elastic-clouds.workshop.kratix.io', true],
    ]);
  });

  it('lists only Kratix-managed Pods, so any other Pod is not found', async () => {
    api.on('GET', '/api/v1/pods', (req, res) => {
      expect(req.query.get('labelSelector')).toBe(
        'app.kubernetes.io/managed-by=Kratix',
      );
      json(res, 200, {
        metadata: { resourceVersion: '5' },
        items: [
          {
            metadata: {
              name: 'kratix-pod',
              namespace: 'default',
              labels: { 'app.kubernetes.io/managed-by': 'Kratix' },
            },
          },
        ],
      });
    });
    connect();
    expect((await source.getPod('default', 'kratix-pod'))?.kind).toBe('Pod');
    expect(await source.getPod('kube-system', 'coredns')).toBeUndefined();
  });

  it('maps 401, 403, 404 and a cluster that does not answer to typed errors', async () => {
    api.on(
      'GET',
      '/apis/platform.kratix.io/v1alpha1/destinations',
      (_req, res) =>
        status(
          res,
          403,
          'Forbidden',
          'destinations.platform.kratix.io is forbidden: User "system:serviceaccount:backstage:reader" cannot list resource "destinations"',
        ),
    );
    api.on('GET', /statestores$/, () => {
      /* never answers */
    });
    connect('wrong-token', 300);
    await expect(source.listPromises()).rejects.toMatchObject({
      type: 'unauthorized',
      statusCode: 401,
      cluster: 'platform',
    });
    await expect(source.listDestinations()).rejects.toMatchObject({
      type: 'forbidden',
      statusCode: 403,
      message: expect.stringContaining('cannot list resource "destinations"'),
    });
    await expect(source.listWorks()).rejects.toMatchObject({
      type: 'not-found',
      statusCode: 404,
    });
    await expect(source.listStateStores()).rejects.toMatchObject({
      type: 'timeout',
    });
  });

  it('reports an API server that refuses connections as unreachable', async () => {
    const url = api.url;
    await api.close();
    const kc = kubeConfigFor(
      {
        type: 'url',
        configKey: 'k',
        url,
        serviceAccountToken: 't',
        skipTLSVerify: true,
      },
      'gone',
    );
    source = new KubernetesKratixSource({
      client: new KubeHttpClient(kc, 'gone', 1000),
      logger: mockServices.logger.mock(),
      requestTimeoutMs: 1000,
    });
    await expect(source.listPromises()).rejects.toMatchObject({
      type: 'unreachable',
      cluster: 'gone',
    });
    api = await startFakeKubeApiServer();
  });

  it('relists when the watch answers 410 Gone', async () => {
    let lists = 0;
    api.on('GET', REQUESTS, (_req, res) => {
      lists += 1;
      json(res, 200, {
        metadata: { resourceVersion: String(lists * 100) },
        items: [request(`r${lists}`, '1')],
      });
    });
    connect();
    const [promise] = await source.listPromises();
    expect(
      (await source.listRequests(promise)).map(r => r.metadata.name),
    ).toEqual(['r1']);
    await until('the request watch', () => Boolean(watchOf(REQUESTS)));
    const gone = {
      type: 'ERROR',
      object: {
        kind: 'Status',
        code: 410,
        reason: 'Expired',
        message: 'too old resource version',
      },
    };
    watchOf(REQUESTS)!.write(`${JSON.stringify(gone)}\n`);
    await until('a relist', () => lists === 2);
    await until('the relisted requests', async () =>
      (await source.listRequests(promise)).some(r => r.metadata.name === 'r2'),
    );
    expect(
      (await source.listRequests(promise)).map(r => r.metadata.name),
    ).toEqual(['r2']);
  });

  it('patches labels with a merge patch and deletes requests in the background', async () => {
    api.on('GET', REQUESTS, (_req, res) =>
      json(res, 200, {
        metadata: { resourceVersion: '1' },
        items: [request('example', '1')],
      }),
    );
    api.on(
      'PATCH',
      `${REQUESTS.replace(
        '/elastic-clouds',
        '/namespaces/default/elastic-clouds',
      )}/example`,
      (req, res) => {
        expect(req.headers['content-type']).toBe(
          'application/merge-patch+json',
        );
        const patch = JSON.parse(req.body);
        json(res, 200, request('example', '2', patch.metadata.labels));
      },
    );
    api.on(
      'DELETE',
      `${REQUESTS.replace(
        '/elastic-clouds',
        '/namespaces/default/elastic-clouds',
      )}/example`,
      (req, res) => {
        expect(req.query.get('propagationPolicy')).toBe('Background');
        json(res, 200, {
          ...request('example', '3'),
          metadata: {
            ...request('example', '3').metadata,
            deletionTimestamp: '2026-11-17T10:00:00Z',
          },
        });
      },
    );
    connect();
    const [promise] = await source.listPromises();
    await source.listRequests(promise);
    const patched = await source.patchMetadata(
      { kind: 'request', promise, namespace: 'default', name: 'example' },
      { labels: { 'kratix.io/paused': 'true' } },
    );
    expect(patched.metadata.labels).toEqual({ 'kratix.io/paused': 'true' });
    expect(
      (await source.getRequest(promise, 'default', 'example'))?.metadata.labels,
    ).toEqual({ 'kratix.io/paused': 'true' });
    const deleted = await source.deleteRequest(promise, 'default', 'example');
    expect(deleted?.metadata.deletionTimestamp).toBe('2026-11-17T10:00:00Z');
  });

  it('answers "logs unavailable" when the API server cannot reach the kubelet', async () => {
    api.on(
      'GET',
      '/api/v1/namespaces/default/pods/kratix-pod/log',
      (req, res) => {
        expect(Object.fromEntries(req.query)).toEqual({
          container: 'pipeline-stage-0',
          tailLines: '10',
        });
        status(
          res,
          500,
          'InternalError',
          'Get "https://10.0.0.7:10250/containerLogs/default/kratix-pod/pipeline-stage-0": dial tcp 10.0.0.7:10250: connect: connection refused',
        );
      },
    );
    api.on(
      'GET',
      '/api/v1/namespaces/default/pods/waiting-pod/log',
      (_req, res) =>
        status(
          res,
          400,
          'BadRequest',
          'container "pipeline-stage-0" in pod "waiting-pod" is waiting to start: PodInitializing',
        ),
    );
    api.on('GET', '/api/v1/namespaces/default/pods/ok-pod/log', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('Downloading CRDS...\n');
    });
    connect();
    expect(
      await source.readLogs('default', 'kratix-pod', 'pipeline-stage-0', {
        tailLines: 10,
      }),
    ).toEqual({
      available: false,
      reason: 'kubelet-unreachable',
      statusCode: 500,
      message:
        "The API server could not get the log from the node's kubelet: Cluster 'platform': the API server request failed (500 InternalError: Get \"https://10.0.0.7:10250/containerLogs/default/kratix-pod/pipeline-stage-0\": dial tcp 10.0.0.7:10250: connect: connection refused)",
    });
    expect(
      await source.readLogs('default', 'waiting-pod', 'pipeline-stage-0', {}),
    ).toMatchObject({
      available: false,
      reason: 'container-not-started',
      statusCode: 400,
    });
    const ok = await source.readLogs('default', 'ok-pod', 'reader', {});
    if (!ok.available) throw new Error('expected a log');
    let text = '';
    for await (const chunk of ok.stream) text += chunk;
    expect(text).toBe('Downloading CRDS...\n');
  });

  it('finds the requests of a Promise without a readable spec.api from its status and API discovery', async () => {
    const pruned = {
      ...elasticCloudPromise,
      spec: { ...elasticCloudPromise.spec, api: {} },
      status: {
        apiVersion: 'workshop.kratix.io/v1alpha1',
        kind: 'elastic-cloud',
      },
    };
    api.on('GET', PROMISES, (_req, res) =>
      json(res, 200, { metadata: { resourceVersion: '1' }, items: [pruned] }),
    );
    api.on('GET', '/apis/workshop.kratix.io/v1alpha1', (_req, res) =>
      json(res, 200, {
        kind: 'APIResourceList',
        groupVersion: 'workshop.kratix.io/v1alpha1',
        resources: [
          { name: 'elastic-clouds', kind: 'elastic-cloud', namespaced: true },
          {
            name: 'elastic-clouds/status',
            kind: 'elastic-cloud',
            namespaced: true,
          },
        ],
      }),
    );
    api.on('GET', REQUESTS, (_req, res) =>
      json(res, 200, {
        metadata: { resourceVersion: '1' },
        items: [request('example', '1')],
      }),
    );
    connect();
    const [promise] = await source.listPromises();
    expect(
      (await source.listRequests(promise)).map(r => r.metadata.name),
    ).toEqual(['example']);
    await source.listRequests(promise);
    expect(
      api.requests.filter(r => r.path === '/apis/workshop.kratix.io/v1alpha1'),
    ).toHaveLength(1);

    const secrets = { ...pruned, status: { apiVersion: 'v1', kind: 'Secret' } };
    await expect(source.listRequests(secrets)).rejects.toMatchObject({
      type: 'unknown',
    });
    const core = {
      ...pruned,
      status: { apiVersion: 'apps.k8s.io/v1', kind: 'Deployment' },
    };
    await expect(source.listRequests(core)).rejects.toThrow(
      "its API group 'apps.k8s.io' is not a custom resource group",
    );
  });
});
