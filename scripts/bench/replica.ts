/* eslint-disable no-console */
// One backend replica of the catalog benchmark, forked by scripts/bench-catalog.ts: the
// catalog with the Kratix provider, alone in its process so its RSS is its own.
import {
  coreServices,
  createBackendModule,
  createServiceFactory,
  type LoggerService,
  type RootLoggerService,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import scaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import type { JsonObject } from '@backstage/types';
import catalogModuleKratix from '@kratix-backstage/plugin-catalog-backend-module-kratix';
import {
  kratixPlatformsServiceFactory,
  kratixPlugin,
} from '@kratix-backstage/plugin-kratix-backend';
import { floorModule } from './floor';
import type { ReplicaMessage, ReplicaOptions } from './ipc';

const options: ReplicaOptions = JSON.parse(process.env.BENCH_REPLICA ?? '{}');
const tag = `[replica ${options.index}]`;

function send(message: ReplicaMessage) {
  if (process.connected) process.send!(message);
}

// The provider's summary line, e.g. "Synced 1032 entities from Kratix platform bench in 812 ms (0 skipped)".
const SYNCED = /^Synced (\d+) entities from Kratix platform .* in (\d+) ms/;

/** Prints warnings and errors, and forwards the provider's sync summaries to the parent. */
class BenchLogger implements RootLoggerService {
  constructor(private readonly meta: JsonObject = {}) {}

  error(message: string, meta?: Error | JsonObject) {
    console.error(tag, 'error', message, meta ?? '', this.meta);
  }

  warn(message: string, meta?: Error | JsonObject) {
    console.error(tag, 'warn', message, meta ?? '', this.meta);
  }

  info(message: string) {
    const synced = SYNCED.exec(message);
    if (synced) {
      send({
        type: 'synced',
        entities: Number(synced[1]),
        ms: Number(synced[2]),
        line: message,
      });
    }
    if (options.verbose && (synced || this.meta.plugin !== 'catalog')) {
      console.log(tag, message);
    }
  }

  debug() {}

  child(meta: JsonObject): LoggerService {
    return new BenchLogger({ ...this.meta, ...meta });
  }
}

const rootLoggerFactory = createServiceFactory({
  service: coreServices.rootLogger,
  deps: {},
  factory: () => new BenchLogger(),
});

/**
 * Samples RSS often (a short allocation burst would slip between 250 ms reports) and
 * reports it every 250 ms; the kernel's maxRSS covers what sampling misses.
 */
function reportMemory() {
  let peak = 0;
  let samples = 0;
  setInterval(() => {
    const rss = process.memoryUsage.rss();
    peak = Math.max(peak, rss, process.resourceUsage().maxRSS * 1024);
    if (++samples % 5 === 0) {
      const cpu = process.cpuUsage();
      send({ type: 'rss', rss, peak, cpuMs: (cpu.user + cpu.system) / 1000 });
    }
    if (process.env.BENCH_HEAPLOG && samples % 40 === 0) {
      const m = process.memoryUsage();
      const mb = (n: number) => Math.round(n / 2 ** 20);
      console.log(
        tag,
        `rss ${mb(m.rss)} heapTotal ${mb(m.heapTotal)} heapUsed ${mb(
          m.heapUsed,
        )} external ${mb(m.external)} arrayBuffers ${mb(m.arrayBuffers)}`,
      );
    }
  }, 50).unref();
}

/**
 * With BENCH_PROGRESS, the catalog's own progress every second (while it changes), read
 * from its tables: entities handed over by providers, processed, relation rows, waiting
 * to be stitched, and stitched (visible). Where the time of a sync goes.
 */
const catalogProbe = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'bench-probe',
  register(env) {
    env.registerInit({
      deps: { database: coreServices.database },
      async init({ database }) {
        const knex = await database.getClient();
        const started = Date.now();
        let last = '';
        const count = async (table: string, where?: string) => {
          const query = knex(table).count({ n: '*' });
          if (where) query.whereNotNull(where);
          const [row] = await query;
          return Number(row.n);
        };
        setInterval(async () => {
          try {
            const line = `refresh_state ${await count(
              'refresh_state',
            )}, processed ${await count(
              'refresh_state',
              'result_hash',
            )}, relations ${await count(
              'relations',
            )}, stitch_queue ${await count(
              'stitch_queue',
            )}, final_entities ${await count(
              'final_entities',
            )}, search ${await count('search')}`;
            if (line !== last) {
              last = line;
              console.log(
                tag,
                `${((Date.now() - started) / 1000).toFixed(0)} s: ${line}`,
              );
            }
          } catch {
            // tables not there yet (migrations), or shutting down
          }
        }, 1000).unref();
      },
    });
  },
});

/**
 * With BENCH_QUERIES=1, counts the catalog's database queries by statement and table
 * (what each entity costs the engine), printed when the replica stops.
 */
const queryCounts = new Map<string, number>();
const catalogQueryCounter = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'bench-queries',
  register(env) {
    env.registerInit({
      deps: { database: coreServices.database },
      async init({ database }) {
        const knex = await database.getClient();
        knex.on('query', (query: { sql?: string }) => {
          const sql = String(query.sql ?? '').replace(/\s+/g, ' ');
          const verb = sql.split(' ')[0].toLowerCase();
          const table =
            /(?:from|into|update|join) [`"]?(\w+)/i.exec(sql)?.[1] ?? '?';
          const key = `${verb} ${table}`;
          queryCounts.set(key, (queryCounts.get(key) ?? 0) + 1);
        });
      },
    });
  },
});

function printQueryCounts() {
  if (!queryCounts.size) return;
  const total = [...queryCounts.values()].reduce((a, b) => a + b, 0);
  console.log(
    tag,
    `catalog queries (${options.provider ?? 'kratix'}): ${total} in all; ${[
      ...queryCounts,
    ]
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')}`,
  );
}

let backend: Awaited<ReturnType<typeof startTestBackend>> | undefined;
let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  printQueryCounts();
  await backend?.stop().catch(error => console.error(tag, 'stop', error));
  process.exit(0);
}
process.on('SIGTERM', stop);
// The parent is gone (even killed): never outlive it.
process.on('disconnect', stop);

async function main() {
  reportMemory();
  backend = await startTestBackend({
    features: [
      catalogPlugin,
      scaffolderEntityModel,
      !options.provider || options.provider === 'kratix'
        ? catalogModuleKratix
        : floorModule(options.schedule as any, options.provider),
      kratixPlatformsServiceFactory,
      ...(options.rest ? [kratixPlugin] : []),
      ...(options.verbose ? [catalogProbe] : []),
      ...(process.env.BENCH_QUERIES ? [catalogQueryCounter] : []),
      // The real scheduler: the provider's task is a lease that repeats, and with
      // PostgreSQL only one replica holds it at a time.
      schedulerServiceFactory,
      rootLoggerFactory,
      // The real database service: SQLite in memory, or PostgreSQL.
      mockServices.database.factory(),
      mockServices.rootConfig.factory({
        data: {
          backend: { database: options.database },
          catalog: {
            rules: [{ allow: ['Component', 'Resource', 'Template'] }],
            // Backstage's default re-processes every entity every 100-150 s; the
            // benchmark times ingestion alone unless BENCH_PROCESSING_INTERVAL_S says.
            ...(options.processingIntervalS === 0
              ? {}
              : {
                  processingInterval: {
                    seconds: options.processingIntervalS ?? 1800,
                  },
                }),
          },
          kratix: {
            catalog: { schedule: options.schedule },
            platforms: [
              {
                name: 'bench',
                kubeconfig: {
                  path: options.kubeconfigPath,
                  context: options.kubeconfigContext,
                },
              },
            ],
          },
        },
      }),
    ],
  });
  const cpu = process.cpuUsage();
  send({
    type: 'ready',
    port: backend.server.port(),
    cpuMs: (cpu.user + cpu.system) / 1000,
  });
}

main().catch(error => {
  console.error(tag, error);
  send({ type: 'failed', error: String(error?.stack ?? error) });
  process.exit(1);
});
