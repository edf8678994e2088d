import { TestApiProvider } from '@backstage/frontend-test-utils';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { act, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { FakeSignalApi } from '../__testUtils__/FakeSignalApi';
import { LIVE_REFRESH_MS, usePolledAsync } from './usePolledAsync';

/** An app without signals (no `@backstage/plugin-signals`). */
const noSignals = ({ children }: { children: ReactNode }) => (
  <TestApiProvider apis={[]}>{children}</TestApiProvider>
);

describe('usePolledAsync', () => {
  afterEach(() => jest.useRealTimers());

  it('polls while the answer is live and stops once it is not', async () => {
    jest.useFakeTimers();
    const answers = ['running', 'running', 'done'];
    const load = jest.fn(async () => answers.shift() ?? 'done');
    const { result } = renderHook(
      () =>
        usePolledAsync('run', load, {
          isLive: v => v === 'running',
          intervalMs: 1000,
        }),
      { wrapper: noSignals },
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
      const { result } = renderHook(
        () =>
          usePolledAsync('run', load, {
            isLive: () => true,
            intervalMs: 1000,
          }),
        { wrapper: noSignals },
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
      { initialProps: { key: 'a' }, wrapper: noSignals },
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

  it('without signals, polls slowly (every 30 s) by default', async () => {
    jest.useFakeTimers();
    expect(LIVE_REFRESH_MS).toBe(30_000);
    const load = jest.fn(async () => 'running');
    const { result } = renderHook(
      () =>
        usePolledAsync('run', load, {
          isLive: () => true,
          signal: { channel: 'kratix:platform:p' },
        }),
      { wrapper: noSignals },
    );
    await waitFor(() => expect(result.current.value).toBe('running'));
    expect(result.current.pushed).toBe(false);
    await act(async () => {
      jest.advanceTimersByTime(29_000);
    });
    expect(load).toHaveBeenCalledTimes(1);
    await act(async () => {
      jest.advanceTimersByTime(1_000);
    });
    await waitFor(() => expect(load).toHaveBeenCalledTimes(2));
  });

  describe('with signals', () => {
    const CHANNEL = 'kratix:request:p:ns:promise:name';
    let signals: FakeSignalApi;
    const wrapper = ({ children }: { children: ReactNode }) => (
      <TestApiProvider apis={[[signalApiRef, signals]]}>
        {children}
      </TestApiProvider>
    );
    beforeEach(() => {
      signals = new FakeSignalApi();
    });

    it('does not poll, and loads again on each signal of a kind it follows', async () => {
      jest.useFakeTimers();
      let n = 0;
      const load = jest.fn(async () => `answer ${++n}`);
      const { result, unmount } = renderHook(
        () =>
          usePolledAsync('run', load, {
            isLive: () => true,
            intervalMs: 1000,
            signal: { channel: CHANNEL, kinds: ['runs', 'request'] },
          }),
        { wrapper },
      );
      await waitFor(() => expect(result.current.value).toBe('answer 1'));
      expect(result.current.pushed).toBe(true);
      expect(signals.channels()).toEqual([CHANNEL]);
      await act(async () => {
        jest.advanceTimersByTime(60_000);
      });
      expect(load).toHaveBeenCalledTimes(1);

      await act(async () => signals.changed(CHANNEL, ['placement']));
      expect(load).toHaveBeenCalledTimes(1);
      await act(async () => signals.changed(CHANNEL, ['logs', 'runs']));
      await waitFor(() => expect(result.current.value).toBe('answer 2'));
      await act(async () =>
        signals.changed('kratix:request:p:ns:promise:other', ['runs']),
      );
      expect(load).toHaveBeenCalledTimes(2);

      unmount();
      expect(signals.channels()).toEqual([]);
    });

    it('follows several channels, and loads once when a hidden page is shown', async () => {
      let hidden = true;
      const visibility = jest
        .spyOn(document, 'hidden', 'get')
        .mockImplementation(() => hidden);
      try {
        const load = jest.fn(async () => 'v');
        const { result } = renderHook(
          () =>
            usePolledAsync('overview', load, {
              signal: { channel: ['kratix:platform:a', 'kratix:platform:b'] },
            }),
          { wrapper },
        );
        await waitFor(() => expect(result.current.value).toBe('v'));
        expect(signals.channels()).toEqual([
          'kratix:platform:a',
          'kratix:platform:b',
        ]);
        await act(async () => {
          signals.changed('kratix:platform:a', ['requests']);
          signals.changed('kratix:platform:b', ['destination']);
        });
        expect(load).toHaveBeenCalledTimes(1);
        hidden = false;
        await act(async () => {
          document.dispatchEvent(new Event('visibilitychange'));
        });
        await waitFor(() => expect(load).toHaveBeenCalledTimes(2));
        await act(async () => signals.changed('kratix:platform:b', ['health']));
        await waitFor(() => expect(load).toHaveBeenCalledTimes(3));
      } finally {
        visibility.mockRestore();
      }
    });
  });
});
