import { useApiHolder } from '@backstage/core-plugin-api';
import type {
  KratixChangedSignal,
  KratixChangeKind,
} from '@kratix-backstage/plugin-kratix-common';
import { type SignalApi, signalApiRef } from '@backstage/plugin-signals-react';
import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * How often a view polls while something it shows is still running, when the app has no
 * signals (no `@backstage/plugin-signals`): slowly, since the backend pushes changes
 * wherever signals are installed.
 */
export const LIVE_REFRESH_MS = 30_000;

/**
 * The app's signal API, if it has one (the equivalent of `useSignal`'s
 * `isSignalsAvailable`, usable where a view may have no channel to subscribe to).
 */
export function useSignalApi(): SignalApi | undefined {
  return useApiHolder().get(signalApiRef);
}

/** True when the app pushes changes (Backstage signals) to open views. */
export function useSignalsAvailable(): boolean {
  return Boolean(useSignalApi());
}

/** The state of a polled load. */
export interface PolledAsync<T> {
  value?: T;
  error?: Error;
  /** True until the first answer for the current key. */
  loading: boolean;
  /** True while the last answer says something is still running (and polling goes on). */
  live: boolean;
  /** Counts answers: children that follow this load can key on it. */
  version: number;
  /** True when changes are pushed (a signal channel, and the app has signals): no polling. */
  pushed: boolean;
  /** Load again now. */
  retry: () => void;
}

/**
 * Loads `load()` for `key`, and again whenever the backend signals a change on `signal`'s
 * channel (of one of its `kinds`), or whenever `refresh` changes (a view that follows
 * another view passes that view's `version`). Only when the app has no signals does it
 * poll instead: every `intervalMs` (default 30 s) for as long as `isLive` says the answer
 * shows something still running. Polling stops by itself once nothing runs, so a
 * finished request costs the backend nothing more. A hidden page (a background tab)
 * neither polls nor refetches: it loads again as soon as it is shown.
 */
export function usePolledAsync<T>(
  key: string,
  load: () => Promise<T>,
  options: {
    isLive?: (value: T) => boolean;
    intervalMs?: number;
    /** Load again (keeping the current value meanwhile) whenever this changes. */
    refresh?: string | number;
    /**
     * The Kratix signal channels to follow, and which kinds of change to load again for
     * (default: any). Given, and the app has signals: no polling.
     */
    signal?: { channel: string | string[]; kinds?: KratixChangeKind[] };
  } = {},
): PolledAsync<T> {
  const { intervalMs = LIVE_REFRESH_MS, refresh } = options;
  const signalApi = useSignalApi();
  const channels = ([] as string[]).concat(options.signal?.channel ?? []);
  const channelsKey = channels.join('\n');
  const kindsKey = options.signal?.kinds?.join(',') ?? '';
  const pushed = Boolean(signalApi && options.signal);
  const loadRef = useRef(load);
  loadRef.current = load;
  const isLiveRef = useRef(options.isLive);
  isLiveRef.current = options.isLive;

  const [tick, setTick] = useState(0);
  const [state, setState] = useState<{
    key: string;
    value?: T;
    error?: Error;
    live: boolean;
    version: number;
  }>({ key, live: false, version: 0 });

  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let onVisible: (() => void) | undefined;
    // A page in a background tab does not poll: it loads again once it is shown.
    const next = () => {
      if (typeof document === 'undefined' || !document.hidden) {
        setTick(t => t + 1);
        return;
      }
      onVisible = () => {
        if (document.hidden) return;
        document.removeEventListener('visibilitychange', onVisible!);
        onVisible = undefined;
        setTick(t => t + 1);
      };
      document.addEventListener('visibilitychange', onVisible);
    };
    loadRef.current().then(
      value => {
        if (cancelled) return;
        const live = Boolean(isLiveRef.current?.(value));
        setState(s => ({ key, value, live, version: s.version + 1 }));
        if (live && !pushed) timer = setTimeout(next, intervalMs);
      },
      error => {
        if (cancelled) return;
        setState(s => ({
          key,
          value: s.key === key ? s.value : undefined,
          error,
          live: false,
          version: s.version + 1,
        }));
      },
    );
    return () => {
      cancelled = true;
      if (timer) clearTimeout(timer);
      if (onVisible)
        document.removeEventListener('visibilitychange', onVisible);
    };
  }, [key, tick, intervalMs, refresh, pushed]);

  useEffect(() => {
    if (!signalApi || !channelsKey) return undefined;
    const wanted = kindsKey ? kindsKey.split(',') : undefined;
    let onVisible: (() => void) | undefined;
    const onMessage = (message: KratixChangedSignal) => {
      const kinds: string[] = Array.isArray(message?.kinds)
        ? message.kinds
        : [];
      if (wanted && !kinds.some(k => wanted.includes(k))) return;
      if (typeof document === 'undefined' || !document.hidden) {
        setTick(t => t + 1);
        return;
      }
      // Hidden: one load once shown, however many changes came meanwhile.
      if (onVisible) return;
      onVisible = () => {
        if (document.hidden) return;
        document.removeEventListener('visibilitychange', onVisible!);
        onVisible = undefined;
        setTick(t => t + 1);
      };
      document.addEventListener('visibilitychange', onVisible);
    };
    const subscribers = channelsKey
      .split('\n')
      .map(channel =>
        signalApi.subscribe<KratixChangedSignal>(channel, onMessage),
      );
    return () => {
      subscribers.forEach(s => s.unsubscribe());
      if (onVisible)
        document.removeEventListener('visibilitychange', onVisible);
    };
  }, [signalApi, channelsKey, kindsKey]);

  const retry = useCallback(() => setTick(t => t + 1), []);
  const current = state.key === key;
  return {
    value: current ? state.value : undefined,
    error: current ? state.error : undefined,
    loading: !current || (state.value === undefined && !state.error),
    live: current && state.live,
    version: state.version,
    pushed,
    retry,
  };
}
