// The benchmark's PostgreSQL databases: one set per run, named by a prefix, dropped at the end.
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
