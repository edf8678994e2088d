import { ctx, done, job, pod } from '../../__testUtils__/pipelineFixtures';
import { podsOfJob, toPipelineRun, toPipelineRuns } from './pipelineRuns';

describe('toPipelineRun', () => {
  it('takes the run state and times from the Job and the stages from its latest Pod', () => {
    const complete = [
      {
        type: 'Complete',
        status: 'True',
        reason: 'CompletionsReached',
        lastTransitionTime: '2026-11-17T10:00:25Z',
      },
    ];
    const older = pod(
      'kratix-job-old',
      'Failed',
      {},
      {},
      { creationTimestamp: '2026-11-17T10:00:00Z' },
    );
    const latest = pod(
      'kratix-job-new',
      'Succeeded',
      {
        reader: done('2026-11-17T10:00:11Z', '2026-11-17T10:00:12Z'),
      },
      {},
      {
        creationTimestamp: '2026-11-17T10:00:10Z',
        labels: {},
        ownerReferences: [{ uid: 'uid-kratix-job' }],
      },
    );
    const run = toPipelineRun(
      ctx,
      job(complete, { completionTime: '2026-11-17T10:00:24Z' }),
      [latest, older],
    );
    expect(run).toMatchObject({
      platform: 'prod',
      name: 'kratix-job',
      namespace: 'default',
      promise: 'elastic-cloud',
      pipeline: 'resource-configure',
      workflowType: 'resource',
      workflowAction: 'configure',
      resource: { name: 'example', namespace: 'default' },
      state: 'succeeded',
      startedAt: '2026-11-17T10:00:00Z',
      finishedAt: '2026-11-17T10:00:24Z',
      durationMs: 24000,
      reason: 'CompletionsReached',
      pod: 'kratix-job-new',
      attempts: 2,
    });
    expect(run.demo).toBeUndefined();
    expect(run.stages.map(s => s.state)).toEqual([
      'succeeded',
      'skipped',
      'skipped',
      'skipped',
    ]);
  });

  it('explains a failed run by its failed stage', () => {
    const failed = [
      {
        type: 'Failed',
        status: 'True',
        reason: 'BackoffLimitExceeded',
        message: 'Job has reached the specified backoff limit',
        lastTransitionTime: '2026-11-17T10:00:10Z',
      },
    ];
    const p = pod(
      'kratix-job-x',
      'Failed',
      {
        reader: done('2026-11-17T10:00:01Z', '2026-11-17T10:00:03Z'),
        'pipeline-stage-0': done(
          '2026-11-17T10:00:04Z',
          '2026-11-17T10:00:09Z',
          3,
        ),
      },
      {},
    );
    const run = toPipelineRun({ name: 'demo', demo: true }, job(failed), [p]);
    expect(run).toMatchObject({
      demo: true,
      state: 'failed',
      finishedAt: '2026-11-17T10:00:10Z',
      durationMs: 10000,
      reason: 'BackoffLimitExceeded',
      message: 'Stage pipeline-stage-0 failed with exit code 3 (Error)',
    });
  });

  it('is running while the Job has active Pods, pending before, with no duration', () => {
    expect(toPipelineRun(ctx, job([], { active: 1 }), [])).toMatchObject({
      state: 'running',
      stages: [],
      attempts: 0,
    });
    const pending = toPipelineRun(ctx, job([], { startTime: undefined }), []);
    expect(pending.state).toBe('pending');
    expect(pending.durationMs).toBeUndefined();
  });

  it('lists runs newest first and matches Pods to their own Job only', () => {
    const a = job([], { created: '2026-11-17T09:00:00Z' }, 'job-a');
    const b = job([], { created: '2026-11-17T11:00:00Z' }, 'job-b');
    const podOfB = pod(
      'job-b-1',
      'Running',
      {},
      {},
      { labels: { 'batch.kubernetes.io/job-name': 'job-b' } },
    );
    expect(podsOfJob(a, [podOfB])).toEqual([]);
    expect(
      toPipelineRuns(ctx, [a, b], [podOfB]).map(r => [r.name, r.pod]),
    ).toEqual([
      ['job-b', 'job-b-1'],
      ['job-a', undefined],
    ]);
  });
});
