import { janeRequest, anonymousRequest } from './__fixtures__/kratixObjects';
import { toRequestEntity } from './toRequestEntity';

const ctx = {
  platform: { name: 'prod', title: 'Production', demo: false },
  defaultOwner: 'group:default/platform-team',
};

describe('toRequestEntity', () => {
  it('makes a Resource owned by the requester, depending on its Promise', () => {
    expect(toRequestEntity(ctx, 'database', janeRequest)).toEqual({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: 'prod-team-a-database-orders',
        namespace: 'default',
        title: 'orders (database in team-a, Production)',
        description:
          'Database team-a/orders, requested from the Kratix Promise database.',
        tags: ['kratix', 'kratix-resource'],
        annotations: {
          'backstage.io/managed-by-location': 'kratix:platform/prod',
          'backstage.io/managed-by-origin-location': 'kratix:platform/prod',
          'kratix.io/platform': 'prod',
          'kratix.io/type': 'resource',
          'kratix.io/promise-name': 'database',
          'kratix.io/group': 'example.org',
          'kratix.io/version': 'v1',
          'kratix.io/kind': 'Database',
          'kratix.io/name': 'orders',
          'kratix.io/namespace': 'team-a',
          'kratix.io/backstage-promise-template': 'kratix-prod-database',
          'kratix.io/status': '{"reconciled":"True"}',
        },
      },
      spec: {
        type: 'kratix-resource',
        owner: 'user:default/jane',
        dependsOn: ['component:default/prod-database'],
      },
    });
  });

  it('falls back to the default owner without (or with an invalid) requester', () => {
    expect(toRequestEntity(ctx, 'database', anonymousRequest).spec!.owner).toBe(
      'group:default/platform-team',
    );
    const bad = {
      ...janeRequest,
      metadata: {
        ...janeRequest.metadata,
        annotations: { 'backstage.io/kratix-requester': 'a:b:c/d' },
      },
    };
    expect(toRequestEntity(ctx, 'database', bad).spec!.owner).toBe(
      'group:default/platform-team',
    );
  });

  it('keeps names unique and valid when they are long', () => {
    const long = {
      ...anonymousRequest,
      metadata: { name: 'x'.repeat(60), namespace: 'team-with-a-long-name' },
    };
    const name = toRequestEntity(ctx, 'database', long).metadata.name;
    expect(name).toHaveLength(63);
    expect(name).toMatch(
      /^prod-team-with-a-long-name-database-x+-[a-z0-9]{6}$/,
    );
  });
});
