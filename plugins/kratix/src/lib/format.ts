/** A duration the way people read it: `1.8 s`, `14 s`, `2 min 3 s`, `1 h 5 min`. */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || Number.isNaN(ms)) return '–';
  if (ms < 10_000) return `${(Math.max(ms, 0) / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) {
    const rest = seconds % 60;
    return rest ? `${minutes} min ${rest} s` : `${minutes} min`;
  }
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest ? `${hours} h ${rest} min` : `${hours} h`;
}

/** An age the way kubectl prints it: `42s`, `49m`, `5h`, `3d`. */
export function formatAge(iso: string | undefined, now: number): string {
  if (!iso) return '–';
  const ms = now - Date.parse(iso);
  if (Number.isNaN(ms)) return '–';
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h`;
  return `${Math.floor(hours / 24)}d`;
}

/** A timestamp in the reader's locale, or a dash. */
export function formatTime(iso: string | undefined): string {
  if (!iso) return '–';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '–' : date.toLocaleString();
}

/**
 * A point in time relative to now, both ways: `in 4m` ahead, `2m ago` behind (as
 * {@link formatAge} counts), or a dash.
 */
export function formatRelative(iso: string | undefined, now: number): string {
  if (!iso) return '–';
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return '–';
  if (at >= now)
    return `in ${formatAge(new Date(now - (at - now)).toISOString(), now)}`;
  return `${formatAge(iso, now)} ago`;
}

/** The first characters of a hash (`kratix.io/hash`), as git prints a short commit. */
export function shortHash(hash: string | undefined): string {
  return hash ? hash.slice(0, 8) : '–';
}
