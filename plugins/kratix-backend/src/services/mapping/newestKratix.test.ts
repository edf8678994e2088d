import { elasticCloudPromise } from '@kratix-backstage/kratix-simulation';
import type { KubeObject } from '@kratix-backstage/plugin-kratix-node';
import { toPromiseDetail, toPromiseSummary } from './promises';
import { RequestIndex } from './requestIndex';
import { toResourceRequest } from './requests';
import { toPromiseRevisions } from './versions';

const ctx = { name: 'prod', demo: false };
const promise: KubeObject = structuredClone(elasticCloudPromise) as KubeObject;

function request(
  status: Record<string, unknown>,
  labels: Record<string, string> = {},
  name = 'example',
): KubeObject {
  return {
    apiVersion: 'workshop.kratix.io/v1alpha1',
    kind: 'elastic-cloud',
    metadata: {
      name,
      namespace: 'default',
      generation: 4,
      labels: { 'kratix.io/promise-name': 'elastic-cloud', ...labels },
    },
    spec: { enableDataCollection: true },
    status,
  };
}

/** Kratix up to September 2026: `status.kratix.workflows.pipelines` (configure only). */
const OLD_LAYOUT = {
  message: 'Pending',
  kratix: {
    workflows: {
      pipelines: [
        {
          name: 'resource-configure',
          phase: 'Succeeded',
          lastTransitionTime: '2026-11-17T10:00:00Z',
        },
        {
          name: 'approval',
          phase: 'Suspended',
          message: 'waiting for the database team',
          attempts: 3,
          nextRetryAt: '2026-11-17T10:05:00Z',
          lastTransitionTime: '2026-11-17T10:01:00Z',
        },
      ],
      suspendedGeneration: 4,
    },
  },
};

/** kratix PR #933 onwards: `status.kratix.workflows.<configure|delete>.pipelines`. */
const KEYED_LAYOUT = {
  kratix: {
    workflows: {
      configure: {
        pipelines: [
          {
            name: 'resource-configure',
            phase: 'Succeeded',
            'kratix.io/hash': 'c0ffee',
            lastTransitionTime: '2026-11-17T10:00:00Z',
          },
          {
            name: 'notify',
            phase: 'Failed',
            hash: 'beef01',
            message: 'exit 1',
          },
        ],
      },
      delete: {
        pipelines: [
          {
            name: 'resource-delete',
            phase: 'Suspended',
            message: 'backup first',
            hash: 'd00d',
          },
        ],
        suspendedGeneration: 5,
      },
    },
  },
};

describe('pipelines and workflow control, both layouts', () => {
  it('reads the older layout: configure pipelines in order, a stage waiting to retry', () => {
    const r = toResourceRequest(
      ctx,
      'elastic-cloud',
      request(OLD_LAYOUT, { 'kratix.io/workflow-suspended': 'true' }),
    );
    expect(r.pipelines).toEqual([
      {
        name: 'resource-configure',
        workflow: 'configure',
        phase: 'Succeeded',
        lastTransitionTime: '2026-11-17T10:00:00Z',
      },
      {
        name: 'approval',
        workflow: 'configure',
        phase: 'Suspended',
        message: 'waiting for the database team',
        attempts: 3,
        nextRetryAt: '2026-11-17T10:05:00Z',
        lastTransitionTime: '2026-11-17T10:01:00Z',
      },
    ]);
    expect(r.workflowControl).toEqual({
      state: 'waiting-to-retry',
      workflow: 'configure',
      pipeline: 'approval',
      message: 'waiting for the database team',
      attempts: 3,
      nextRetryAt: '2026-11-17T10:05:00Z',
      labelled: true,
      suspendedGeneration: 4,
    });
  });

  it('reads the keyed layout: configure then delete pipelines, with their hashes; a suspended delete', () => {
    const r = toResourceRequest(ctx, 'elastic-cloud', request(KEYED_LAYOUT));
    expect(
      r.pipelines.map(p => [p.workflow, p.name, p.phase, p.hash, p.message]),
    ).toEqual([
      ['configure', 'resource-configure', 'Succeeded', 'c0ffee', undefined],
      ['configure', 'notify', 'Failed', 'beef01', 'exit 1'],
      ['delete', 'resource-delete', 'Suspended', 'd00d', 'backup first'],
    ]);
    expect(r.workflowControl).toEqual({
      state: 'suspended',
      workflow: 'delete',
      pipeline: 'resource-delete',
      message: 'backup first',
      labelled: false,
      suspendedGeneration: 5,
    });
  });

  it('has no workflow control when no pipeline is suspended, and no pipelines without a status', () => {
    const r = toResourceRequest(
      ctx,
      'elastic-cloud',
      request({
        kratix: {
          workflows: {
            pipelines: [{ name: 'resource-configure', phase: 'Running' }],
          },
        },
      }),
    );
    expect(r.workflowControl).toBeUndefined();
    expect(r.pipelines).toHaveLength(1);
    const empty = toResourceRequest(ctx, 'elastic-cloud', request({}));
    expect(empty.pipelines).toEqual([]);
    expect(empty.destinations).toEqual([]);
    expect(empty.health).toBeUndefined();
    expect(empty.version).toBeUndefined();
  });

  it("shows a Promise's pipelines of both workflows and its workflow control", () => {
    const suspended = {
      ...promise,
      metadata: {
        ...promise.metadata,
        labels: { 'kratix.io/workflow-suspended': 'true' },
      },
      status: KEYED_LAYOUT,
    };
    expect(toPromiseSummary(ctx, suspended).workflowControl).toMatchObject({
      state: 'suspended',
      workflow: 'delete',
      labelled: true,
    });
    const detail = toPromiseDetail(ctx, { ...promise, status: OLD_LAYOUT });
    expect(detail.pipelines.map(p => `${p.workflow}/${p.name}`)).toEqual([
      'configure/resource-configure',
      'configure/approval',
    ]);
    expect(detail.workflowControl?.state).toBe('waiting-to-retry');
    expect(detail.revisions).toBeUndefined();
  });
});

const record = (
  name: string,
  state: string,
  target: { name: string; namespace?: string; promise?: string },
  lastRun = 1_763_373_600,
): KubeObject =>
  ({
    apiVersion: 'platform.kratix.io/v1alpha1',
    kind: 'HealthRecord',
    metadata: { name, namespace: 'default' },
    data: {
      ...(target.promise ? { promiseRef: { name: target.promise } } : {}),
      resourceRef: {
        name: target.name,
        namespace: target.namespace,
        generation: 4,
      },
      state,
      lastRun,
      details: { probe: name },
    },
  } as KubeObject);

describe('health', () => {
  it("takes Kratix's roll-up from status.healthStatus", () => {
    const r = toResourceRequest(
      ctx,
      'elastic-cloud',
      request({
        healthStatus: {
          state: 'degraded',
          healthRecords: [
            {
              state: 'degraded',
              lastRun: 1_763_373_600,
              source: { name: 'es-health', namespace: 'default' },
              details: { shards: 'yellow' },
            },
          ],
        },
      }),
      { healthRecords: [record('ignored', 'unhealthy', { name: 'example' })] },
    );
    expect(r.health).toEqual({
      state: 'degraded',
      source: 'status',
      records: [
        {
          name: 'es-health',
          namespace: 'default',
          state: 'degraded',
          lastRun: '2025-11-17T10:00:00.000Z',
          details: { shards: 'yellow' },
        },
      ],
    });
    expect(r.statusFields).toEqual({});
  });

  it('rolls HealthRecord objects up to the worst state when the status has none', () => {
    const index = new RequestIndex({
      healthRecords: [
        record('a', 'healthy', { name: 'example', promise: 'elastic-cloud' }),
        record('b', 'unhealthy', { name: 'example', namespace: 'default' }),
        record('c', 'degraded', { name: 'example', promise: 'other' }),
        record('d', 'unhealthy', {
          name: 'second-request',
          promise: 'elastic-cloud',
        }),
      ],
    });
    const object = request({});
    const r = toResourceRequest(
      ctx,
      'elastic-cloud',
      object,
      index.relationsOf(promise, object),
    );
    expect(r.health?.state).toBe('unhealthy');
    expect(r.health?.source).toBe('records');
    expect(r.health?.records.map(h => [h.name, h.state, h.generation])).toEqual(
      [
        ['a', 'healthy', 4],
        ['b', 'unhealthy', 4],
      ],
    );
    expect(r.health?.records[0].lastRun).toBe('2025-11-17T10:00:00.000Z');
  });
});

describe('Promise versions', () => {
  const binding = (
    name: string,
    resource: string,
    version: string,
    status: Record<string, unknown> = {},
  ): KubeObject => ({
    apiVersion: 'platform.kratix.io/v1alpha1',
    kind: 'ResourceBinding',
    metadata: {
      name,
      namespace: 'default',
      labels: {
        'kratix.io/promise-name': 'elastic-cloud',
        'kratix.io/resource-name': resource,
      },
    },
    spec: {
      version,
      promiseRef: { name: 'elastic-cloud' },
      resourceRef: { name: resource, namespace: 'default' },
    },
    status,
  });
  const bindings = [
    binding('example-elastic-cloud-1a2b3', 'example', 'latest', {
      lastAppliedVersion: 'v0.2.0',
    }),
    binding('second-elastic-cloud-4c5d6', 'second-request', 'v0.1.0', {
      lastAppliedVersion: 'v0.1.0',
      failedVersion: 'v0.2.0',
      conditions: [
        {
          type: 'UpgradeSucceeded',
          status: 'False',
          reason: 'UpgradeFailed',
          message: 'A Configure Pipeline has failed: resource-configure',
          lastTransitionTime: '2026-11-17T10:00:00Z',
        },
      ],
    }),
  ];

  it('shows the binding of a request and its status.promiseVersion', () => {
    const index = new RequestIndex({ bindings });
    const object = request({ promiseVersion: 'v0.1.0' }, {}, 'second-request');
    const r = toResourceRequest(
      ctx,
      'elastic-cloud',
      object,
      index.relationsOf(promise, object),
    );
    expect(r.version).toEqual({
      binding: 'second-elastic-cloud-4c5d6',
      desired: 'v0.1.0',
      lastAppliedVersion: 'v0.1.0',
      failedVersion: 'v0.2.0',
      current: 'v0.1.0',
      upgrade: {
        type: 'UpgradeSucceeded',
        status: 'False',
        reason: 'UpgradeFailed',
        message: 'A Configure Pipeline has failed: resource-configure',
        lastTransitionTime: '2026-11-17T10:00:00Z',
      },
    });
    expect(
      toResourceRequest(
        ctx,
        'elastic-cloud',
        request({ promiseVersion: 'not-set' }),
      ).version,
    ).toEqual({ current: 'not-set' });
  });

  it('lists revisions newest first, with the requests each serves and pins', () => {
    const revision = (
      name: string,
      version: string,
      created: string,
      latest: boolean,
    ): KubeObject => ({
      apiVersion: 'platform.kratix.io/v1alpha1',
      kind: 'PromiseRevision',
      metadata: {
        name,
        creationTimestamp: created,
        labels: {
          'kratix.io/promise-name': 'elastic-cloud',
          ...(latest ? { 'kratix.io/latest-revision': 'true' } : {}),
        },
      },
      spec: { version, promiseRef: { name: 'elastic-cloud' } },
      status: { latest },
    });
    const revisions = toPromiseRevisions(
      [
        revision(
          'elastic-cloud-aaaaa',
          'v0.1.0',
          '2026-11-01T00:00:00Z',
          false,
        ),
        revision('elastic-cloud-bbbbb', 'v0.2.0', '2026-11-10T00:00:00Z', true),
      ],
      bindings,
    );
    expect(
      revisions.map(r => [r.name, r.version, r.latest, r.requests, r.pinned]),
    ).toEqual([
      ['elastic-cloud-bbbbb', 'v0.2.0', true, 1, 0],
      ['elastic-cloud-aaaaa', 'v0.1.0', false, 1, 1],
    ]);
    expect(
      toPromiseDetail(ctx, promise, revisions).revisions?.map(r => r.version),
    ).toEqual(['v0.2.0', 'v0.1.0']);
  });
});

describe('destinations', () => {
  const work = (
    name: string,
    resource: string,
    extra: Record<string, string> = {},
    namespace = 'default',
  ): KubeObject => ({
    apiVersion: 'platform.kratix.io/v1alpha1',
    kind: 'Work',
    metadata: {
      name,
      namespace,
      labels: {
        'kratix.io/promise-name': 'elastic-cloud',
        'kratix.io/resource-name': resource,
        'kratix.io/work-type': 'resource',
        ...extra,
      },
    },
    spec: { promiseName: 'elastic-cloud', resourceName: resource },
  });
  const placement = (
    name: string,
    workName: string,
    destination: string,
    namespace = 'default',
  ): KubeObject => ({
    apiVersion: 'platform.kratix.io/v1alpha1',
    kind: 'WorkPlacement',
    metadata: { name, namespace, labels: { 'kratix.io/work': workName } },
    spec: { targetDestinationName: destination },
  });

  it("comes from the WorkPlacements of the request's Works and status.kratix.destinations, sorted without duplicates", () => {
    const index = new RequestIndex({
      works: [
        work('example-w1', 'example'),
        work('example-w2', 'example'),
        work('second-w', 'second-request'),
        work('preview-w', 'example', { 'kratix.io/dry-run': 'true' }),
        work('elsewhere', 'example', {}, 'other'),
      ],
      workPlacements: [
        placement('p1', 'example-w1', 'worker-2'),
        placement('p2', 'example-w2', 'worker-1'),
        placement('p3', 'example-w2', 'worker-2'),
        placement('p4', 'second-w', 'worker-3'),
        placement('p5', 'preview-w', 'dry-run-destination'),
        placement('p6', 'elsewhere', 'worker-9', 'other'),
        placement('p7', 'no-such-work', 'worker-8'),
      ],
    });
    const object = request({
      kratix: { destinations: ['worker-0', { name: 'worker-1' }, 42] },
    });
    expect(
      toResourceRequest(
        ctx,
        'elastic-cloud',
        object,
        index.relationsOf(promise, object),
      ).destinations,
    ).toEqual(['worker-0', 'worker-1', 'worker-2']);
  });

  it("follows the Promise's pipelineNamespace to the request's Works", () => {
    const elsewhere = {
      ...promise,
      spec: {
        ...promise.spec,
        workflows: {
          ...promise.spec.workflows,
          config: { pipelineNamespace: 'pipelines' },
        },
      },
    };
    const index = new RequestIndex({
      works: [work('w', 'example', {}, 'pipelines')],
      workPlacements: [placement('p', 'w', 'worker-7', 'pipelines')],
    });
    expect(index.relationsOf(elsewhere, request({})).destinations).toEqual([
      'worker-7',
    ]);
    expect(index.relationsOf(promise, request({})).destinations).toEqual([]);
  });

  it('indexes 100,000 requests in one pass per kind', () => {
    const n = 100_000;
    const works: KubeObject[] = [];
    const placements: KubeObject[] = [];
    for (let i = 0; i < n; i++) {
      works.push(work(`w${i}`, `r${i}`));
      placements.push(placement(`p${i}`, `w${i}`, `worker-${i % 7}`));
    }
    const started = Date.now();
    const index = new RequestIndex({ works, workPlacements: placements });
    let placed = 0;
    for (let i = 0; i < n; i++) {
      placed += index.relationsOf(promise, request({}, {}, `r${i}`))
        .destinations.length;
    }
    expect(placed).toBe(n);
    // Linear: a scan per request would take minutes.
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
