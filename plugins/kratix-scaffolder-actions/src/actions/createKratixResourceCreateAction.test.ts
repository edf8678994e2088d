import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import yaml from 'yaml';
import { fakeKratixBackend } from '../__testUtils__/fakeKratixBackend';
import { createKratixResourceCreateAction } from './createKratixResourceCreateAction';
import { examples } from './createKratixResourceCreateAction.examples';

const promiseEntity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'kratix-demo-elastic-cloud',
    namespace: 'default',
    annotations: {
      'kratix.io/platform': 'production',
      'kratix.io/promise-name': 'elastic-cloud',
    },
  },
  spec: { type: 'kratix-promise', owner: 'platform', lifecycle: 'production' },
};

function created(call: any, extra: object = {}) {
  const namespace = call.body.namespace ?? 'default';
  const platform = call.path.split('/')[2];
  return {
    body: {
      platform,
      promise: 'elastic-cloud',
      name: call.body.name,
      namespace,
      apiVersion: 'workshop.kratix.io/v1alpha1',
      kind: 'elastic-cloud',
      dryRun: call.query.dryRun === 'true',
      updated: false,
      requester: 'user:default/mock',
      entityName: `${platform}-${namespace}-elastic-cloud-${call.body.name}`,
      ...extra,
    },
    status: 201,
  };
}

function outputs(ctx: { output: jest.Mock | any }) {
  return Object.fromEntries((ctx.output as jest.Mock).mock.calls);
}

describe('kratix:resource:create', () => {
  let backend: ReturnType<typeof fakeKratixBackend>;
  let action: ReturnType<typeof createKratixResourceCreateAction>;

  beforeEach(() => {
    backend = fakeKratixBackend();
    backend.on('GET', /^\/platforms$/, () => ({
      body: { items: [{ name: 'testenv' }, { name: 'other' }], errors: [] },
    }));
    backend.on(
      'POST',
      /^\/platforms\/[^/]+\/promises\/elastic-cloud\/requests$/,
      c => created(c),
    );
    action = createKratixResourceCreateAction({
      ...backend.deps,
      catalog: catalogServiceMock({ entities: [promiseEntity] }),
    });
  });
  afterEach(() => backend.restore());

  it('runs the first example: creates on the first platform as the initiator', async () => {
    const input = yaml.parse(examples[0].example).steps[0].input;
    const ctx = createMockActionContext({ input });
    await action.handler(ctx as any);

    const post = backend.calls.find(c => c.method === 'POST')!;
    expect(post).toEqual({
      method: 'POST',
      path: '/platforms/testenv/promises/elastic-cloud/requests',
      query: { dryRun: 'false' },
      body: {
        name: 'example',
        namespace: 'default',
        spec: { enableDataCollection: true },
      },
      token: expect.stringMatching(/^Bearer mock-service-token:/),
    });
    // The token is the initiator's, on behalf of them, for the kratix plugin.
    expect(
      JSON.parse(post.token!.slice('Bearer mock-service-token:'.length)),
    ).toEqual({
      obo: 'user:default/mock',
      target: 'kratix',
    });
    expect(outputs(ctx)).toEqual({
      name: 'example',
      namespace: 'default',
      kind: 'elastic-cloud',
      apiVersion: 'workshop.kratix.io/v1alpha1',
      platform: 'testenv',
      entityRef: 'resource:default/testenv-default-elastic-cloud-example',
      url: '/catalog/default/resource/testenv-default-elastic-cloud-example',
    });
  });

  it('runs the second example: resolves the Promise entity, updates an existing request', async () => {
    const input = yaml.parse(examples[1].example).steps[0].input;
    const ctx = createMockActionContext({
      input: { ...input, name: 'search', spec: { enableDataCollection: true } },
    });
    await action.handler(ctx as any);

    expect(backend.calls.map(c => `${c.method} ${c.path}`)).toEqual([
      'POST /platforms/production/promises/elastic-cloud/requests',
    ]);
    expect(backend.calls[0].body).toEqual({
      name: 'search',
      namespace: 'team-a',
      spec: { enableDataCollection: true },
      labels: { team: 'a' },
      updateExisting: true,
    });
    expect(outputs(ctx).entityRef).toBe(
      'resource:default/production-team-a-elastic-cloud-search',
    );
  });

  const kratixPreview = {
    platform: 'testenv',
    method: 'kratix-dry-run',
    note: "Kratix's DryRun ran the Promise's configure pipelines for this input; nothing was requested.",
    object: {
      apiVersion: 'workshop.kratix.io/v1alpha1',
      kind: 'elastic-cloud',
      metadata: { name: 'example', namespace: 'default' },
      spec: { enableDataCollection: false },
    },
    files: [
      {
        path: 'elasticsearch.yaml',
        pipeline: 'instance-configure',
        directory: '.',
        content: 'kind: Elasticsearch\n',
      },
      {
        path: 'beats/filebeat.yaml',
        pipeline: 'instance-configure',
        directory: 'beats',
        content: 'kind: Beat\n',
      },
    ],
    summary: '## Would add\n- elasticsearch.yaml\n- beats/filebeat.yaml',
    dryRun: {
      name: 'example-x7k2p',
      namespace: 'default',
      state: 'completed',
    },
  };
  const serverPreview = {
    platform: 'testenv',
    method: 'server-dry-run',
    note: "The platform has no Kratix DryRun (is Kratix's featureFlags.dryRun on?): the API server checked and admitted the request; no pipeline ran.",
    object: kratixPreview.object,
    files: [],
  };
  const infos = (ctx: any) =>
    (ctx.logger.info as jest.Mock).mock.calls.map(([m]: [string]) => m);

  it("runs the third example: a preview with Kratix's DryRun, logging the method, note, files and summary", async () => {
    backend.on('POST', /\/requests\/preview$/, () => ({
      body: kratixPreview,
    }));
    const input = yaml.parse(examples[2].example).steps[0].input;
    const ctx = createMockActionContext({ input });
    jest.spyOn(ctx.logger, 'info');
    await action.handler(ctx as any);

    // One call, to the preview endpoint; nothing is created.
    expect(backend.calls.filter(c => c.method === 'POST')).toEqual([
      {
        method: 'POST',
        path: '/platforms/testenv/promises/elastic-cloud/requests/preview',
        query: {},
        body: {
          name: 'example',
          namespace: 'default',
          spec: { enableDataCollection: false },
        },
        token: expect.stringMatching(/^Bearer mock-service-token:/),
      },
    ]);
    expect(infos(ctx)).toEqual([
      `Preview of the elastic-cloud request default/example on platform testenv (kratix-dry-run): ${kratixPreview.note}`,
      'The pipelines would write 2 files:\n  elasticsearch.yaml (pipeline instance-configure)\n  beats/filebeat.yaml (pipeline instance-configure, directory beats)',
      "Kratix's summary:\n## Would add\n- elasticsearch.yaml\n- beats/filebeat.yaml",
    ]);
    expect(outputs(ctx)).toEqual({
      previewMethod: 'kratix-dry-run',
      previewFiles: ['elasticsearch.yaml', 'beats/filebeat.yaml'],
      previewSummary: kratixPreview.summary,
      name: 'example',
      namespace: 'default',
      kind: 'elastic-cloud',
      apiVersion: 'workshop.kratix.io/v1alpha1',
      platform: 'testenv',
      entityRef: 'resource:default/testenv-default-elastic-cloud-example',
      url: '/catalog/default/resource/testenv-default-elastic-cloud-example',
    });
  });

  it('says when the preview fell back to the server-side dry run, with no files', async () => {
    backend.on('POST', /\/requests\/preview$/, c => ({
      body: {
        ...serverPreview,
        object: {
          ...serverPreview.object,
          metadata: { name: c.body.name, namespace: c.body.namespace },
        },
      },
    }));
    const ctx = createMockActionContext({
      input: {
        promise: 'elastic-cloud',
        name: 'checked',
        namespace: 'team-a',
        spec: {},
        labels: { team: 'a' },
        dryRun: true,
        updateExisting: true,
      },
    });
    jest.spyOn(ctx.logger, 'info');
    await action.handler(ctx as any);
    // updateExisting means nothing to a preview, so it is not sent.
    expect(backend.calls.find(c => c.method === 'POST')!.body).toEqual({
      name: 'checked',
      namespace: 'team-a',
      spec: {},
      labels: { team: 'a' },
    });
    expect(infos(ctx)).toEqual([
      `Preview of the elastic-cloud request team-a/checked on platform testenv (server-dry-run): ${serverPreview.note}`,
    ]);
    const out = outputs(ctx);
    expect(out.previewMethod).toBe('server-dry-run');
    expect(out.previewFiles).toEqual([]);
    expect(out).not.toHaveProperty('previewSummary');
    expect(out.entityRef).toBe(
      'resource:default/testenv-team-a-elastic-cloud-checked',
    );
  });

  it("fails the step with Kratix's message when its DryRun failed", async () => {
    backend.on('POST', /\/requests\/preview$/, () => ({
      body: {
        ...kratixPreview,
        files: [],
        summary: undefined,
        dryRun: {
          ...kratixPreview.dryRun,
          state: 'failed',
          message: 'pipeline instance-configure failed at stage render: exit 1',
        },
      },
    }));
    const ctx = createMockActionContext({
      input: { promise: 'elastic-cloud', name: 'bad', spec: {}, dryRun: true },
    });
    await expect(action.handler(ctx as any)).rejects.toThrow(
      "Kratix's DryRun default/example-x7k2p of the elastic-cloud request default/bad on platform testenv failed: pipeline instance-configure failed at stage render: exit 1",
    );
    expect(ctx.output).not.toHaveBeenCalled();
  });

  it('warns, and still answers, when the DryRun did not finish in time', async () => {
    backend.on('POST', /\/requests\/preview$/, () => ({
      body: {
        ...kratixPreview,
        files: [],
        summary: undefined,
        dryRun: { ...kratixPreview.dryRun, state: 'timed-out' },
      },
    }));
    const ctx = createMockActionContext({
      input: { promise: 'elastic-cloud', name: 'slow', spec: {}, dryRun: true },
    });
    jest.spyOn(ctx.logger, 'warn');
    jest.spyOn(ctx.logger, 'info');
    await action.handler(ctx as any);
    expect(ctx.logger.warn).toHaveBeenCalledWith(
      "Kratix's DryRun default/example-x7k2p of the elastic-cloud request default/slow on platform testenv did not finish",
    );
    expect(infos(ctx)).toContain('The pipelines would write no files');
    expect(outputs(ctx).previewFiles).toEqual([]);
  });

  it("fails with the backend's error when the preview is refused", async () => {
    backend.on('POST', /\/requests\/preview$/, () => ({
      status: 403,
      body: {
        error: {
          name: 'NotAllowedError',
          message: 'Not allowed: kratix.resource.create',
        },
      },
    }));
    const ctx = createMockActionContext({
      input: { promise: 'elastic-cloud', name: 'x', spec: {}, dryRun: true },
    });
    await expect(action.handler(ctx as any)).rejects.toThrow(
      'Not allowed: kratix.resource.create',
    );
    expect(ctx.output).not.toHaveBeenCalled();
  });

  it('in a template dry run, only asks for the server-side dry run', async () => {
    const ctx = {
      ...createMockActionContext({
        input: {
          promise: 'elastic-cloud',
          name: 'x',
          namespace: 'default',
          spec: {},
        },
      }),
      isDryRun: true,
      checkpoint: jest.fn(),
    };
    await action.handler(ctx as any);
    expect(ctx.checkpoint).not.toHaveBeenCalled();
    expect(
      backend.calls.filter(c => c.method === 'POST').map(c => c.query),
    ).toEqual([{ dryRun: 'true' }]);
  });

  it('in a template dry run with dryRun: true, previews (nothing is created either way)', async () => {
    backend.on('POST', /\/requests\/preview$/, () => ({
      body: serverPreview,
    }));
    const ctx = {
      ...createMockActionContext({
        input: {
          promise: 'elastic-cloud',
          name: 'example',
          namespace: 'default',
          spec: {},
          dryRun: true,
        },
      }),
      isDryRun: true,
      checkpoint: jest.fn(),
    };
    await action.handler(ctx as any);
    expect(ctx.checkpoint).not.toHaveBeenCalled();
    expect(
      backend.calls.filter(c => c.method === 'POST').map(c => c.path),
    ).toEqual(['/platforms/testenv/promises/elastic-cloud/requests/preview']);
    expect(outputs(ctx).previewMethod).toBe('server-dry-run');
  });

  it('creates inside a checkpoint, so a retried task answers the stored result', async () => {
    const stored = new Map<string, unknown>();
    const checkpoint = async ({ key, fn }: any) => {
      if (!stored.has(key)) stored.set(key, await fn());
      return stored.get(key);
    };
    const input = {
      promise: 'elastic-cloud',
      name: 'once',
      namespace: 'default',
      spec: {},
    };
    await action.handler({
      ...createMockActionContext({ input }),
      checkpoint,
    } as any);
    await action.handler({
      ...createMockActionContext({ input }),
      checkpoint,
    } as any);
    expect(backend.calls.filter(c => c.method === 'POST')).toHaveLength(1);
    expect([...stored.keys()]).toEqual([
      'kratix.resource.create.testenv.default.elastic-cloud.once',
    ]);
  });

  it("fails with the backend's error, naming the field", async () => {
    backend.on('POST', /requests$/, () => ({
      status: 400,
      body: {
        error: {
          name: 'InputError',
          message:
            "The spec does not fit Promise 'elastic-cloud': spec.enableDataCollection: must be boolean, got string",
        },
        request: { method: 'POST', url: '/' },
        response: { statusCode: 400 },
      },
    }));
    const ctx = createMockActionContext({
      input: {
        promise: 'elastic-cloud',
        name: 'x',
        namespace: 'default',
        spec: { enableDataCollection: 'yes' },
      },
    });
    await expect(action.handler(ctx as any)).rejects.toThrow(
      /spec\.enableDataCollection: must be boolean/,
    );
    expect(ctx.output).not.toHaveBeenCalled();
  });

  it('refuses an entity that does not stand for a Promise', async () => {
    const ctx = createMockActionContext({
      input: {
        promise: 'component:default/unknown',
        name: 'x',
        namespace: 'default',
        spec: {},
      },
    });
    await expect(action.handler(ctx as any)).rejects.toThrow(
      'promise: no catalog entity component:default/unknown',
    );
  });
});
