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
      'error',
      'error',
      'neutral',
      'neutral',
    ]);
  });
});
