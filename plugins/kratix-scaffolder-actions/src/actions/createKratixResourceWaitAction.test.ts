import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import yaml from 'yaml';
import { fakeKratixBackend } from '../__testUtils__/fakeKratixBackend';
import { createKratixResourceWaitAction } from './createKratixResourceWaitAction';
import { examples } from './createKratixResourceWaitAction.examples';

const PAGE = (name: string) =>
  `http://localhost:3000/catalog/default/resource/testenv-default-elastic-cloud-${name}`;
const CRD_ID =
  'CustomResourceDefinition.v1.apiextensions.k8s.io/elasticsearches.elasticsearch.k8s.elastic.co.[noNs]';
const KUSTOMIZE_ERROR = `kustomize build failed: accumulating resources: accumulation err='merging resources from './default/elastic-cloud/second-request/resource-configure/5058f/elastic-crds.yaml': may not add resource with an already registered id: ${CRD_ID}'`;

const at = '2026-11-26T00:00:00Z';
const stage = (name: string, state: string, extra: object = {}) => ({
  type: 'stage',
  at,
  run: 'job-1',
  pipeline: 'instance-configure',
  stage: name,
  state,
  ...extra,
});
const done = [
  {
    type: 'ConfigureWorkflowCompleted',
    status: 'True',
    reason: 'PipelinesExecutedSuccessfully',
  },
  { type: 'WorksSucceeded', status: 'True', reason: 'WorksSucceeded' },
];

describe('kratix:resource:wait', () => {
  let backend: ReturnType<typeof fakeKratixBackend>;
  let action: ReturnType<typeof createKratixResourceWaitAction>;
  const logged = (ctx: any) =>
    (ctx.logger.info as jest.Mock).mock.calls.map(([m]: [string]) => m);

  beforeEach(() => {
    backend = fakeKratixBackend();
    action = createKratixResourceWaitAction({
      ...backend.deps,
      catalog: catalogServiceMock(),
      config: mockServices.rootConfig({
        data: { app: { baseUrl: 'http://localhost:3000' } },
      }),
    });
  });
  afterEach(() => backend.restore());

  function context(input: object) {
    const ctx = createMockActionContext({ input });
    jest.spyOn(ctx.logger, 'info');
    return ctx;
  }

  it('runs the example: logs each stage, outputs the final status', async () => {
    backend.on('GET', /\/events$/, () => ({
      lines: [
        {
          type: 'status',
          at,
          state: 'pending',
          message: 'Pending',
          conditions: [],
        },
        {
          type: 'run',
          at,
          run: 'job-1',
          pipeline: 'instance-configure',
          workflowAction: 'configure',
          state: 'running',
        },
        stage('reader', 'running'),
        stage('reader', 'succeeded'),
        stage('pipeline-stage-0', 'succeeded'),
        {
          type: 'status',
          at,
          state: 'ready',
          message: 'Resource requested',
          conditions: done,
        },
      ],
    }));
    delivered('abc123', { ready: 'True', revision: 'main@sha1:abc123' });
    const step = yaml.parse(examples[0].example).steps[1];
    const ctx = context({
      ...step.input,
      platform: 'testenv',
      name: 'example',
      namespace: 'default',
    });
    await action.handler(ctx as any);

    expect(backend.calls.map(c => c.path)).toEqual([
      '/platforms/testenv/requests/default/elastic-cloud/example/events',
      '/platforms/testenv/requests/default/elastic-cloud/example/placement',
      '/platforms/testenv/destinations/worker-1/health',
    ]);
    expect(logged(ctx)).toEqual([
      'Status: Pending',
      'Pipeline instance-configure (configure, Job job-1): running',
      'Stage reader of pipeline instance-configure: running',
      'Stage reader of pipeline instance-configure: succeeded',
      'Stage pipeline-stage-0 of pipeline instance-configure: succeeded',
      'Status: Resource requested',
      'Kratix finished the elastic-cloud request default/example: Resource requested',
      'Worker worker-cluster-1 (Destination worker-1) applied the elastic-cloud request default/example at revision abc123',
      `Done: the elastic-cloud request default/example is applied on worker-1. Its page: ${PAGE(
        'example',
      )}`,
    ]);
    expect(Object.fromEntries((ctx.output as jest.Mock).mock.calls)).toEqual({
      message: 'Resource requested',
      conditions: done,
      succeeded: true,
      url: PAGE('example'),
      appliedOn: ['worker-1'],
    });
  });

  it('fails the step naming the failing stage', async () => {
    backend.on('GET', /\/events$/, () => ({
      lines: [
        stage('pipeline-stage-0', 'failed', { exitCode: 3 }),
        {
          type: 'status',
          at,
          state: 'failing',
          message: 'Pending',
          conditions: [
            {
              type: 'ConfigureWorkflowCompleted',
              status: 'False',
              reason: 'ConfigureWorkflowFailed',
              message: 'A pipeline failed',
            },
          ],
        },
      ],
    }));
    const ctx = context({
      platform: 'testenv',
      promise: 'elastic-cloud',
      name: 'x',
      namespace: 'default',
    });
    const error = await action.handler(ctx as any).catch(e => e);
    // One line in the task log (the scaffolder prints the stack): what, where, and where to look.
    expect(error.stack).toBe(
      `The elastic-cloud request default/x failed at stage pipeline-stage-0 of pipeline instance-configure: A pipeline failed. See ${PAGE(
        'x',
      )} for its stages and their logs.`,
    );
    expect(logged(ctx)).toContain(
      'Stage pipeline-stage-0 of pipeline instance-configure: failed (exit code 3)',
    );
  });

  it('after an update, waits for the new generation instead of the previous outcome', async () => {
    backend.on('GET', /\/events$/, () => ({
      lines: [
        // The conditions still describe generation 1 (a failed run before the update).
        {
          type: 'status',
          at,
          state: 'failing',
          message: 'Failed',
          generation: 2,
          observedGeneration: 1,
          conditions: [
            {
              type: 'ConfigureWorkflowCompleted',
              status: 'False',
              reason: 'ConfigureWorkflowFailed',
            },
          ],
        },
        {
          type: 'status',
          at,
          state: 'ready',
          message: 'Resource requested',
          generation: 2,
          observedGeneration: 2,
          conditions: done,
        },
      ],
    }));
    const ctx = context({
      platform: 'testenv',
      promise: 'elastic-cloud',
      name: 'x',
      namespace: 'default',
      workerTimeoutSeconds: 0,
    });
    await action.handler(ctx as any);
    expect(logged(ctx).slice(0, 3)).toEqual([
      'Status: Failed',
      'Waiting for Kratix to reconcile generation 2 (last reconciled: 1)',
      'Status: Resource requested',
    ]);
    expect(ctx.output).toHaveBeenCalledWith('succeeded', true);
  });

  it('says so when the stream ends before the request completed', async () => {
    backend.on('GET', /\/events$/, () => ({
      lines: [
        {
          type: 'status',
          at,
          state: 'pending',
          message: 'Pending',
          conditions: [],
        },
      ],
    }));
    const ctx = context({
      platform: 'testenv',
      promise: 'elastic-cloud',
      name: 'x',
      namespace: 'default',
    });
    await expect(action.handler(ctx as any)).rejects.toThrow(
      'The Kratix backend ended the event stream of the elastic-cloud request default/x before it completed',
    );
  });

  it('does nothing in a dry run', async () => {
    const ctx = {
      ...context({ promise: 'elastic-cloud', name: 'x' }),
      isDryRun: true,
    };
    await action.handler(ctx as any);
    expect(backend.calls).toEqual([]);
    expect(Object.fromEntries((ctx.output as jest.Mock).mock.calls)).toEqual({
      message: 'Dry run: not waited for',
      conditions: [],
      succeeded: true,
      appliedOn: [],
    });
  });

  const succeeded = () =>
    backend.on('GET', /\/events$/, () => ({
      lines: [
        {
          type: 'status',
          at,
          state: 'ready',
          message: 'Resource requested',
          conditions: done,
        },
      ],
    }));
  const input = {
    platform: 'testenv',
    promise: 'elastic-cloud',
    name: 'x',
    namespace: 'default',
  };

  it("fails in one line when the worker's Flux refuses the request's output, naming the worker, Kustomization and Flux's error", async () => {
    succeeded();
    delivered('abc123', {
      ready: 'False',
      reason: 'BuildFailed',
      message: KUSTOMIZE_ERROR,
      implicatedRequests: [
        {
          namespace: 'default',
          promise: 'elastic-cloud',
          name: 'second-request',
        },
        {
          namespace: 'default',
          promise: 'elastic-cloud',
          name: 'x',
          carries: CRD_ID,
        },
      ],
    });
    const error = await action.handler(context(input) as any).catch(e => e);
    expect(error.name).toBe('WorkerApplyFailed');
    expect(error.stack).toBe(
      `Worker worker-cluster-1 of Destination worker-1 could not apply the elastic-cloud request default/x: its output holds CustomResourceDefinition elasticsearches.elasticsearch.k8s.elastic.co, which another request's output there holds too, and kustomize refuses the second one (Kustomization flux-system/kratix-worker-resources: BuildFailed). Kratix's part succeeded. See ${PAGE(
        'x',
      )}`,
    );
  });

  it("does not follow the workers when told to wait only for the platform (waitFor: 'platform')", async () => {
    succeeded();
    delivered('abc123', {
      ready: 'False',
      reason: 'BuildFailed',
      message: KUSTOMIZE_ERROR,
      implicatedRequests: [
        { namespace: 'default', promise: 'elastic-cloud', name: 'x' },
      ],
    });
    const ctx = context({ ...input, waitFor: 'platform' });
    await action.handler(ctx as any);
    expect(ctx.output).toHaveBeenCalledWith('appliedOn', []);
    expect(logged(ctx).at(-1)).toBe(
      `Done: the elastic-cloud request default/x is written to the state store. Its page: ${PAGE(
        'x',
      )}`,
    );
  });

  it('fails when another failure on the worker keeps blocking the revision until the worker timeout', async () => {
    succeeded();
    delivered('abc123', {
      ready: 'False',
      reason: 'BuildFailed',
      message: KUSTOMIZE_ERROR,
      implicatedRequests: [
        {
          namespace: 'default',
          promise: 'elastic-cloud',
          name: 'second-request',
        },
      ],
    });
    const error = await action
      .handler(context({ ...input, workerTimeoutSeconds: 1 }) as any)
      .catch(e => e);
    expect(error.name).toBe('WorkerBlocked');
    expect(error.message).toContain(
      'Worker worker-cluster-1 of Destination worker-1 has not applied the elastic-cloud request default/x: Flux refuses another output in the same revision, so it applies nothing new (Kustomization flux-system/kratix-worker-resources: BuildFailed: kustomize build failed',
    );
  });

  it('succeeds without confirmation when no worker of the Destination is watched', async () => {
    succeeded();
    delivered('abc123', undefined);
    const ctx = context(input);
    await action.handler(ctx as any);
    expect(logged(ctx)).toContain(
      'Written to Destination worker-1; no worker cluster of it is watched here, so whether it was applied is not known',
    );
    expect(logged(ctx).at(-1)).toBe(
      `Done: the elastic-cloud request default/x is written to the state store (not confirmed by the workers of worker-1). Its page: ${PAGE(
        'x',
      )}`,
    );
  });

  function delivered(versionID: string, kustomization: object | undefined) {
    backend.on('GET', /\/placement$/, () => ({
      body: {
        platform: 'testenv',
        works: [],
        workPlacements: [
          {
            name: 'wp',
            namespace: 'default',
            destination: 'worker-1',
            versionID,
            state: 'ready',
            files: [],
            conditions: [],
          },
        ],
        errors: [],
      },
    }));
    backend.on('GET', /\/destinations\/worker-1\/health$/, () => ({
      body: {
        platform: 'testenv',
        destination: 'worker-1',
        errors: [],
        workers: kustomization
          ? [
              {
                cluster: 'worker-cluster-1',
                reachable: true,
                healthy: false,
                sources: [],
                kustomizations: [
                  {
                    kind: 'Kustomization',
                    name: 'kratix-worker-resources',
                    namespace: 'flux-system',
                    suspended: false,
                    implicatedRequests: [],
                    ...kustomization,
                  },
                ],
              },
            ]
          : [],
      },
    }));
  }
});
