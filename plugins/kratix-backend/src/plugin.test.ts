import { createServer } from 'node:net';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { kratixClusterAuthStrategyServiceRef } from '@kratix-backstage/plugin-kratix-node';
import {
  elasticCloudPromise,
  pipelineJob,
  workForPipeline,
  workshopScenario,
} from '@kratix-backstage/kratix-simulation';
import request from 'supertest';
import {
  json,
  startFakeKubeApiServer,
  status,
} from './__testUtils__/fakeKubeApiServer';
import demoModule from '@kratix-backstage/plugin-kratix-backend-module-demo';
import kratixBackend from '.';

const API = '/api/kratix';

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise(resolve => server.close(resolve));
  return port;
}

const config = (kratix: object) =>
  mockServices.rootConfig.factory({ data: { kratix } });

describe('kratixPlugin', () => {
  it('serves its health route under /api/kratix without credentials', async () => {
    const { server } = await startTestBackend({ features: [kratixBackend] });
    const res = await request(server).get(`${API}/health`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('answers 404 for routes it does not have', async () => {
    const { server } = await startTestBackend({ features: [kratixBackend] });
    expect((await request(server).get(`${API}/no-such-route`)).status).toBe(
      404,
    );
  });

  it('serves no platform unless configured or added by a module', async () => {
    const { server } = await startTestBackend({ features: [kratixBackend] });
    expect((await request(server).get(`${API}/promises`)).body).toEqual({
      items: [],
      errors: [],
    });
  });

  it('serves the demo platform when the demo module is installed', async () => {
    const { server } = await startTestBackend({
      features: [kratixBackend, demoModule],
    });
    const res = await request(server).get(`${API}/promises`);
    expect(
      res.body.items.map((p: any) => [p.platform, p.name, p.demo]),
    ).toEqual([['demo', 'elastic-cloud', true]]);
  });

  it('serves no demo platform when kratix.demo.enabled is false', async () => {
    const { server } = await startTestBackend({
      features: [
        kratixBackend,
        demoModule,
        config({ demo: { enabled: false } }),
      ],
    });
    expect((await request(server).get(`${API}/promises`)).body.items).toEqual(
      [],
    );
  });

  it('refuses a configured platform that takes the demo platform name', async () => {
    await expect(
      startTestBackend({
        features: [
          kratixBackend,
          demoModule,
          config({ platforms: [{ name: 'demo', inCluster: true }] }),
        ],
      }),
    ).rejects.toThrow(
      "Invalid Kratix config at 'kratix.platforms[0].name': 'demo' is already the name of a platform added by an installed module (the demo platform)",
    );
  });

  it('fails to start with a config error that names the key', async () => {
    await expect(
      startTestBackend({
        features: [
          kratixBackend,
          config({
            platforms: [
              { name: 'p', kubeconfig: { path: 'no/such/kubeconfig' } },
            ],
          }),
        ],
      }),
    ).rejects.toThrow(
      "Invalid Kratix config at 'kratix.platforms[0].kubeconfig.path': no kubeconfig file at no/such/kubeconfig",
    );
  });

  describe('with a platform that cannot be reached', () => {
    let server: any;
    let port: number;

    beforeAll(async () => {
      port = await closedPort();
      ({ server } = await startTestBackend({
        features: [
          kratixBackend,
          demoModule,
          config({
            platforms: [
              {
                name: 'broken',
                url: `http://127.0.0.1:${port}`,
                serviceAccountToken: 't',
                skipTLSVerify: true,
                requestTimeoutMs: 2000,
              },
            ],
          }),
        ],
      }));
    });

    it('lists what the other platforms have, and a typed error naming the failing one', async () => {
      const res = await request(server).get(`${API}/promises`);
      expect(res.status).toBe(200);
      expect(res.body.items.map((p: any) => `${p.platform}/${p.name}`)).toEqual(
        ['demo/elastic-cloud'],
      );
      expect(res.body.errors).toEqual([
        {
          platform: 'broken',
          cluster: 'broken',
          type: 'unreachable',
          message: `Cluster 'broken': the API server cannot be reached (connect ECONNREFUSED 127.0.0.1:${port})`,
        },
      ]);
      const requests = await request(server).get(`${API}/requests`);
      // The demo's requests (the workshop's two, and its examples of each state).
      expect(requests.body.items.map((r: any) => r.name)).toEqual(
        expect.arrayContaining(['example', 'second-request']),
      );
      expect(requests.body.items.every((r: any) => r.platform === 'demo')).toBe(
        true,
      );
      expect(
        requests.body.errors.map((e: any) => [e.platform, e.type]),
      ).toEqual([['broken', 'unreachable']]);
    });

    it('answers 503 with the typed cause for a read on that platform alone', async () => {
      const res = await request(server).get(
        `${API}/platforms/broken/promises/elastic-cloud`,
      );
      expect(res.status).toBe(503);
      expect(res.body.error).toMatchObject({
        name: 'ServiceUnavailableError',
        message: `Kratix platform 'broken' failed (unreachable); caused by KratixClusterError: Cluster 'broken': the API server cannot be reached (connect ECONNREFUSED 127.0.0.1:${port})`,
        cause: {
          name: 'KratixClusterError',
          platform: 'broken',
          cluster: 'broken',
          type: 'unreachable',
        },
      });
    });

    it("reports the cluster's cache as failing", async () => {
      const res = await request(server).get(`${API}/platforms`);
      const broken = res.body.items.find((p: any) => p.name === 'broken');
      expect(broken).toMatchObject({
        demo: false,
        connection: 'url',
        workers: [],
      });
      // The Promises' cache, and those the request list read (Works and WorkPlacements,
      // for the requests' Destinations).
      expect(broken.caches).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            cluster: 'broken',
            kind: 'promises.platform.kratix.io',
            synced: false,
            staleSince: expect.any(String),
          }),
        ]),
      );
      expect(broken.caches.every((c: any) => !c.synced && c.lastError)).toBe(
        true,
      );
    });
  });

  describe('with credentials whose RBAC forbids some reads', () => {
    let server: any;
    let api: Awaited<ReturnType<typeof startFakeKubeApiServer>>;
    const [example] = workshopScenario.requests;
    const requestObject = {
      ...workshopScenario.requestObject(example),
      metadata: { name: 'example', namespace: 'default' },
    };
    const job = pipelineJob({
      promise: elasticCloudPromise,
      pipeline: elasticCloudPromise.spec.workflows.resource.configure[0],
      type: 'resource',
      action: 'configure',
      request: requestObject,
      suffix: 'aaaaa',
    });
    const work = workForPipeline({
      promise: elasticCloudPromise,
      request: requestObject,
      pipelineName: 'resource-configure',
      namespace: 'default',
      files: { 'a.yaml': 'kind: A\n' },
      suffix: 'bbbbb',
    });
    const forbidden = (kind: string) => (_req: any, res: any) =>
      status(
        res,
        403,
        'Forbidden',
        `${kind} is forbidden: User "system:serviceaccount:backstage:restricted" cannot list resource "${kind}" in API group "" at the cluster scope`,
      );

    beforeAll(async () => {
      api = await startFakeKubeApiServer();
      const list = (items: object[]) => (_req: any, res: any) =>
        json(res, 200, { metadata: { resourceVersion: '1' }, items });
      api.on(
        'GET',
        '/apis/platform.kratix.io/v1alpha1/promises',
        list([elasticCloudPromise]),
      );
      api.on(
        'GET',
        '/apis/workshop.kratix.io/v1alpha1/elastic-clouds',
        list([requestObject]),
      );
      api.on('GET', '/apis/batch/v1/jobs', list([job]));
      api.on('GET', '/apis/platform.kratix.io/v1alpha1/works', list([work]));
      api.on('GET', '/api/v1/pods', forbidden('pods'));
      api.on(
        'GET',
        '/apis/platform.kratix.io/v1alpha1/workplacements',
        forbidden('workplacements'),
      );
      api.on(
        'GET',
        '/apis/platform.kratix.io/v1alpha1/destinations',
        forbidden('destinations'),
      );
      api.on('WATCH', /.*/, (_req, res) => {
        res.writeHead(200);
        res.flushHeaders();
      });
      ({ server } = await startTestBackend({
        features: [
          kratixBackend,
          config({
            platforms: [
              {
                name: 'restricted',
                url: api.url,
                serviceAccountToken: 't',
                skipTLSVerify: true,
              },
            ],
          }),
        ],
      }));
    });

    afterAll(async () => {
      await api.close();
    });

    it('shows runs without their stages, and says the Pods could not be read', async () => {
      const res = await request(server).get(
        `${API}/platforms/restricted/requests/default/elastic-cloud/example/runs`,
      );
      expect(res.status).toBe(200);
      expect(
        res.body.items.map((r: any) => [r.name, r.stages, r.attempts]),
      ).toEqual([
        ['kratix-elastic-cloud-example-resource-configure-aaaaa', [], 0],
      ]);
      expect(res.body.errors).toEqual([
        expect.objectContaining({
          platform: 'restricted',
          cluster: 'restricted',
          type: 'forbidden',
          statusCode: 403,
        }),
      ]);
    });

    it('shows Works without WorkPlacements, and says which read was forbidden', async () => {
      const res = await request(server).get(
        `${API}/platforms/restricted/requests/default/elastic-cloud/example/placement`,
      );
      expect(res.body.works.map((w: any) => w.name)).toEqual([
        'elastic-cloud-example-resource-configure-bbbbb',
      ]);
      expect(res.body.workPlacements).toEqual([]);
      expect(res.body.errors[0]).toMatchObject({
        type: 'forbidden',
        message: expect.stringContaining(
          'cannot list resource "workplacements"',
        ),
      });
    });

    it('answers 403 when the whole read is forbidden', async () => {
      const res = await request(server).get(
        `${API}/platforms/restricted/destinations`,
      );
      expect(res.status).toBe(403);
      expect(res.body.error).toMatchObject({
        name: 'NotAllowedError',
        message: expect.stringContaining(
          "Kratix platform 'restricted' failed (forbidden); caused by KratixClusterError: Cluster 'restricted': the credentials are not allowed to do this (403 Forbidden",
        ),
        cause: { type: 'forbidden', statusCode: 403, platform: 'restricted' },
      });
    });

    it('answers 403 for logs when its Pods may not be read at all', async () => {
      const res = await request(server).get(
        `${API}/platforms/restricted/pods/default/some-pod/logs/main`,
      );
      expect(res.status).toBe(403);
      expect(res.body.error.cause).toMatchObject({
        type: 'forbidden',
        statusCode: 403,
      });
    });
  });

  it('authenticates Kubernetes plugin clusters with an installed auth strategy', async () => {
    const api = await startFakeKubeApiServer();
    try {
      api.on('GET', '/apis/platform.kratix.io/v1alpha1/promises', (_req, res) =>
        json(res, 200, {
          metadata: { resourceVersion: '1' },
          items: [elasticCloudPromise],
        }),
      );
      api.on('WATCH', /.*/, (_req, res) => {
        res.writeHead(200);
        res.flushHeaders();
      });
      const strategy = createServiceFactory({
        service: kratixClusterAuthStrategyServiceRef,
        deps: {},
        factory: () => ({
          authProvider: 'vault',
          strategy: {
            getCredential: async () => ({
              type: 'bearer token' as const,
              token: 'from-vault',
            }),
            validateCluster: () => [],
            presentAuthMetadata: () => ({}),
          },
        }),
      });
      const { server } = await startTestBackend({
        features: [
          kratixBackend,
          strategy,
          mockServices.rootConfig.factory({
            data: {
              kubernetes: {
                clusterLocatorMethods: [
                  {
                    type: 'config',
                    clusters: [
                      {
                        name: 'k8s-platform',
                        url: api.url,
                        authProvider: 'vault',
                      },
                    ],
                  },
                ],
              },
              kratix: {
                platforms: [{ name: 'p', kubernetesCluster: 'k8s-platform' }],
              },
            },
          }),
        ],
      });
      const res = await request(server).get(`${API}/promises`);
      expect(res.body.items.map((p: any) => [p.platform, p.name])).toEqual([
        ['p', 'elastic-cloud'],
      ]);
      expect(
        api.requests.find(r => r.path.endsWith('/promises'))?.headers
          .authorization,
      ).toBe('Bearer from-vault');
    } finally {
      await api.close();
    }
  });
});
