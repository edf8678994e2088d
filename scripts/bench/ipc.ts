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
}

/** Replica → parent. */
export type ReplicaMessage =
  | { type: 'ready'; port: number }
  | { type: 'rss'; rss: number; peak: number }
  | { type: 'synced'; entities: number; ms: number; line: string }
  | { type: 'failed'; error: string };
