/* eslint-disable no-console */
// The backend of the scale benchmark, forked by scripts/bench-scale.ts: the Kratix backend
// plugin (REST API, watch caches, signals, notifier, log archive: everything it starts)
// on the platforms it is given, alone in its process so that its heap and RSS are its own.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import {
  coreServices,
  createServiceFactory,
  type LoggerService,
  type RootLoggerService,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { JsonObject } from '@backstage/types';
import {
  kratixPlatformsServiceFactory,
  kratixPlugin,
} from '@kratix-backstage/plugin-kratix-backend';

/** Passed in BENCH_SCALE_BACKEND, as JSON. */
export interface ScaleBackendOptions {
  /** `kratix.platforms`. */
  platforms: JsonObject[];
  /** Print warnings and errors (BENCH_VERBOSE). */
  verbose: boolean;
  /** More `kratix` config (BENCH_KRATIX_CONFIG). */
  kratix?: JsonObject;
}

/** Backend → parent. */
export type ScaleBackendMessage =
  | { type: 'ready'; port: number }
  | {
      type: 'memory';
      heapUsed: number;
      rss: number;
      external: number;
      arrayBuffers: number;
      peakRss: number;
      /** The longest the event loop was blocked since the last report, in ms. */
      maxLoopDelayMs: number;
    }
  | { type: 'cpu'; percent: number }
  | { type: 'failed'; error: string };

/** Parent → backend. */
export type ScaleBackendCommand = { type: 'memory' } | { type: 'cpu' };

const options: ScaleBackendOptions = JSON.parse(
  process.env.BENCH_SCALE_BACKEND ?? '{}',
);

function send(message: ScaleBackendMessage) {
  if (process.connected) process.send!(message);
}

/** Warnings and errors only, and only with BENCH_VERBOSE: the figures are the output. */
class QuietLogger implements RootLoggerService {
  error(message: string, meta?: Error | JsonObject) {
    if (options.verbose) console.error('[backend] error', message, meta ?? '');
  }
  warn(message: string, meta?: Error | JsonObject) {
    if (options.verbose) console.error('[backend] warn', message, meta ?? '');
  }
  info() {}
  debug() {}
  child(): LoggerService {
    return this;
  }
}

// How long the event loop is blocked (a request arriving then waits that long).
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();

// The peak RSS, sampled often (a burst between two samples shows in the kernel's maxRSS).
let peakRss = 0;
setInterval(() => {
  peakRss = Math.max(
    peakRss,
    process.memoryUsage.rss(),
    process.resourceUsage().maxRSS * 1024,
  );
}, 50).unref();

function collect() {
  // Twice: the first full collection can leave work for finalisers.
  global.gc?.();
  global.gc?.();
}

process.on('message', (command: ScaleBackendCommand) => {
  if (command.type === 'cpu') {
    // The process's CPU time over the next second, in percent of one core.
    const before = process.cpuUsage();
    setTimeout(() => {
      const used = process.cpuUsage(before);
      send({ type: 'cpu', percent: (used.user + used.system) / 10_000 });
    }, 1000);
    return;
  }
  if (command.type === 'memory') {
    collect();
    const m = process.memoryUsage();
    send({
      type: 'memory',
      heapUsed: m.heapUsed,
      rss: m.rss,
      external: m.external,
      arrayBuffers: m.arrayBuffers,
      peakRss: Math.max(peakRss, m.rss),
      maxLoopDelayMs: loopDelay.max / 1e6,
    });
    loopDelay.reset();
  }
});

let backend: Awaited<ReturnType<typeof startTestBackend>> | undefined;
let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await backend?.stop().catch(error => console.error('[backend] stop', error));
  process.exit(0);
}
process.on('SIGTERM', stop);
// The parent is gone (even killed): never outlive it.
process.on('disconnect', stop);

async function main() {
  backend = await startTestBackend({
    features: [
      kratixPlugin,
      kratixPlatformsServiceFactory,
      createServiceFactory({
        service: coreServices.rootLogger,
        deps: {},
        factory: () => new QuietLogger(),
      }),
      mockServices.database.factory(),
      mockServices.rootConfig.factory({
        data: {
          backend: {
            database: { client: 'better-sqlite3', connection: ':memory:' },
          },
          kratix: { ...options.kratix, platforms: options.platforms },
        },
      }),
    ],
  });
  // What follows (the caches filling) is measured from here, not the modules' loading.
  loopDelay.reset();
  send({ type: 'ready', port: backend.server.port() });
}

main().catch(error => {
  console.error('[backend]', error);
  send({ type: 'failed', error: String(error?.stack ?? error) });
  process.exit(1);
});
