// The parent's side of the benchmark replicas: forks them, follows what they report,
// and makes sure none outlives the run.
import { type ChildProcess, fork } from 'node:child_process';
import { resolve } from 'node:path';
import { mockCredentials } from '@backstage/backend-test-utils';
import type { ReplicaMessage, ReplicaOptions } from './ipc';

const live = new Set<Replica>();

/** A backend replica in its own process (scripts/bench/replica.ts). */
export class Replica {
  readonly child: ChildProcess;
  port?: number;
  rss = 0;
  peak = 0;
  /** CPU time (user + system) used so far, as last reported (every 250 ms). */
  cpuMs = 0;
  /** CPU time used by the time the backend listened (start-up: modules, migrations). */
  readyCpuMs = 0;
  readonly synced: Array<{ entities: number; ms: number; at: number }> = [];
  private readonly ready: Promise<number>;
  private readonly exited: Promise<void>;

  constructor(readonly options: ReplicaOptions) {
    this.child = fork(resolve(__dirname, 'replica.ts'), [], {
      // Same flags as bench-catalog.sh (the TypeScript transform, gc), with the heap
      // limit of BENCH_REPLICA_HEAP_MB when set, else node's default as a backend has.
      execArgv: [
        ...process.execArgv.filter(a => !a.startsWith('--max-old-space-size')),
        ...(process.env.BENCH_REPLICA_HEAP_MB
          ? [`--max-old-space-size=${process.env.BENCH_REPLICA_HEAP_MB}`]
          : []),
      ],
      env: { ...process.env, BENCH_REPLICA: JSON.stringify(options) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    live.add(this);
    this.exited = new Promise(done =>
      this.child.once('exit', () => {
        live.delete(this);
        done();
      }),
    );
    this.ready = new Promise((ok, fail) => {
      this.child.on('message', (message: ReplicaMessage) => {
        if (message.type === 'ready') {
          this.port = message.port;
          this.readyCpuMs = message.cpuMs;
          ok(message.port);
        } else if (message.type === 'rss') {
          this.rss = message.rss;
          this.cpuMs = message.cpuMs;
          this.peak = Math.max(this.peak, message.peak);
        } else if (message.type === 'synced') {
          this.synced.push({ ...message, at: performance.now() });
        } else if (message.type === 'failed') {
          fail(new Error(`replica ${options.index}: ${message.error}`));
        }
      });
      this.child.once('exit', code =>
        fail(new Error(`replica ${options.index} exited (${code})`)),
      );
    });
    // Never an unhandled rejection when nobody waits for readiness.
    this.ready.catch(() => {});
  }

  /** The backend's port once it listens. */
  started(): Promise<number> {
    return this.ready;
  }

  /** GET on this replica's backend, as a user. */
  async get(path: string): Promise<any> {
    return JSON.parse((await this.getText(path)).body);
  }

  /** GET on this replica's backend, as a user: the body as text and how long it took. */
  async getText(path: string): Promise<{ body: string; ms: number }> {
    const started = performance.now();
    const res = await fetch(`http://127.0.0.1:${this.port}${path}`, {
      headers: { Authorization: mockCredentials.user.header() },
    });
    const body = await res.text();
    if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${body}`);
    return { body, ms: performance.now() - started };
  }

  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  async stop(graceMs = 10_000) {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}

/** Stops every replica still running. */
export async function stopAll() {
  await Promise.all([...live].map(r => r.stop()));
}

// Last resort on any exit: children cannot be waited for here (they also leave when
// their IPC channel closes).
process.once('exit', () => {
  for (const r of live) r.child.kill('SIGKILL');
});
