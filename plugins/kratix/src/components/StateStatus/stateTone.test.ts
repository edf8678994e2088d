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
      'error',
      'error',
      'aborted',
      'aborted',
    ]);
  });
});
