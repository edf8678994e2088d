import { CustomObjectsApi } from '@kubernetes/client-node';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  type TestBackend,
} from '@backstage/backend-test-utils';
import {
  type KratixDriver,
  type KratixTestEnvironment,
  startWorkshopPlatform,
  waitFor,
} from '@internal/kratix-testenv';
import { readPromiseApi } from '@kratix-backstage/plugin-kratix-node';
import { workshopScenario } from '@kratix-backstage/kratix-simulation';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import scaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import request from 'supertest';
// The module runs on the platforms service that the backend plugin provides.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import {
  kratixPlatformsServiceFactory,
  kratixPlugin,
} from '@kratix-backstage/plugin-kratix-backend';
import { catalogModuleKratixEntityProvider } from './catalogModuleKratixEntityProvider';

jest.setTimeout(600_000);

const api = readPromiseApi(workshopScenario.promise)!;

function eventually<T>(
  what: string,
  check: () => Promise<T | undefined>,
  ms = 30_000,
): Promise<T> {
  return waitFor(what, check, { timeoutMs: ms, intervalMs: 100 });
}

// The real catalog backend (SQLite) and the provider against a real kube-apiserver.
describe('the Kratix entity provider on a real cluster', () => {
  let env: KratixTestEnvironment;
  let kratix: KratixDriver;
  let server: any;
  let backend: TestBackend | undefined;
  let objects: CustomObjectsApi;

  const entities = async (platform: string) => {
    const res = await request(server)
      .get(
        `/api/catalog/entities?filter=metadata.annotations.kratix.io/platform=${platform}`,
      )
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    return (res.body as any[])
      .map(e => `${e.kind}:${e.metadata.name}:${e.spec.owner}`)
      .sort();
  };
  const requestEntity = (name: string) =>
    `Resource:testenv-default-elastic-cloud-${name}`;

  beforeAll(async () => {
    ({ env, kratix } = await startWorkshopPlatform({
      flux: false,
      suite: 'catalog sync',
    }));
    objects = env.platform.kubeConfig.makeApiClient(CustomObjectsApi);
    const kubeconfig = (context: string) => ({
      kubeconfig: { path: env.kubeconfigPath, context },
    });
    backend = await startTestBackend({
      features: [
        catalogPlugin,
        scaffolderEntityModel,
        catalogModuleKratixEntityProvider,
        kratixPlatformsServiceFactory,
        // The Kratix REST API, which the Kratix pages read: it lists every request,
        // also those kept out of the catalog.
        kratixPlugin,
        // The real scheduler (on SQLite): the provider's task is a lease that repeats.
        schedulerServiceFactory,
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              rules: [{ allow: ['Component', 'Resource', 'Template'] }],
            },
            kratix: {
              catalog: {
                defaultOwner: 'group:default/platform-team',
                // Short leases, so full syncs repeat during the test.
                schedule: {
                  frequency: { seconds: 8 },
                  timeout: { seconds: 30 },
                },
                batchMs: 200,
              },
              platforms: [
                { name: 'testenv', ...kubeconfig('platform') },
                // Its token may not list the request kind: 403.
                {
                  name: 'restricted',
                  ...kubeconfig('platform-restricted'),
                  requestTimeoutMs: 5000,
                },
                // The same cluster again, its requests kept out of the catalog.
                {
                  name: 'norequests',
                  ...kubeconfig('platform'),
                  catalog: { requests: false },
                },
              ],
            },
          },
        }),
      ],
    });
    server = backend.server;
  });

  afterAll(async () => {
    await backend?.stop();
    await kratix?.stop();
    await env?.stop();
  });

  it('syncs the Promise, its template, the requests and the Destination', async () => {
    const expected = [
      'Component:testenv-elastic-cloud:group:default/platform-team',
      'Resource:testenv-default-elastic-cloud-example:group:default/platform-team',
      'Resource:testenv-default-elastic-cloud-second-request:group:default/platform-team',
      'Resource:testenv-destination-worker-1:group:default/platform-team',
      'Template:kratix-testenv-elastic-cloud:group:default/platform-team',
    ];
    await eventually(
      'the workshop entities',
      async () => {
        const got = await entities('testenv');
        if (got.length !== expected.length) throw new Error(got.join(', '));
        return got;
      },
      60_000,
    );
    expect(await entities('testenv')).toEqual(expected);
    // 403 on the request kind: nothing from that platform, rather than half of it.
    expect(await entities('restricted')).toEqual([]);
  });

  it('keeps the requests of a platform with catalog.requests false out, and the Kratix API still lists them', async () => {
    const expected = [
      'Component:norequests-elastic-cloud:group:default/platform-team',
      'Resource:norequests-destination-worker-1:group:default/platform-team',
      'Template:kratix-norequests-elastic-cloud:group:default/platform-team',
    ];
    await eventually(
      'the Promise, Template and Destination of norequests',
      async () => {
        const got = await entities('norequests');
        if (got.length !== expected.length) throw new Error(got.join(', '));
        return got;
      },
      60_000,
    );
    // A request made now reaches the catalog through testenv, never through norequests.
    const ref = { group: api.group, version: api.version, plural: api.plural };
    await objects.createNamespacedCustomObject({
      ...ref,
      namespace: 'default',
      body: {
        apiVersion: `${api.group}/${api.version}`,
        kind: api.kind,
        metadata: { name: 'fourth', namespace: 'default' },
        spec: { enableDataCollection: false },
      },
    });
    await eventually(
      'the new request through testenv',
      async () =>
        (
          await entities('testenv')
        ).some(e => e.startsWith(`${requestEntity('fourth')}:`)) || undefined,
      10_000,
    );
    // norequests batches its deltas the same way: had it sent the request, it would be in.
    await new Promise(r => setTimeout(r, 1000));
    expect(await entities('norequests')).toEqual(expected);

    // The generated Template opens the request's Kratix page instead of its entity.
    const template = (
      await request(server)
        .get(
          '/api/catalog/entities/by-name/template/default/kratix-norequests-elastic-cloud',
        )
        .set('Authorization', mockCredentials.user.header())
    ).body;
    expect(template.spec.output.links).toEqual([
      expect.objectContaining({
        url: '/kratix/platforms/norequests/requests/${{ parameters.namespace }}/elastic-cloud/${{ parameters.name }}',
      }),
    ]);

    // What the Kratix pages read: every request of the platform.
    const listed = await request(server)
      .get('/api/kratix/platforms/norequests/promises/elastic-cloud/requests')
      .set('Authorization', mockCredentials.user.header());
    expect(listed.status).toBe(200);
    const names = (listed.body.items ?? listed.body).map(
      (r: any) => r.name ?? r.metadata?.name,
    );
    expect(names).toEqual(
      expect.arrayContaining(['example', 'second-request', 'fourth']),
    );
    await objects.deleteNamespacedCustomObject({
      ...ref,
      namespace: 'default',
      name: 'fourth',
    });
  });

  it('follows a request that is created, updated and deleted, within seconds', async () => {
    const ref = { group: api.group, version: api.version, plural: api.plural };
    const started = Date.now();
    await objects.createNamespacedCustomObject({
      ...ref,
      namespace: 'default',
      body: {
        apiVersion: `${api.group}/${api.version}`,
        kind: api.kind,
        metadata: {
          name: 'third',
          namespace: 'default',
          annotations: { 'backstage.io/kratix-requester': 'user:default/jane' },
        },
        spec: { enableDataCollection: false },
      },
    });
    await eventually(
      'the new request',
      async () =>
        (
          await entities('testenv')
        ).includes(`${requestEntity('third')}:user:default/jane`) || undefined,
      5_000,
    );
    const createdMs = Date.now() - started;
    expect(createdMs).toBeLessThan(5_000);

    await objects.patchNamespacedCustomObject({
      ...ref,
      namespace: 'default',
      name: 'third',
      body: [
        {
          op: 'replace',
          path: '/metadata/annotations/backstage.io~1kratix-requester',
          value: 'group:default/team-b',
        },
      ],
    });
    await eventually(
      'the new owner',
      async () =>
        (
          await entities('testenv')
        ).includes(`${requestEntity('third')}:group:default/team-b`) ||
        undefined,
      5_000,
    );

    await objects.deleteNamespacedCustomObject({
      ...ref,
      namespace: 'default',
      name: 'third',
    });
    await eventually(
      'the request to go',
      async () =>
        (
          await entities('testenv')
        ).some(e => e.startsWith(requestEntity('third:')))
          ? undefined
          : true,
      5_000,
    );
    // eslint-disable-next-line no-console
    console.log(`A new request reached the catalog in ${createdMs} ms`);
  });

  it("follows a request's health (a status-only change) into a label that catalog filters find", async () => {
    const ref = {
      group: api.group,
      version: api.version,
      plural: api.plural,
      namespace: 'default',
      name: 'second-request',
    };
    // What Kratix's HealthRecord controller does: write the roll-up on the request's
    // status subresource (read-modify-write, retried when another writer came first).
    const setHealth = async (state: string) => {
      for (let attempt = 1; ; attempt++) {
        const current: any = await objects.getNamespacedCustomObject(ref);
        try {
          await objects.replaceNamespacedCustomObjectStatus({
            ...ref,
            body: {
              ...current,
              status: {
                ...(current.status ?? {}),
                healthStatus: {
                  state,
                  healthRecords: [
                    {
                      state,
                      lastRun: Math.floor(Date.now() / 1000),
                      source: {
                        name: 'second-request-health',
                        namespace: 'default',
                      },
                    },
                  ],
                },
              },
            },
          });
          return;
        } catch (error: any) {
          if (attempt >= 10 || error?.code !== 409) throw error;
        }
      }
    };
    const byHealth = async (state: string) => {
      const res = await request(server)
        .get(
          `/api/catalog/entities?filter=metadata.annotations.kratix.io/platform=testenv,metadata.labels.kratix.io/health=${state}`,
        )
        .set('Authorization', mockCredentials.user.header());
      expect(res.status).toBe(200);
      return (res.body as any[]).map(e => e.metadata.name as string);
    };
    const entityName = 'testenv-default-elastic-cloud-second-request';

    const started = Date.now();
    await setHealth('unhealthy');
    await eventually(
      'the unhealthy request through the label filter',
      async () =>
        (await byHealth('unhealthy')).includes(entityName) || undefined,
      10_000,
    );
    const unhealthyMs = Date.now() - started;
    const entity = (
      await request(server)
        .get(`/api/catalog/entities/by-name/resource/default/${entityName}`)
        .set('Authorization', mockCredentials.user.header())
    ).body;
    expect(entity.metadata.labels['kratix.io/health']).toBe('unhealthy');
    expect(entity.metadata.annotations['kratix.io/health']).toBe('unhealthy');
    expect(entity.metadata.tags).toContain('health-unhealthy');
    // The catalog UI's tag filter asks this way.
    const tagged = await request(server)
      .get('/api/catalog/entities?filter=metadata.tags=health-unhealthy')
      .set('Authorization', mockCredentials.user.header());
    expect(tagged.body.map((e: any) => e.metadata.name)).toEqual([entityName]);

    // Recovered: it leaves the unhealthy filter and shows under its new state.
    await setHealth('healthy');
    await eventually(
      'the recovered request',
      async () =>
        ((await byHealth('healthy')).includes(entityName) &&
          !(await byHealth('unhealthy')).includes(entityName)) ||
        undefined,
      10_000,
    );
    // eslint-disable-next-line no-console
    console.log(
      `A request's new health reached the catalog filter in ${unhealthyMs} ms`,
    );
  });

  it('removes nothing when the API server stops', async () => {
    const before = await entities('testenv');
    const apiserver = env
      .pids()
      .find(p => p.name === 'platform-kube-apiserver');
    expect(apiserver).toBeDefined();
    process.kill(apiserver!.pid, 'SIGKILL');
    // Several full syncs (8 s schedule) run and fail meanwhile.
    await new Promise(r => setTimeout(r, 25_000));
    expect(await entities('testenv')).toEqual(before);
  });
});
