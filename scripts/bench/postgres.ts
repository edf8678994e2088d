// The benchmark's PostgreSQL databases: one set per run, named by a prefix, dropped at the end.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dropPostgresDatabases } from '@internal/kratix-testenv';

/** A prefix no other run shares; the backend appends the plugin id (`…_catalog`). */
export function newPrefix() {
  return `bench_${process.pid}_${Date.now()}_`;
}

/** Drops every database whose name starts with one of `prefixes`; answers their names. */
export async function dropDatabases(url: string, prefixes: string[]) {
  const names: string[] = [];
  for (const prefix of prefixes) {
    names.push(...(await dropPostgresDatabases(url, prefix)));
  }
  return names;
}

let ticksPerSecond: number | undefined;

/**
 * The CPU time (user + system, ms) the local PostgreSQL server has used: its live
 * processes' own time plus what the postmaster collected from the backends that ended
 * (a backend's time goes to its parent when it exits). Linux only; undefined elsewhere.
 * Every client of that server counts, so other work on it shows up too.
 */
export function postgresCpuMs(): number | undefined {
  try {
    ticksPerSecond ??= Number(
      execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim(),
    );
    let ticks = 0;
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      let stat: string;
      try {
        stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      } catch {
        continue; // gone meanwhile
      }
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (comm !== 'postgres') continue;
      // Fields after "(comm) ": state ppid ... utime(14) stime(15) cutime(16) cstime(17).
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
      ticks += Number(fields[13]) + Number(fields[14]);
    }
    return (ticks / ticksPerSecond) * 1000;
  } catch {
    return undefined;
  }
}
