/** Options of {@link waitFor}. */
export interface WaitForOptions {
  /** Give up after this many milliseconds (default 60 000). */
  timeoutMs?: number;
  /** Pause between two probes (default 100 ms). */
  intervalMs?: number;
  /**
   * Called before each probe; throw to stop waiting at once (for example when a
   * process the wait depends on has exited).
   */
  check?: () => void;
}

/**
 * Polls `probe` until it returns a value other than `undefined`/`false`, and returns it.
 * Errors thrown by `probe` count as "not yet"; the last one is named in the timeout error.
 */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  options: WaitForOptions = {},
): Promise<T> {
  const { timeoutMs = 60_000, intervalMs = 100, check } = options;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    check?.();
    try {
      const value = await probe();
      if (value !== undefined && value !== false) {
        return value;
      }
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const detail =
        lastError === undefined
          ? ''
          : `; last error: ${describeError(lastError)}`;
      throw new Error(
        `Timed out after ${timeoutMs} ms waiting for ${what}${detail}`,
      );
    }
    await sleep(intervalMs);
  }
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms));
}

/** A one-line description of an error of any shape (client-node's ApiException included). */
export function describeError(error: unknown): string {
  if (error && typeof error === 'object') {
    const e = error as { code?: unknown; body?: unknown; message?: unknown };
    if (typeof e.code === 'number' && e.body !== undefined) {
      const body = typeof e.body === 'string' ? e.body : JSON.stringify(e.body);
      return `HTTP ${e.code}: ${body.slice(0, 500)}`;
    }
    if (typeof e.message === 'string') {
      return e.message;
    }
  }
  return String(error);
}
