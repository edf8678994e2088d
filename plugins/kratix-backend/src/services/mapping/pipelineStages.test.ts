import {
  done,
  image,
  pod,
  waiting,
} from '../../__testUtils__/pipelineFixtures';
import { stagesOf } from './pipelineStages';

describe('stagesOf', () => {
  it('lists stages in the order Kratix runs them, with exit codes, times and durations', () => {
    const stages = stagesOf(
      pod(
        'p',
        'Succeeded',
        {
          reader: done('2026-11-17T10:00:01Z', '2026-11-17T10:00:03Z'),
          'pipeline-stage-0': done(
            '2026-11-17T10:00:04Z',
            '2026-11-17T10:00:19Z',
          ),
          'work-writer': done('2026-11-17T10:00:20Z', '2026-11-17T10:00:22Z'),
        },
        {
          'status-writer': done('2026-11-17T10:00:23Z', '2026-11-17T10:00:24Z'),
        },
      ),
      true,
    );
    expect(stages).toEqual([
      {
        name: 'reader',
        origin: 'kratix',
        image,
        state: 'succeeded',
        restartCount: 0,
        exitCode: 0,
        startedAt: '2026-11-17T10:00:01Z',
        finishedAt: '2026-11-17T10:00:03Z',
        durationMs: 2000,
        reason: 'Completed',
      },
      {
        name: 'pipeline-stage-0',
        origin: 'pipeline',
        image: 'kratix-workshop/elastic-pipeline:dev',
        state: 'succeeded',
        restartCount: 0,
        exitCode: 0,
        startedAt: '2026-11-17T10:00:04Z',
        finishedAt: '2026-11-17T10:00:19Z',
        durationMs: 15000,
        reason: 'Completed',
      },
      {
        name: 'work-writer',
        origin: 'kratix',
        image,
        state: 'succeeded',
        restartCount: 0,
        exitCode: 0,
        startedAt: '2026-11-17T10:00:20Z',
        finishedAt: '2026-11-17T10:00:22Z',
        durationMs: 2000,
        reason: 'Completed',
      },
      {
        name: 'status-writer',
        origin: 'kratix',
        image,
        state: 'succeeded',
        restartCount: 0,
        exitCode: 0,
        startedAt: '2026-11-17T10:00:23Z',
        finishedAt: '2026-11-17T10:00:24Z',
        durationMs: 1000,
        reason: 'Completed',
      },
    ]);
  });

  it('marks a failed stage and skips the ones after it once the Pod has failed', () => {
    const stages = stagesOf(
      pod(
        'p',
        'Failed',
        {
          reader: done('2026-11-17T10:00:01Z', '2026-11-17T10:00:03Z'),
          'pipeline-stage-0': done(
            '2026-11-17T10:00:04Z',
            '2026-11-17T10:00:09Z',
            2,
          ),
          'work-writer': waiting('PodInitializing'),
        },
        { 'status-writer': waiting('PodInitializing') },
      ),
      false,
    );
    expect(stages.map(s => [s.name, s.state, s.exitCode, s.reason])).toEqual([
      ['reader', 'succeeded', 0, 'Completed'],
      ['pipeline-stage-0', 'failed', 2, 'Error'],
      ['work-writer', 'skipped', undefined, undefined],
      ['status-writer', 'skipped', undefined, undefined],
    ]);
  });

  it('shows a running stage, and why the next ones wait', () => {
    const stages = stagesOf(
      pod(
        'p',
        'Pending',
        {
          reader: done('2026-11-17T10:00:01Z', '2026-11-17T10:00:03Z'),
          'pipeline-stage-0': {
            running: { startedAt: '2026-11-17T10:00:04Z' },
          },
          'work-writer': waiting('ImagePullBackOff', 'Back-off pulling image'),
        },
        {},
      ),
      false,
    );
    expect(stages.slice(1)).toEqual([
      {
        name: 'pipeline-stage-0',
        origin: 'pipeline',
        image: 'kratix-workshop/elastic-pipeline:dev',
        state: 'running',
        restartCount: 0,
        startedAt: '2026-11-17T10:00:04Z',
      },
      {
        name: 'work-writer',
        origin: 'kratix',
        image,
        state: 'pending',
        restartCount: 0,
        reason: 'ImagePullBackOff',
        message: 'Back-off pulling image',
      },
      {
        name: 'status-writer',
        origin: 'kratix',
        image,
        state: 'pending',
        restartCount: 0,
      },
    ]);
  });

  it('reports a stage that keeps failing and restarting (CrashLoopBackOff) as failed', () => {
    const [, stage] = stagesOf(
      pod(
        'p',
        'Pending',
        {
          reader: done('2026-11-17T10:00:01Z', '2026-11-17T10:00:03Z'),
          'pipeline-stage-0': {
            restartCount: 3,
            state: waiting(
              'CrashLoopBackOff',
              'back-off 40s restarting failed container',
            ),
            lastState: done('2026-11-17T10:01:00Z', '2026-11-17T10:01:02Z', 1),
          },
        },
        {},
      ),
      false,
    );
    expect(stage).toEqual({
      name: 'pipeline-stage-0',
      origin: 'pipeline',
      image: 'kratix-workshop/elastic-pipeline:dev',
      state: 'failed',
      restartCount: 3,
      exitCode: 1,
      startedAt: '2026-11-17T10:01:00Z',
      finishedAt: '2026-11-17T10:01:02Z',
      durationMs: 2000,
      reason: 'CrashLoopBackOff',
    });
  });
});
