import { CustomObjectsApi } from '@kubernetes/client-node';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import {
  EXIT_CODE_ANNOTATION,
  FAIL_CONTAINER_ANNOTATION,
  type KratixDriver,
  type KratixTestEnvironment,
  RealKratix,
  startWorkshopPlatform,
} from '@internal/kratix-testenv';
// The end-to-end test runs the Kratix backend plugin next to the scaffolder on purpose.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import kratixPlugin from '@kratix-backstage/plugin-kratix-backend';
import { KRATIX_REQUESTER_ANNOTATION } from '@kratix-backstage/plugin-kratix-common';
import request from 'supertest';
import { scaffolderModuleKratix } from './module';

jest.setTimeout(600_000);

const REQUESTS =
  '/api/kratix/platforms/testenv/promises/elastic-cloud/requests';

const template = {
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: { name: 'request-elastic-cloud', namespace: 'default' },
  spec: {
    type: 'resource',
    owner: 'group:default/platform',
    parameters: [
      {
        properties: {
          name: { type: 'string' },
          annotations: { type: 'object' },
        },
      },
    ],
    steps: [
      {
        id: 'create',
        name: 'Request the resource',
        action: 'kratix:resource:create',
        input: {
          promise: 'elastic-cloud',
          name: '${{ parameters.name }}',
          spec: { enableDataCollection: true },
          annotations: '${{ parameters.annotations }}',
        },
      },
      {
        id: 'wait',
        name: 'Wait for the resource',
        action: 'kratix:resource:wait',
        input: {
          platform: '${{ steps.create.output.platform }}',
          promise: 'elastic-cloud',
          name: '${{ steps.create.output.name }}',
          namespace: '${{ steps.create.output.namespace }}',
          timeoutSeconds: 180,
        },
      },
    ],
    output: {
      links: [{ title: 'Request', url: '${{ steps.create.output.url }}' }],
      text: [{ title: 'Status', content: '${{ steps.wait.output.message }}' }],
    },
  },
};

// A template that only previews: kratix:resource:create with dryRun.
const previewTemplate = {
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: { name: 'preview-elastic-cloud', namespace: 'default' },
  spec: {
    type: 'resource',
    owner: 'group:default/platform',
    parameters: [{ properties: { name: { type: 'string' } } }],
    steps: [
      {
        id: 'preview',
        name: 'Preview the resource',
        action: 'kratix:resource:create',
        input: {
          promise: 'elastic-cloud',
          name: '${{ parameters.name }}',
          spec: { enableDataCollection: false },
          dryRun: true,
        },
      },
    ],
    output: {
      method: '${{ steps.preview.output.previewMethod }}',
      files: '${{ steps.preview.output.previewFiles }}',
      entityRef: '${{ steps.preview.output.entityRef }}',
    },
  },
};

// The whole path on real clusters: a template task posted to the scaffolder's REST API
// runs the kratix actions, which call the Kratix backend plugin as the task's
// initiator; the backend creates the request on the test environment's platform
// cluster, where the simulator runs its pipeline (Jobs and Pods run by KWOK).
describe('kratix scaffolder actions, end to end', () => {
  let env: KratixTestEnvironment;
  let kratix: KratixDriver;
  let server: any;
  let objects: CustomObjectsApi;

  const getRequest = (name: string) =>
    objects
      .getNamespacedCustomObject({
        group: 'workshop.kratix.io',
        version: 'v1alpha1',
        namespace: 'default',
        plural: 'elastic-clouds',
        name,
      })
      .catch(() => undefined) as Promise<any>;

  async function runTask(
    values: object,
    templateRef = 'template:default/request-elastic-cloud',
  ) {
    const created = await request(server)
      .post('/api/scaffolder/v2/tasks')
      .send({ templateRef, values });
    expect(created.status).toBe(201);
    const id = created.body.id;
    const deadline = Date.now() + 300_000;
    for (;;) {
      const task = await request(server).get(`/api/scaffolder/v2/tasks/${id}`);
      if (['completed', 'failed', 'cancelled'].includes(task.body.status)) {
        const events = await request(server).get(
          `/api/scaffolder/v2/tasks/${id}/events`,
        );
        return { task: task.body, events: events.body as any[] };
      }
      if (Date.now() > deadline) throw new Error(`task ${id} did not finish`);
      await new Promise(r => setTimeout(r, 500));
    }
  }

  const messages = (events: any[], step: string) =>
    events
      .filter(e => e.type === 'log' && e.body.stepId === step)
      .map(e => e.body.message as string);

  beforeAll(async () => {
    ({ env, kratix } = await startWorkshopPlatform({
      suite: 'scaffolder end-to-end',
    }));
    objects = env.platform.kubeConfig.makeApiClient(CustomObjectsApi);
    // On real Kratix a DryRun completes only with a Destination for dry runs.
    if (kratix instanceof RealKratix) await kratix.registerDryRunDestination();
    ({ server } = await startTestBackend({
      features: [
        scaffolderPlugin,
        kratixPlugin,
        scaffolderModuleKratix,
        catalogServiceMock.factory({
          entities: [template, previewTemplate],
        }),
        mockServices.rootConfig.factory({
          data: {
            kratix: {
              platforms: [
                {
                  name: 'testenv',
                  title: 'Test environment',
                  kubeconfig: { path: env.kubeconfigPath, context: 'platform' },
                },
              ],
            },
          },
        }),
      ],
    }));
  });

  afterAll(async () => {
    await kratix?.stop();
    await env?.stop();
  });

  it('runs a template through POST /api/scaffolder/v2/tasks: the request appears, its stages are logged', async () => {
    const { task, events } = await runTask({ name: 'from-template' });
    expect(task.status).toBe('completed');

    const created = await getRequest('from-template');
    expect(created.metadata.annotations[KRATIX_REQUESTER_ANNOTATION]).toBe(
      'user:default/mock',
    );
    expect(created.spec).toEqual({ enableDataCollection: true });
    expect(created.status.message).toBe('Resource requested');

    expect(messages(events, 'create')).toContainEqual(
      expect.stringContaining(
        'Created the elastic-cloud request default/from-template on platform testenv (elastic-cloud), requested by user:default/mock',
      ),
    );
    const waited = messages(events, 'wait');
    for (const stage of ['reader', 'pipeline-stage-0', 'work-writer']) {
      expect(waited).toContainEqual(
        expect.stringMatching(
          new RegExp(`Stage ${stage} of pipeline \\S+: succeeded`),
        ),
      );
    }
    expect(waited).toContainEqual(
      expect.stringContaining('Status: Resource requested'),
    );
  });

  it('fails the wait step naming the failing stage when the pipeline fails', async () => {
    const { task, events } = await runTask({
      name: 'failing-template',
      annotations: {
        [FAIL_CONTAINER_ANNOTATION]: 'pipeline-stage-0',
        [EXIT_CODE_ANNOTATION]: '3',
      },
    });
    expect(task.status).toBe('failed');
    const failure = events.find(
      e => e.type === 'completion' || e.body?.status === 'failed',
    );
    expect(JSON.stringify(failure ?? events.at(-1))).toContain(
      'failed at stage pipeline-stage-0 of pipeline',
    );
    expect(messages(events, 'wait')).toContainEqual(
      expect.stringMatching(/Stage pipeline-stage-0 of pipeline \S+: failed/),
    );
  });

  it('refuses a spec that does not fit the schema, naming the field; nothing is created', async () => {
    const res = await request(server)
      .post(REQUESTS)
      .send({ name: 'misfit', spec: { enableDataCollection: 'yes' } });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      "The spec does not fit Promise 'elastic-cloud': spec.enableDataCollection: must be boolean, got string",
    );
    expect(await getRequest('misfit')).toBeUndefined();
  });

  it('a server-side dry run answers what would be created and stores nothing', async () => {
    const res = await request(server)
      .post(`${REQUESTS}?dryRun=true`)
      .send({ name: 'dry', spec: { enableDataCollection: false } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      platform: 'testenv',
      promise: 'elastic-cloud',
      name: 'dry',
      namespace: 'default',
      apiVersion: 'workshop.kratix.io/v1alpha1',
      kind: 'elastic-cloud',
      dryRun: true,
      updated: false,
      requester: 'user:default/mock',
      // Without an owner in the body, the requester owns it.
      owner: 'user:default/mock',
      entityName: 'testenv-default-elastic-cloud-dry',
    });
    expect(await getRequest('dry')).toBeUndefined();
  });

  it('previews through a task with dryRun: says which method ran and why, lists the files, stores nothing', async () => {
    const { task, events } = await runTask(
      { name: 'previewed' },
      'template:default/preview-elastic-cloud',
    );
    if (task.status !== 'completed') {
      // The task's last events say why.
      throw new Error(
        `The preview task ${task.status}: ${JSON.stringify(events.slice(-3))}`,
      );
    }
    const logged = messages(events, 'preview');
    const header = logged.find(m => m.includes('Preview of the elastic-cloud'));
    expect(header).toMatch(
      /Preview of the elastic-cloud request default\/previewed on platform testenv \((kratix-dry-run|server-dry-run)\): \S.+/,
    );
    const completion = events.find(e => e.type === 'completion');
    const output = completion?.body?.output ?? task.output ?? {};
    expect(['kratix-dry-run', 'server-dry-run']).toContain(output.method);
    expect(header).toContain(`(${output.method})`);
    expect(output.entityRef).toBe(
      'resource:default/testenv-default-elastic-cloud-previewed',
    );
    // eslint-disable-next-line no-console
    console.log(`Preview on ${kratix.mode} Kratix: ${header}`);
    // Kratix's DryRun ran the pipelines: the files they would write, each logged. The
    // API server's dry run: no files, and the note says that is what ran.
    const kratixRan = output.method === 'kratix-dry-run';
    const list =
      logged.find(m => m.includes('The pipelines would write')) ?? '';
    expect(output.files.length > 0).toBe(kratixRan);
    expect(output.files.filter((f: string) => !list.includes(f))).toEqual([]);
    expect(kratixRan || /server-side dry run/.test(header!)).toBe(true);
    expect(await getRequest('previewed')).toBeUndefined();
  });

  it('answers 409 for an existing request, and updates it when asked', async () => {
    const conflict = await request(server)
      .post(REQUESTS)
      .send({ name: 'example', spec: { enableDataCollection: true } });
    expect(conflict.status).toBe(409);
    expect(conflict.body.error.message).toBe(
      "elastic-cloud 'default/example' on platform 'testenv' already exists; ask to update it (updateExisting) or choose another name",
    );
    const update = await request(server)
      .post(REQUESTS)
      .send({
        name: 'example',
        spec: { enableDataCollection: true },
        updateExisting: true,
      });
    expect(update.status).toBe(200);
    expect(update.body.updated).toBe(true);
    const updated = await getRequest('example');
    expect(updated.spec.enableDataCollection).toBe(true);
    expect(updated.metadata.annotations[KRATIX_REQUESTER_ANNOTATION]).toBe(
      'user:default/mock',
    );
  });
});
