import { stateTone } from './stateTone';

describe('stateTone', () => {
  it('reads Kratix, Kubernetes and Flux states alike', () => {
    expect(
      [
        'ready',
        'True',
        'Succeeded',
        'running',
        'Unknown',
        'deleting',
        'misplaced',
        'degraded',
        'Suspended',
        'waiting-to-retry',
        'failing',
        'False',
        'paused',
        'whatever',
      ].map(stateTone),
    ).toEqual([
      'ok',
      'ok',
      'ok',
      'running',
      'pending',
      'pending',
      'warning',
      'warning',
      'warning',
      'pending',
      'error',
      'error',
      'aborted',
      'aborted',
    ]);
  });
});
