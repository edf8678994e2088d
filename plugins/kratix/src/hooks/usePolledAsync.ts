import { useCallback, useEffect, useRef, useState } from 'react';

/** How often a view refreshes while something it shows is still running. */
export const LIVE_REFRESH_MS = 3000;

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
  /** Load again now. */
  retry: () => void;
}

/**
 * Loads `load()` for `key`, and again every `intervalMs` for as long as `isLive` says
 * the answer shows something still running, or whenever `refresh` changes (a view that
 * follows another view's polling passes that view's `version`). Polling stops by itself once nothing runs,
 * so a finished request costs the backend nothing more, and pauses while the page is
 * hidden (a background tab), loading again as soon as it is shown.
 */
export function usePolledAsync<T>(
  key: string,
  load: () => Promise<T>,
  options: {
    isLive?: (value: T) => boolean;
    intervalMs?: number;
    /** Load again (keeping the current value meanwhile) whenever this changes. */
    refresh?: string | number;
  } = {},
): PolledAsync<T> {
  const { intervalMs = LIVE_REFRESH_MS, refresh } = options;
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
        if (live) timer = setTimeout(next, intervalMs);
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
  }, [key, tick, intervalMs, refresh]);

  const retry = useCallback(() => setTick(t => t + 1), []);
  const current = state.key === key;
  return {
    value: current ? state.value : undefined,
    error: current ? state.error : undefined,
    loading: !current || (state.value === undefined && !state.error),
    live: current && state.live,
    version: state.version,
    retry,
  };
}
