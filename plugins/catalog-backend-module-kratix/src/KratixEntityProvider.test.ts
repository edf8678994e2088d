import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { SchedulerServiceTaskInvocationDefinition } from '@backstage/backend-plugin-api';
import { kratixPlatformsOf } from '@kratix-backstage/plugin-kratix-node';
import {
  anonymousRequest,
  databasePromise,
  FakeKratixSource,
  janeRequest,
} from './__fixtures__/kratixObjects';
import { KratixEntityProvider } from './KratixEntityProvider';
import { toRequestEntity } from './toRequestEntity';

const ctx = {
  platform: { name: 'prod', title: 'Production', demo: false },
  defaultOwner: 'group:default/platform-team',
};

function setUp(
  options: {
    batchMs?: number;
    triggerTask?: jest.Mock;
    templates?: { preview?: boolean };
    /** `kratix.platforms[].catalog` of the platform `prod`. */
    platformCatalog?: object;
  } = {},
) {
  const source = new FakeKratixSource();
  const scheduler = mockServices.scheduler.mock();
  if (options.triggerTask) scheduler.triggerTask = options.triggerTask;
  const tasks: SchedulerServiceTaskInvocationDefinition[] = [];
  const logger = mockServices.logger.mock();
  logger.child.mockReturnValue(logger);
  const [provider] = KratixEntityProvider.fromConfig(
    new ConfigReader({
      kratix: {
        catalog: {
          defaultOwner: 'group:default/platform-team',
          batchMs: options.batchMs ?? 0,
          ...(options.templates ? { templates: options.templates } : {}),
        },
        ...(options.platformCatalog
          ? { platforms: [{ name: 'prod', catalog: options.platformCatalog }] }
          : {}),
      },
    }),
    {
      logger,
      scheduler,
      platforms: kratixPlatformsOf([
        {
          name: 'prod',
          title: 'Production',
          demo: false,
          connection: 'kubeconfig',
          kratix: source.asSource(),
          workers: [],
        },
      ]),
      schedule: {
        run: async task => {
          tasks.push(task);
        },
      },
    },
  );
  const connection = { applyMutation: jest.fn(), refresh: jest.fn() };
  return { source, tasks, logger, provider, connection };
}

const refsOf = (mutation: any) =>
  mutation.entities.map(
    (e: any) => `${e.entity.kind}:${e.entity.metadata.name}@${e.locationKey}`,
  );

describe('KratixEntityProvider', () => {
  it('schedules a refresh task per platform and applies the full mutation', async () => {
    const { tasks, provider, connection, logger } = setUp();
    expect(provider.getProviderName()).toBe('kratix-provider:prod');
    await provider.connect(connection);
    expect(tasks.map(t => t.id)).toEqual(['kratix-provider:prod:refresh']);

    await expect(provider.refresh()).resolves.toBe(true);
    expect(connection.applyMutation).toHaveBeenCalledTimes(1);
    const mutation = connection.applyMutation.mock.calls[0][0];
    expect(mutation.type).toBe('full');
    expect(refsOf(mutation)).toEqual([
      'Component:prod-database@kratix-provider:prod',
      'Template:kratix-prod-database@kratix-provider:prod',
      'Component:prod-tools@kratix-provider:prod',
      'Resource:prod-team-a-database-orders@kratix-provider:prod',
      'Resource:prod-default-database-billing@kratix-provider:prod',
      'Resource:prod-destination-worker-1@kratix-provider:prod',
    ]);
    expect(mutation.entities[3].entity).toEqual(
      toRequestEntity(ctx, 'database', janeRequest),
    );
    expect(mutation.entities[4].entity.spec.owner).toBe(
      'group:default/platform-team',
    );
    // The malformed Promise is skipped with a warning; the rest synced.
    expect(logger.warn).toHaveBeenCalledWith(
      'Skipping malformed Promise broken: Error: Promise broken: spec.api must be a CustomResourceDefinition, got kind ConfigMap',
    );
  });

  it('gives the generated Templates a Preview step unless kratix.catalog.templates.preview is false', async () => {
    const stepsOf = async (templates?: { preview?: boolean }) => {
      const { provider, connection } = setUp({ templates });
      await provider.connect(connection);
      await provider.refresh();
      const template = connection.applyMutation.mock.calls[0][0].entities.find(
        (e: any) => e.entity.kind === 'Template',
      ).entity;
      return template.spec.parameters.map((p: any) => p.title);
    };
    expect(await stepsOf()).toEqual([
      'Name and namespace',
      'Database settings',
      'Preview',
    ]);
    expect(await stepsOf({ preview: true })).toContain('Preview');
    expect(await stepsOf({ preview: false })).toEqual([
      'Name and namespace',
      'Database settings',
    ]);
  });

  describe('requests kept out of the catalog', () => {
    const fullSync = async (platformCatalog: object, source?: any) => {
      const set = setUp({ platformCatalog });
      if (source) set.source.promises = source;
      await set.provider.connect(set.connection);
      await set.provider.refresh();
      return set.connection.applyMutation.mock.calls[0][0];
    };
    const requestRefs = (mutation: any) =>
      refsOf(mutation)
        .filter((r: string) => r.startsWith('Resource:prod-'))
        .filter((r: string) => !r.includes('destination'));

    it('with catalog.requests false: no request, but every Promise, Template and Destination', async () => {
      const mutation = await fullSync({ requests: false });
      expect(refsOf(mutation)).toEqual([
        'Component:prod-database@kratix-provider:prod',
        'Template:kratix-prod-database@kratix-provider:prod',
        'Component:prod-tools@kratix-provider:prod',
        'Resource:prod-destination-worker-1@kratix-provider:prod',
      ]);
      const byKind = (kind: string) =>
        mutation.entities.find((e: any) => e.entity.kind === kind).entity;
      // The Template opens the request's Kratix page: it has no catalog entity.
      expect(byKind('Template').spec.output.links).toEqual([
        {
          title: 'Open the request in Kratix',
          icon: 'kind:resource',
          url: '/kratix/platforms/prod/requests/${{ parameters.namespace }}/database/${{ parameters.name }}',
        },
      ]);
      expect(byKind('Component').metadata.description).toContain(
        'Its requests are not in the catalog',
      );
    });

    it('with catalog.promisesWithoutRequests: only those Promises lose their requests', async () => {
      expect(
        requestRefs(await fullSync({ promisesWithoutRequests: ['tools'] })),
      ).toEqual([
        'Resource:prod-team-a-database-orders@kratix-provider:prod',
        'Resource:prod-default-database-billing@kratix-provider:prod',
      ]);
      expect(
        requestRefs(await fullSync({ promisesWithoutRequests: ['database'] })),
      ).toEqual([]);
    });

    it('with the Promise label backstage.io/kratix-catalog-requests: "false"', async () => {
      const labelled = {
        ...databasePromise,
        metadata: {
          ...databasePromise.metadata,
          labels: { 'backstage.io/kratix-catalog-requests': 'false' },
        },
      };
      const mutation = await fullSync({}, [labelled]);
      expect(refsOf(mutation)).toEqual([
        'Component:prod-database@kratix-provider:prod',
        'Template:kratix-prod-database@kratix-provider:prod',
        'Resource:prod-destination-worker-1@kratix-provider:prod',
      ]);
    });

    it('ignores watch events of requests kept out, and syncs again in full when a Promise label changes', async () => {
      const { source, tasks, provider, connection } = setUp();
      const labelled = (value?: string) => ({
        ...databasePromise,
        metadata: {
          ...databasePromise.metadata,
          resourceVersion: value ?? 'none',
          ...(value
            ? { labels: { 'backstage.io/kratix-catalog-requests': value } }
            : {}),
        },
      });
      source.promises = [labelled()];
      await provider.connect(connection);
      const abort = new AbortController();
      const lease = tasks[0].fn(abort.signal);
      await new Promise(r => setTimeout(r, 20));
      expect(connection.applyMutation).toHaveBeenCalledTimes(1);
      expect(
        requestRefs(connection.applyMutation.mock.calls[0][0]),
      ).toHaveLength(2);

      // The platform team labels the Promise: a full sync without its requests.
      source.promises = [labelled('false')];
      source.emit({
        type: 'modified',
        kind: 'promises',
        object: labelled('false'),
      });
      await new Promise(r => setTimeout(r, 50));
      const calls = connection.applyMutation.mock.calls;
      const last = calls[calls.length - 1][0];
      expect(last.type).toBe('full');
      expect(requestRefs(last)).toEqual([]);
      const count = calls.length;

      // Changes to its requests no longer reach the catalog.
      source.emit({
        type: 'modified',
        kind: 'requests',
        object: { ...janeRequest, spec: { size: 'small' } },
      });
      source.emit({
        type: 'deleted',
        kind: 'requests',
        object: anonymousRequest,
      });
      await new Promise(r => setTimeout(r, 20));
      expect(connection.applyMutation).toHaveBeenCalledTimes(count);

      // The label goes: the requests come back.
      source.promises = [labelled()];
      source.emit({ type: 'modified', kind: 'promises', object: labelled() });
      await new Promise(r => setTimeout(r, 50));
      const back = calls[calls.length - 1][0];
      expect(back.type).toBe('full');
      expect(requestRefs(back)).toHaveLength(2);
      abort.abort();
      await lease;
    });
  });

  it('keeps the entities of an unreachable or forbidden cluster', async () => {
    const { source, provider, connection, logger } = setUp();
    await provider.connect(connection);
    source.failure = new Error('403 Forbidden: promises.platform.kratix.io');
    await expect(provider.refresh()).resolves.toBe(false);
    expect(connection.applyMutation).not.toHaveBeenCalled();
    expect(logger.error).toHaveBeenCalledTimes(1);
    expect(logger.error).toHaveBeenCalledWith(
      'Cannot sync Kratix platform prod (unreachable or access denied); its catalog entities are kept unchanged: Error: 403 Forbidden: promises.platform.kratix.io',
    );
  });

  it('applies no full mutation from a stale cache', async () => {
    const { source, provider, connection } = setUp();
    await provider.connect(connection);
    source.status = [
      {
        cluster: 'fake',
        kind: 'databases.example.org',
        synced: true,
        staleSince: '2026-11-26T00:00:00.000Z',
        lastError: 'connect ECONNREFUSED',
      },
    ];
    await expect(provider.refresh()).resolves.toBe(false);
    expect(connection.applyMutation).not.toHaveBeenCalled();
  });

  it('turns watch events into batched delta mutations of what changed', async () => {
    const { source, tasks, provider, connection } = setUp();
    await provider.connect(connection);
    const abort = new AbortController();
    const lease = tasks[0].fn(abort.signal);
    await new Promise(r => setTimeout(r, 20));
    // The full sync, and no delta for the replayed (unchanged) objects.
    expect(connection.applyMutation).toHaveBeenCalledTimes(1);

    const newRequest = {
      ...anonymousRequest,
      metadata: { name: 'fresh', namespace: 'default' },
    };
    source.emit({ type: 'added', kind: 'requests', object: newRequest });
    source.emit({ type: 'deleted', kind: 'requests', object: janeRequest });
    await new Promise(r => setTimeout(r, 20));
    expect(connection.applyMutation).toHaveBeenLastCalledWith({
      type: 'delta',
      added: [
        {
          entity: toRequestEntity(ctx, 'database', newRequest),
          locationKey: 'kratix-provider:prod',
        },
      ],
      removed: [
        {
          entityRef: 'resource:default/prod-team-a-database-orders',
          locationKey: 'kratix-provider:prod',
        },
      ],
    });
    source.emit({ type: 'modified', kind: 'requests', object: newRequest });
    abort.abort();
    await lease;
    expect(connection.applyMutation).toHaveBeenCalledTimes(2);
  });

  it("applies a delta when only a request's status changes (its health), and none when nothing did", async () => {
    const { source, tasks, provider, connection } = setUp();
    await provider.connect(connection);
    const abort = new AbortController();
    const lease = tasks[0].fn(abort.signal);
    await new Promise(r => setTimeout(r, 20));
    expect(connection.applyMutation).toHaveBeenCalledTimes(1);

    // What the status subresource changes: metadata and spec stay as they were.
    const unhealthy = {
      ...janeRequest,
      metadata: { ...janeRequest.metadata, resourceVersion: '2' },
      status: {
        ...janeRequest.status,
        healthStatus: {
          state: 'unhealthy',
          healthRecords: [{ state: 'unhealthy', lastRun: 1767225600 }],
        },
      },
    };
    source.emit({ type: 'modified', kind: 'requests', object: unhealthy });
    await new Promise(r => setTimeout(r, 20));
    expect(connection.applyMutation).toHaveBeenCalledTimes(2);
    const delta = connection.applyMutation.mock.calls[1][0];
    expect(delta.type).toBe('delta');
    expect(delta.removed).toEqual([]);
    expect(delta.added).toHaveLength(1);
    expect(delta.added[0].entity.metadata.name).toBe(
      'prod-team-a-database-orders',
    );
    expect(delta.added[0].entity.metadata.labels).toEqual({
      'kratix.io/health': 'unhealthy',
    });
    expect(delta.added[0].entity.metadata.tags).toContain('health-unhealthy');

    // A status write that leaves the health (and all else the entity shows) as it was:
    // no mutation.
    source.emit({
      type: 'modified',
      kind: 'requests',
      object: {
        ...unhealthy,
        metadata: { ...unhealthy.metadata, resourceVersion: '3' },
      },
    });
    await new Promise(r => setTimeout(r, 20));
    expect(connection.applyMutation).toHaveBeenCalledTimes(2);

    // Recovered, and its workflow suspended: one more delta with both.
    source.emit({
      type: 'modified',
      kind: 'requests',
      object: {
        ...unhealthy,
        metadata: {
          ...unhealthy.metadata,
          resourceVersion: '4',
          labels: {
            ...unhealthy.metadata.labels,
            'kratix.io/workflow-suspended': 'true',
          },
        },
        status: { ...unhealthy.status, healthStatus: { state: 'healthy' } },
      },
    });
    await new Promise(r => setTimeout(r, 20));
    expect(connection.applyMutation).toHaveBeenCalledTimes(3);
    expect(
      connection.applyMutation.mock.calls[2][0].added[0].entity.metadata.labels,
    ).toEqual({
      'kratix.io/health': 'healthy',
      'kratix.io/workflow-suspended': 'true',
    });
    abort.abort();
    await lease;
  });

  it('hands its lease over before shutdown: ends it, then marks the task due', async () => {
    // The scheduler refuses while it has not recorded the release yet.
    const triggerTask = jest
      .fn()
      .mockRejectedValueOnce(new Error('Task is currently running'))
      .mockResolvedValue(undefined);
    const { source, tasks, provider, connection, logger } = setUp({
      batchMs: 60_000,
      triggerTask,
    });
    await provider.connect(connection);
    const lease = tasks[0].fn(new AbortController().signal);
    await new Promise(r => setTimeout(r, 20));
    expect(connection.applyMutation).toHaveBeenCalledTimes(1);
    // A change still waiting in the batch is applied before the lease ends.
    source.emit({ type: 'deleted', kind: 'requests', object: janeRequest });

    await provider.handOver(2000);
    await lease;
    expect(connection.applyMutation).toHaveBeenCalledTimes(2);
    expect(connection.applyMutation.mock.calls[1][0].removed).toEqual([
      {
        entityRef: 'resource:default/prod-team-a-database-orders',
        locationKey: 'kratix-provider:prod',
      },
    ]);
    expect(triggerTask).toHaveBeenCalledTimes(2);
    expect(triggerTask).toHaveBeenLastCalledWith(
      'kratix-provider:prod:refresh',
    );
    expect(logger.info).toHaveBeenCalledWith(
      'Handed the catalog lease of Kratix platform prod over to the other replicas',
    );

    // No lease starts again on a replica that is shutting down.
    await tasks[0].fn(new AbortController().signal);
    expect(connection.applyMutation).toHaveBeenCalledTimes(2);
  });

  it('does not hold up shutdown for a full sync stuck on an unreachable cluster', async () => {
    const triggerTask = jest.fn().mockResolvedValue(undefined);
    const { source, tasks, provider, connection } = setUp({ triggerTask });
    await provider.connect(connection);
    source.hang = true;
    void tasks[0].fn(new AbortController().signal);
    await new Promise(r => setTimeout(r, 20));
    const started = Date.now();
    await provider.handOver(300);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(connection.applyMutation).not.toHaveBeenCalled();
  });

  it('hands nothing over when it holds no lease', async () => {
    const triggerTask = jest.fn();
    const { provider, connection } = setUp({ triggerTask });
    await provider.connect(connection);
    await provider.handOver();
    expect(triggerTask).not.toHaveBeenCalled();
  });
});
