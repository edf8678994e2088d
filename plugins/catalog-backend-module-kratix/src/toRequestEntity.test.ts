import {
  EntityPolicies,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy,
} from '@backstage/catalog-model';
import {
  anonymousRequest,
  databasePromise,
  janeRequest,
} from './__fixtures__/kratixObjects';
import { toPromiseEntity } from './toPromiseEntity';
import { toRequestEntity } from './toRequestEntity';

const ctx = {
  platform: { name: 'prod', title: 'Production', demo: false },
  defaultOwner: 'group:default/platform-team',
};

/** What the catalog checks of an entity's envelope and fields (labels, tags). */
const policy = EntityPolicies.allOf([
  new SchemaValidEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(),
]);

describe('toRequestEntity', () => {
  it('makes a Resource owned by the requester, with only what readers need', () => {
    expect(toRequestEntity(ctx, 'database', janeRequest)).toEqual({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: 'prod-team-a-database-orders',
        namespace: 'default',
        title: 'orders (database in team-a, Production)',
        description:
          'Database team-a/orders, requested from the Kratix Promise database.',
        annotations: {
          'backstage.io/managed-by-location': 'kratix:platform/prod',
          'backstage.io/managed-by-origin-location': 'kratix:platform/prod',
          'kratix.io/platform': 'prod',
          'kratix.io/type': 'resource',
          'kratix.io/promise-name': 'database',
          'kratix.io/name': 'orders',
          'kratix.io/namespace': 'team-a',
        },
      },
      // No dependsOn its Promise: a relation per request costs the catalog more than
      // it gives (docs/benchmarks.md); the Promise's Kratix tab lists its requests.
      spec: { type: 'kratix-resource', owner: 'user:default/jane' },
    });
  });

  it('has no fixed tags: only its marks, and demo on the demo platform', () => {
    expect(
      toRequestEntity(ctx, 'database', janeRequest).metadata,
    ).not.toHaveProperty('tags');
    const demo = {
      ...ctx,
      platform: { name: 'demo', title: 'Demo', demo: true },
    };
    expect(
      toRequestEntity(demo, 'database', janeRequest).metadata.tags,
    ).toEqual(['demo']);
  });

  it('is owned by the owner the request names (backstage.io/kratix-owner), before its requester', () => {
    const owned = {
      ...janeRequest,
      metadata: {
        ...janeRequest.metadata,
        annotations: {
          'backstage.io/kratix-requester': 'user:default/jane',
          'backstage.io/kratix-owner': 'group:default/team-a',
        },
      },
    };
    expect(toRequestEntity(ctx, 'database', owned).spec!.owner).toBe(
      'group:default/team-a',
    );
    // An invalid owner annotation does not win over a valid requester.
    owned.metadata.annotations['backstage.io/kratix-owner'] = 'a:b:c/d';
    expect(toRequestEntity(ctx, 'database', owned).spec!.owner).toBe(
      'user:default/jane',
    );
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

  const withStatus = (status: object, labels: object = {}) => ({
    ...janeRequest,
    metadata: {
      ...janeRequest.metadata,
      labels: { ...janeRequest.metadata.labels, ...labels },
    },
    status: { ...janeRequest.status, ...status },
  });

  it("carries Kratix's health roll-up as a label, an annotation, a tag and words of the description", () => {
    const entity = toRequestEntity(
      ctx,
      'database',
      withStatus({
        healthStatus: {
          state: 'unhealthy',
          healthRecords: [
            {
              state: 'unhealthy',
              lastRun: 1767225600,
              source: { name: 'orders-health', namespace: 'team-a' },
            },
          ],
        },
      }),
    );
    expect(entity.metadata.labels).toEqual({ 'kratix.io/health': 'unhealthy' });
    expect(entity.metadata.annotations!['kratix.io/health']).toBe('unhealthy');
    expect(entity.metadata.tags).toEqual(['health-unhealthy']);
    expect(entity.metadata.description).toBe(
      'Database team-a/orders, requested from the Kratix Promise database. Health: unhealthy.',
    );
    // Everything else is as without health.
    const plain = toRequestEntity(ctx, 'database', janeRequest);
    expect(entity.spec).toEqual(plain.spec);
    expect(plain.metadata).not.toHaveProperty('labels');
    expect(plain.metadata.annotations).not.toHaveProperty('kratix.io/health');
  });

  it.each(['unknown', 'ready', 'healthy', 'degraded', 'unhealthy'])(
    "gives each of Kratix's health states valid catalog labels and tags (%s)",
    async state => {
      const entity = toRequestEntity(
        ctx,
        'database',
        withStatus({ healthStatus: { state } }),
      );
      expect(entity.metadata.labels!['kratix.io/health']).toBe(state);
      expect(entity.metadata.tags).toContain(`health-${state}`);
      await expect(policy.enforce(entity)).resolves.toBe(entity);
    },
  );

  it('marks a request a worker refuses: label, tag and "Failing on <destination>" with Flux\'s message', async () => {
    const entity = toRequestEntity(ctx, 'database', janeRequest, {
      state: 'failing',
      destinations: [
        {
          destination: 'worker-1',
          state: 'failing',
          kustomization: 'flux-system/kratix-workload-resources',
          message: 'kustomize build failed: duplicate',
        },
      ],
    });
    expect(entity.metadata.labels).toEqual({ 'kratix.io/worker': 'failing' });
    expect(entity.metadata.tags).toContain('worker-failing');
    expect(entity.metadata.description).toContain(
      'Failing on worker-1: kustomize build failed: duplicate.',
    );
    expect(entity.metadata.annotations!['kratix.io/worker']).toBe('failing');
    await expect(policy.enforce(entity)).resolves.toBe(entity);
    const applied = toRequestEntity(ctx, 'database', janeRequest, {
      state: 'applied',
      destinations: [{ destination: 'worker-1', state: 'applied' }],
    });
    expect(applied.metadata.tags ?? []).not.toContain('worker-failing');
    expect(applied.metadata.labels).toEqual({ 'kratix.io/worker': 'applied' });
  });

  it('leaves out a health state Kratix does not define, but not the request', () => {
    const entity = toRequestEntity(
      ctx,
      'database',
      withStatus({ healthStatus: { state: 'Sort of OK!' } }),
    );
    expect(entity.metadata).not.toHaveProperty('labels');
    expect(entity.metadata).not.toHaveProperty('tags');
    expect(
      toRequestEntity(
        ctx,
        'database',
        withStatus({ healthStatus: { state: 'Degraded' } }),
      ).metadata.labels,
    ).toEqual({ 'kratix.io/health': 'degraded' });
  });

  it('marks a request whose workflow Kratix suspended (kratix.io/workflow-suspended)', async () => {
    const entity = toRequestEntity(
      ctx,
      'database',
      withStatus(
        { healthStatus: { state: 'degraded' } },
        { 'kratix.io/workflow-suspended': 'true' },
      ),
    );
    expect(entity.metadata.labels).toEqual({
      'kratix.io/health': 'degraded',
      'kratix.io/workflow-suspended': 'true',
    });
    expect(entity.metadata.tags).toEqual([
      'health-degraded',
      'workflow-suspended',
    ]);
    expect(entity.metadata.description).toMatch(
      / Health: degraded\. Workflow suspended\.$/,
    );
    await expect(policy.enforce(entity)).resolves.toBe(entity);
    // "false" (or no label) is not suspended.
    expect(
      toRequestEntity(
        ctx,
        'database',
        withStatus({}, { 'kratix.io/workflow-suspended': 'false' }),
      ).metadata,
    ).not.toHaveProperty('labels');
  });

  it('marks a Promise whose workflow Kratix suspended; a Promise has no health label', () => {
    const promise = {
      ...databasePromise,
      metadata: {
        ...databasePromise.metadata,
        labels: { 'kratix.io/workflow-suspended': 'true' },
      },
      status: { ...databasePromise.status, healthStatus: { state: 'ready' } },
    };
    const entity = toPromiseEntity(ctx, promise);
    expect(entity.metadata.labels).toEqual({
      'kratix.io/workflow-suspended': 'true',
    });
    expect(entity.metadata.tags).toEqual([
      'kratix',
      'kratix-promise',
      'workflow-suspended',
    ]);
    expect(toPromiseEntity(ctx, databasePromise).metadata).not.toHaveProperty(
      'labels',
    );
  });
});
