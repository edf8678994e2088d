import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import yaml from 'yaml';
import { fakeKratixBackend } from '../__testUtils__/fakeKratixBackend';
import { createKratixResourceManifestAction } from './createKratixResourceManifestAction';
import { examples } from './createKratixResourceManifestAction.examples';

const outputs = (ctx: any) =>
  Object.fromEntries((ctx.output as jest.Mock).mock.calls);

describe('kratix:resource:manifest', () => {
  let backend: ReturnType<typeof fakeKratixBackend>;
  let action: ReturnType<typeof createKratixResourceManifestAction>;

  beforeEach(() => {
    backend = fakeKratixBackend();
    backend.on('GET', /^\/platforms$/, () => ({
      body: { items: [{ name: 'testenv' }], errors: [] },
    }));
    backend.on(
      'GET',
      /^\/platforms\/testenv\/promises\/elastic-cloud$/,
      () => ({
        body: {
          name: 'elastic-cloud',
          api: {
            group: 'workshop.kratix.io',
            version: 'v1alpha1',
            kind: 'elastic-cloud',
            apiVersion: 'workshop.kratix.io/v1alpha1',
          },
        },
      }),
    );
    action = createKratixResourceManifestAction({
      ...backend.deps,
      catalog: catalogServiceMock(),
    });
  });
  afterEach(() => backend.restore());

  it('runs the first example: explicit apiVersion and kind, no backend call', async () => {
    const input = yaml.parse(examples[0].example).steps[0].input;
    const ctx = createMockActionContext({ input });
    await action.handler(ctx as any);

    expect(backend.calls).toEqual([]);
    const { manifest, path } = outputs(ctx);
    expect(path).toBe('kratix-requests/elastic-cloud/default/example.yaml');
    expect(yaml.parse(manifest)).toEqual({
      apiVersion: 'workshop.kratix.io/v1alpha1',
      kind: 'elastic-cloud',
      metadata: { name: 'example', namespace: 'default' },
      spec: { enableDataCollection: true },
    });
  });

  it('runs the second example: the kind comes from the Promise', async () => {
    const input = yaml.parse(examples[1].example).steps[0].input;
    const ctx = createMockActionContext({ input });
    await action.handler(ctx as any);

    const { manifest, path } = outputs(ctx);
    expect(path).toBe('kratix-requests/elastic-cloud/team-a/example.yaml');
    expect(yaml.parse(manifest)).toEqual({
      apiVersion: 'workshop.kratix.io/v1alpha1',
      kind: 'elastic-cloud',
      metadata: { name: 'example', namespace: 'team-a' },
      spec: { enableDataCollection: false },
    });
  });

  it('keeps labels and annotations when given', async () => {
    const ctx = createMockActionContext({
      input: {
        apiVersion: 'example.kratix.io/v1',
        kind: 'redis',
        name: 'cache',
        namespace: 'team-a',
        spec: {},
        labels: { team: 'a' },
        annotations: { 'backstage.io/kratix-requester': 'user:default/guest' },
      },
    });
    await action.handler(ctx as any);

    expect(yaml.parse(outputs(ctx).manifest).metadata).toEqual({
      name: 'cache',
      namespace: 'team-a',
      labels: { team: 'a' },
      annotations: { 'backstage.io/kratix-requester': 'user:default/guest' },
    });
    expect(outputs(ctx).path).toBe('kratix-requests/redis/team-a/cache.yaml');
  });

  it('needs a Promise, or apiVersion and kind', async () => {
    const ctx = createMockActionContext({
      input: { name: 'x', kind: 'redis' },
    });
    await expect(action.handler(ctx as any)).rejects.toThrow(
      'Give either promise, or both apiVersion and kind',
    );
  });
});
