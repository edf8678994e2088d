import { readdirSync, readFileSync } from 'node:fs';

/** One process as `/proc/<pid>/stat` shows it. */
export interface ProcessInfo {
  pid: number;
  pgid: number;
  /** Single-letter state: R, S, D, Z (zombie), ... */
  state: string;
  command: string;
}

/** Reads `/proc/<pid>/stat`; undefined when the process does not exist (or no procfs). */
export function readProcessInfo(pid: number): ProcessInfo | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const open = stat.indexOf('(');
    const close = stat.lastIndexOf(')');
    const rest = stat.slice(close + 2).split(' ');
    return {
      pid,
      command: stat.slice(open + 1, close),
      state: rest[0],
      pgid: Number(rest[2]),
    };
  } catch {
    return undefined;
  }
}

/**
 * True while `pid` exists and is not a zombie. Zombies count as gone: they hold no
 * resources, and on some machines nothing reaps orphans re-parented to PID 1.
 */
export function isProcessAlive(pid: number): boolean {
  const info = readProcessInfo(pid);
  if (info) {
    return info.state !== 'Z' && info.state !== 'X';
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Live (non-zombie) processes whose process group is one of `pgids`. */
export function liveProcessesInGroups(pgids: number[]): ProcessInfo[] {
  const wanted = new Set(pgids);
  const found: ProcessInfo[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return pgids
      .filter(isProcessAlive)
      .map(pid => ({ pid, pgid: pid, state: '?', command: '?' }));
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const info = readProcessInfo(Number(entry));
    if (
      info &&
      wanted.has(info.pgid) &&
      info.state !== 'Z' &&
      info.state !== 'X'
    ) {
      found.push(info);
    }
  }
  return found;
}
