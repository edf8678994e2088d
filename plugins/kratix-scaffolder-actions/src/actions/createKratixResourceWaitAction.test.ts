import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import yaml from 'yaml';
import { fakeKratixBackend } from '../__testUtils__/fakeKratixBackend';
import { createKratixResourceWaitAction } from './createKratixResourceWaitAction';
import { examples } from './createKratixResourceWaitAction.examples';

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
    ]);
    expect(logged(ctx)).toEqual([
      'Status: Pending',
      'Pipeline instance-configure (configure, Job job-1): running',
      'Stage reader of pipeline instance-configure: running',
      'Stage reader of pipeline instance-configure: succeeded',
      'Stage pipeline-stage-0 of pipeline instance-configure: succeeded',
      'Status: Resource requested',
    ]);
    expect(Object.fromEntries((ctx.output as jest.Mock).mock.calls)).toEqual({
      message: 'Resource requested',
      conditions: done,
      succeeded: true,
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
    await expect(action.handler(ctx as any)).rejects.toThrow(
      'The elastic-cloud request default/x failed at stage pipeline-stage-0 of pipeline instance-configure: A pipeline failed',
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
    });
    await action.handler(ctx as any);
    expect(logged(ctx)).toEqual([
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
    });
  });
});
