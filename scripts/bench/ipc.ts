// What the benchmark parent and its backend replicas (scripts/bench/replica.ts) exchange.
import type { JsonObject } from '@backstage/types';

/** Passed to a replica in the BENCH_REPLICA environment variable, as JSON. */
export interface ReplicaOptions {
  /** Index in the run, for log prefixes. */
  index: number;
  /** `backend.database` config: SQLite in memory, or PostgreSQL with a prefix. */
  database: JsonObject;
  kubeconfigPath: string;
  kubeconfigContext: string;
  /** The provider's task schedule (`kratix.catalog.schedule`). */
  schedule: JsonObject;
  /** Print the backend's info lines too (BENCH_PROGRESS). */
  verbose: boolean;
  /** Also run the kratix backend plugin, to time its REST API (BENCH_REST). */
  rest?: boolean;
  /**
   * Which entity provider the catalog runs: `kratix` (the Kratix module), or the name of
   * a shape the trivial provider of scripts/bench/floor.ts hands over (`floor`: one
   * minimal entity per request). Default: kratix.
   */
  provider?: string;
  /**
   * `catalog.processingInterval` in seconds (BENCH_PROCESSING_INTERVAL_S); 0 leaves
   * Backstage's default (100-150 s). Default: 1800.
   */
  processingIntervalS?: number;
}

/** Replica → parent. */
export type ReplicaMessage =
  | { type: 'ready'; port: number; cpuMs: number }
  /** Memory, and the CPU time (user + system, ms) the process has used since it started. */
  | { type: 'rss'; rss: number; peak: number; cpuMs: number }
  | { type: 'synced'; entities: number; ms: number; line: string }
  | { type: 'failed'; error: string };
