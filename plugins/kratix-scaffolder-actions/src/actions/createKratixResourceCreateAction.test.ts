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

  it('runs the third example: a server-side dry run', async () => {
    const input = yaml.parse(examples[2].example).steps[0].input;
    const ctx = createMockActionContext({ input });
    await action.handler(ctx as any);
    expect(backend.calls.find(c => c.method === 'POST')!.query).toEqual({
      dryRun: 'true',
    });
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
