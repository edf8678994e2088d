import {
  pipelineStartedStatus,
  pipelineSucceededStatus,
  workshopScenario,
  worksRollupStatus,
  pipelineFailedStatus,
} from '@kratix-backstage/kratix-simulation';
import { toResourceRequest } from './requests';

const at = new Date('2026-11-17T10:00:00Z');
const [example] = workshopScenario.requests;
const base = workshopScenario.requestObject(example);
const started = pipelineStartedStatus(undefined, {
  pipelineName: 'resource-configure',
  pipelines: ['resource-configure'],
  completedBefore: 0,
  now: at,
});
const succeeded = worksRollupStatus(
  pipelineSucceededStatus(started, {
    pipelineName: 'resource-configure',
    isLastPipeline: true,
    statusYaml: {
      endpoint: 'https://example.elastic.local',
      message: 'Elastic is up',
    },
    now: at,
  }),
  [{ name: 'w', ready: 'Ready' }],
  { now: at },
);

const ctx = { name: 'prod', demo: false };

describe('toResourceRequest', () => {
  it("separates Kratix's status from the fields the pipeline wrote", () => {
    const request = toResourceRequest(ctx, 'elastic-cloud', {
      ...base,
      metadata: {
        ...base.metadata,
        uid: 'u1',
        generation: 2,
        creationTimestamp: '2026-11-17T09:00:00Z',
      },
      status: { ...succeeded, observedGeneration: 2 },
    });
    expect(request).toMatchObject({
      platform: 'prod',
      promise: 'elastic-cloud',
      name: 'example',
      namespace: 'default',
      apiVersion: 'workshop.kratix.io/v1alpha1',
      kind: 'elastic-cloud',
      uid: 'u1',
      state: 'ready',
      message: 'Elastic is up',
      paused: false,
      generation: 2,
      observedGeneration: 2,
      spec: { enableDataCollection: true },
      statusFields: { endpoint: 'https://example.elastic.local' },
      workflows: { count: 1, succeeded: 1, failed: 0 },
      pipelines: [
        {
          name: 'resource-configure',
          phase: 'Succeeded',
          lastTransitionTime: at.toISOString(),
        },
      ],
      lastSuccessfulConfigureWorkflowTime: at.toISOString(),
      createdAt: '2026-11-17T09:00:00Z',
    });
    expect(request.conditions.map(c => `${c.type}=${c.status}`)).toEqual([
      'ConfigureWorkflowCompleted=True',
      'Reconciled=True',
      'WorksSucceeded=True',
    ]);
  });

  it.each([
    ['pending while its pipeline runs', { status: started }, 'pending'],
    [
      'failing when its pipeline failed',
      { status: pipelineFailedStatus(started, { pipelineName: 'p', now: at }) },
      'failing',
    ],
    ['pending without any status yet', {}, 'pending'],
    [
      'paused by the label',
      { status: succeeded, labels: { 'kratix.io/paused': 'true' } },
      'paused',
    ],
    [
      'deleting once marked for deletion',
      { status: succeeded, deletionTimestamp: at.toISOString() },
      'deleting',
    ],
  ])('is %s', (_what, extra: any, state) => {
    const { status, ...metadata } = extra;
    expect(
      toResourceRequest(ctx, 'elastic-cloud', {
        ...base,
        metadata: { ...base.metadata, ...metadata },
        status,
      }).state,
    ).toBe(state);
  });

  it('is failing, for the worker, when Kratix is done but a worker refuses its output', () => {
    const worker = {
      state: 'failing' as const,
      destinations: [
        {
          destination: 'worker-1',
          state: 'failing' as const,
          kustomization: 'flux-system/kratix-workload-resources',
          message: 'kustomize build failed',
        },
      ],
    };
    const ready = { ...base, status: succeeded };
    expect(toResourceRequest(ctx, 'elastic-cloud', ready).state).toBe('ready');
    const request = toResourceRequest(ctx, 'elastic-cloud', ready, { worker });
    expect(request).toMatchObject({
      state: 'failing',
      stateReason: 'worker',
      worker,
    });
    const applied = toResourceRequest(ctx, 'elastic-cloud', ready, {
      worker: { state: 'applied', destinations: [] },
    });
    expect(applied.state).toBe('ready');
    expect(applied.stateReason).toBeUndefined();
    const paused = toResourceRequest(
      ctx,
      'elastic-cloud',
      {
        ...ready,
        metadata: {
          ...ready.metadata,
          labels: { ...ready.metadata.labels, 'kratix.io/paused': 'true' },
        },
      },
      { worker },
    );
    expect(paused.state).toBe('paused');
  });

  it('reports who last ran an operation on it from Backstage', () => {
    const request = toResourceRequest(
      { name: 'demo', demo: true },
      'elastic-cloud',
      {
        ...base,
        metadata: {
          ...base.metadata,
          annotations: {
            'backstage.io/kratix-last-operation': 'pause',
            'backstage.io/kratix-last-operation-by': 'user:default/guest',
            'backstage.io/kratix-last-operation-at': '2026-11-17T10:05:00Z',
          },
        },
      },
    );
    expect(request.demo).toBe(true);
    expect(request.lastOperation).toEqual({
      operation: 'pause',
      by: 'user:default/guest',
      at: '2026-11-17T10:05:00Z',
    });
  });
});
