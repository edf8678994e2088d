import {
  pipelineFailedStatus,
  pipelineStartedStatus,
  pipelineSucceededStatus,
  worksRollupStatus,
} from './status';

const now = new Date('2026-11-26T10:00:00Z');
const types = (s: any) =>
  Object.fromEntries(
    s.conditions.map((c: any) => [
      c.type,
      `${c.status}/${c.reason}/${c.message}`,
    ]),
  );

describe('request status', () => {
  it('goes Pending -> Resource requested -> Reconciled', () => {
    let s = pipelineStartedStatus(undefined, {
      pipelineName: 'resource-configure',
      pipelines: ['resource-configure'],
      completedBefore: 0,
      now,
    });
    expect(s.message).toBe('Pending');
    expect(types(s)).toEqual({
      ConfigureWorkflowCompleted:
        'False/PipelinesInProgress/Pipelines are still in progress',
      Reconciled: 'Unknown/WorkflowPending/Pending',
    });
    s = pipelineSucceededStatus(s, {
      pipelineName: 'resource-configure',
      isLastPipeline: true,
      now,
    });
    expect(s.message).toBe('Resource requested');
    expect(s.workflowsSucceeded).toBe(1);
    s = worksRollupStatus(s, [{ name: 'w1', ready: 'Ready' }], { now });
    expect(types(s)).toEqual({
      ConfigureWorkflowCompleted:
        'True/PipelinesExecutedSuccessfully/Pipelines completed',
      Reconciled: 'True/Reconciled/Reconciled',
      WorksSucceeded:
        'True/WorksSucceeded/All works associated with this resource are ready',
    });
    expect(s.kratix.workflows.pipelines).toEqual([
      {
        name: 'resource-configure',
        phase: 'Succeeded',
        lastTransitionTime: now.toISOString(),
      },
    ]);
  });

  it('keeps the message a pipeline wrote in status.yaml', () => {
    const s = pipelineSucceededStatus(
      { message: 'Pending', workflows: 1 },
      {
        pipelineName: 'p',
        isLastPipeline: true,
        statusYaml: { message: 'Kibana at :30269', url: 'http://x' },
        now,
      },
    );
    expect(s.message).toBe('Kibana at :30269');
    expect(s.url).toBe('http://x');
  });

  it('names the failed pipeline', () => {
    const s = pipelineFailedStatus(
      {},
      { pipelineName: 'resource-configure', now },
    );
    expect(types(s).ConfigureWorkflowCompleted).toBe(
      'False/ConfigureWorkflowFailed/A Configure Pipeline has failed: resource-configure',
    );
    expect(s.workflowsFailed).toBe(1);
  });

  it('rolls pending works up as WorksPending', () => {
    const s = worksRollupStatus(
      { conditions: [] },
      [{ name: 'a', ready: 'Ready' }, { name: 'b' }],
      { now },
    );
    expect(types(s).WorksSucceeded).toBe(
      'Unknown/WorksPending/Some works associated with this resource are not ready: [b]',
    );
    expect(types(s).Reconciled).toBe('Unknown/WorksPending/Pending');
  });
});
