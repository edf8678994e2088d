import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import yaml from 'yaml';
import { createKratixResourceManifestAction } from './createKratixResourceManifestAction';
import { examples } from './createKratixResourceManifestAction.examples';

describe('kratix:resource:manifest', () => {
  const action = createKratixResourceManifestAction();

  it('renders the example as a request manifest and a repository path', async () => {
    const input = yaml.parse(examples[0].example).steps[0].input;
    const ctx = createMockActionContext({ input });

    await action.handler(ctx);

    expect(ctx.output).toHaveBeenCalledWith('path', 'default/elastic-cloud/example.yaml');
    const manifest = (ctx.output as jest.Mock).mock.calls.find(
      ([key]) => key === 'manifest',
    )[1];
    expect(yaml.parse(manifest)).toEqual({
      apiVersion: 'marketplace.kratix.io/v1alpha1',
      kind: 'elastic-cloud',
      metadata: { name: 'example', namespace: 'default' },
      spec: { checkpointsEnabled: true },
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
        annotations: { 'backstage.io/requester': 'user:default/guest' },
      },
    });

    await action.handler(ctx);

    const manifest = (ctx.output as jest.Mock).mock.calls[0][1];
    expect(yaml.parse(manifest).metadata).toEqual({
      name: 'cache',
      namespace: 'team-a',
      labels: { team: 'a' },
      annotations: { 'backstage.io/requester': 'user:default/guest' },
    });
  });
});
