import { act, renderHook, waitFor } from '@testing-library/react';
import { usePolledAsync } from './usePolledAsync';

describe('usePolledAsync', () => {
  afterEach(() => jest.useRealTimers());

  it('polls while the answer is live and stops once it is not', async () => {
    jest.useFakeTimers();
    const answers = ['running', 'running', 'done'];
    const load = jest.fn(async () => answers.shift() ?? 'done');
    const { result } = renderHook(() =>
      usePolledAsync('run', load, {
        isLive: v => v === 'running',
        intervalMs: 1000,
      }),
    );
    await waitFor(() => expect(result.current.value).toBe('running'));
    expect(result.current.live).toBe(true);
    await act(async () => {
      jest.advanceTimersByTime(1000);
    });
    await act(async () => {
      jest.advanceTimersByTime(1000);
    });
    await waitFor(() => expect(result.current.value).toBe('done'));
    expect(result.current.live).toBe(false);
    await act(async () => {
      jest.advanceTimersByTime(5000);
    });
    expect(load).toHaveBeenCalledTimes(3);
  });

  it('does not poll while the page is hidden, and loads again when it is shown', async () => {
    jest.useFakeTimers();
    let hidden = false;
    const visibility = jest
      .spyOn(document, 'hidden', 'get')
      .mockImplementation(() => hidden);
    try {
      const load = jest.fn(async () => 'running');
      const { result } = renderHook(() =>
        usePolledAsync('run', load, {
          isLive: () => true,
          intervalMs: 1000,
        }),
      );
      await waitFor(() => expect(result.current.value).toBe('running'));
      expect(load).toHaveBeenCalledTimes(1);

      hidden = true;
      await act(async () => {
        jest.advanceTimersByTime(10_000);
      });
      expect(load).toHaveBeenCalledTimes(1);

      hidden = false;
      await act(async () => {
        document.dispatchEvent(new Event('visibilitychange'));
      });
      await waitFor(() => expect(load).toHaveBeenCalledTimes(2));
      await act(async () => {
        jest.advanceTimersByTime(1000);
      });
      await waitFor(() => expect(load).toHaveBeenCalledTimes(3));
    } finally {
      visibility.mockRestore();
    }
  });

  it('keeps the last value when a refresh fails, and forgets it for a new key', async () => {
    let fail = false;
    const { result, rerender } = renderHook(
      ({ key }) =>
        usePolledAsync(key, async () => {
          if (fail) throw new Error('backend down');
          return key;
        }),
      { initialProps: { key: 'a' } },
    );
    await waitFor(() => expect(result.current.value).toBe('a'));
    fail = true;
    await act(async () => result.current.retry());
    await waitFor(() =>
      expect(result.current.error?.message).toBe('backend down'),
    );
    expect(result.current.value).toBe('a');
    rerender({ key: 'b' });
    expect(result.current.value).toBeUndefined();
    expect(result.current.loading).toBe(true);
  });
});
