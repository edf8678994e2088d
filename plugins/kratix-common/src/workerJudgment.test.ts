import {
  failingWorkerDestinations,
  requestStateLabel,
  rollUpWorkerState,
} from './workerJudgment';

describe('rollUpWorkerState', () => {
  it('is failing when any Destination is, applied when all are, else unknown', () => {
    expect(
      rollUpWorkerState([{ state: 'applied' }, { state: 'failing' }]),
    ).toBe('failing');
    expect(
      rollUpWorkerState([{ state: 'applied' }, { state: 'applied' }]),
    ).toBe('applied');
    expect(
      rollUpWorkerState([{ state: 'applied' }, { state: 'unknown' }]),
    ).toBe('unknown');
    expect(rollUpWorkerState([])).toBe('unknown');
  });
});

describe('requestStateLabel', () => {
  const worker = {
    state: 'failing' as const,
    destinations: [
      { destination: 'worker-2', state: 'failing' as const, message: 'b' },
      { destination: 'worker-1', state: 'failing' as const, message: 'a' },
      { destination: 'worker-3', state: 'applied' as const },
    ],
  };

  it('names the failing Destinations when the worker made the request fail', () => {
    expect(
      requestStateLabel({ state: 'failing', stateReason: 'worker', worker }),
    ).toBe('failing on worker-1, worker-2');
    expect(failingWorkerDestinations(worker).map(d => d.message)).toEqual([
      'a',
      'b',
    ]);
  });

  it("is the state when Kratix's own conditions decide it", () => {
    expect(requestStateLabel({ state: 'failing', worker })).toBe('failing');
    expect(requestStateLabel({ state: 'ready' })).toBe('ready');
    expect(
      requestStateLabel({
        state: 'ready',
        worker: { state: 'applied', destinations: [] },
      }),
    ).toBe('ready');
  });
});
