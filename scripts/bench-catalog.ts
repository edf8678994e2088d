/* eslint-disable no-console */
// The Kratix catalog benchmark; run it through scripts/bench-catalog.sh.
import {
  CustomObjectsApi,
  type KubeConfig,
  KubernetesObjectApi,
  PatchStrategy,
  setHeaderOptions,
} from '@kubernetes/client-node';
import {
  crdForClient,
  resolveReferenceData,
  startKratixTestEnvironment,
} from '@internal/kratix-testenv';
import type { JsonObject } from '@backstage/types';
import { SHAPES } from './bench/floor';
import { Replica, stopAll } from './bench/fleet';
import { dropDatabases, newPrefix, postgresCpuMs } from './bench/postgres';

const PROMISES = Number(process.env.BENCH_PROMISES ?? 10);
const REPLICAS = Number(process.env.BENCH_REPLICAS ?? 1);
const DATABASE_URL = process.env.BENCH_DATABASE_URL;
type Database = 'sqlite' | 'postgres';
/**
 * The catalog databases, each timed in turn on the same cluster: BENCH_DATABASE
 * ("sqlite", "postgres" or "sqlite,postgres"; bench-catalog.sh gets PostgreSQL's URL from
 * scripts/postgres.sh), else PostgreSQL when BENCH_DATABASE_URL is set, else SQLite.
 */
const DATABASES: Database[] = (
  process.env.BENCH_DATABASE ?? (DATABASE_URL ? 'postgres' : 'sqlite')
)
  .split(',')
  .map(d => d.trim())
  .filter(Boolean)
  .map(d => {
    if (d !== 'sqlite' && d !== 'postgres') {
      throw new Error(`BENCH_DATABASE: "${d}" is neither sqlite nor postgres`);
    }
    return d;
  });
const DATABASE_NAMES: Record<Database, string> = {
  sqlite: 'SQLite',
  postgres: 'PostgreSQL',
};
const PROGRESS = Boolean(process.env.BENCH_PROGRESS);
const REST = Boolean(process.env.BENCH_REST);
// The floor (scripts/bench/floor.ts) runs in the same run unless BENCH_FLOOR=0; each
// round times ours and the floor, alternating which goes first.
const FLOOR = process.env.BENCH_FLOOR !== '0';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 1);
// Other shapes the trivial provider hands over in each round (scripts/bench/floor.ts):
// what each part of our entities costs the catalog.
const SHAPE_NAMES = (process.env.BENCH_SHAPES ?? '')
  .split(',')
  .map(s => s.trim())
  .filter(Boolean);
for (const shape of SHAPE_NAMES) {
  if (!SHAPES[shape]) {
    throw new Error(
      `BENCH_SHAPES: unknown shape "${shape}" (${Object.keys(SHAPES).join(
        ', ',
      )})`,
    );
  }
}
// catalog.processingInterval of the replicas, in seconds (0: Backstage's default, a
// random 100-150 s); and a window after the sync in which their CPU use is measured
// while nothing changes, followed by the change latency again.
const PROCESSING_INTERVAL_S = Number(
  process.env.BENCH_PROCESSING_INTERVAL_S ?? 1800,
);
const IDLE_S = Number(process.env.BENCH_IDLE_S ?? 0);
const SIZES = process.argv.slice(2).map(Number).filter(Boolean);
const GROUP = 'bench.kratix.io';
const MB = 1024 * 1024;

function benchPromise(i: number) {
  const kind = `Bench${i}`;
  const plural = `bench${i}s`;
  return {
    apiVersion: 'platform.kratix.io/v1alpha1',
    kind: 'Promise',
    metadata: { name: `bench-${i}` },
    spec: {
      api: {
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: `${plural}.${GROUP}` },
        spec: {
          group: GROUP,
          scope: 'Namespaced',
          names: { kind, plural, singular: `bench${i}` },
          versions: [
            {
              name: 'v1',
              served: true,
              storage: true,
              schema: {
                openAPIV3Schema: {
                  type: 'object',
                  properties: {
                    spec: {
                      type: 'object',
                      required: ['size'],
                      properties: {
                        size: { type: 'string', enum: ['s', 'm', 'l'] },
                        replicas: { type: 'integer', minimum: 1, maximum: 9 },
                        owner: { type: 'string' },
                      },
                    },
                  },
                },
              },
            },
          ],
        },
      },
    },
  };
}

async function pool<T>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<unknown>,
) {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

/** Promises and CRDs first, then `total` requests spread over the Promises. */
async function load(kc: KubeConfig, from: number, total: number) {
  const objects = KubernetesObjectApi.makeApiClient(kc);
  const custom = kc.makeApiClient(CustomObjectsApi);
  if (from === 0) {
    for (let i = 0; i < PROMISES; i++) {
      const promise = benchPromise(i);
      await objects.create(promise as any);
      // Through client-node's typed model: crdForClient keeps enum and minimum.
      await objects.create(crdForClient(promise.spec.api) as any);
    }
    await new Promise(r => setTimeout(r, 3000)); // CRDs established
  }
  const indexes = Array.from({ length: total - from }, (_, k) => from + k);
  await pool(indexes, 128, async n => {
    const i = n % PROMISES;
    await custom.createNamespacedCustomObject({
      group: GROUP,
      version: 'v1',
      plural: `bench${i}s`,
      namespace: 'default',
      body: {
        apiVersion: `${GROUP}/v1`,
        kind: `Bench${i}`,
        metadata: {
          name: `req-${n}`,
          annotations: {
            'backstage.io/kratix-requester': `user:default/u${n % 50}`,
          },
        },
        spec: { size: 'm', replicas: 2, owner: `team-${n % 7}` },
      },
    });
  });
}

/** The raw paginated LIST (500 a page) of every Promise and request. */
async function rawList(kc: KubeConfig) {
  const custom = kc.makeApiClient(CustomObjectsApi);
  const started = performance.now();
  let count = 0;
  const listAll = async (group: string, version: string, plural: string) => {
    let _continue: string | undefined;
    do {
      const page: any = await custom.listClusterCustomObject({
        group,
        version,
        plural,
        limit: 500,
        _continue,
      });
      count += page.items.length;
      _continue = page.metadata?.continue || undefined;
    } while (_continue);
  };
  await listAll('platform.kratix.io', 'v1alpha1', 'promises');
  for (let i = 0; i < PROMISES; i++) await listAll(GROUP, 'v1', `bench${i}s`);
  return { ms: performance.now() - started, count };
}

const REQUESTER = 'backstage.io/kratix-requester';
// The provider's lease (kratix.catalog.schedule); BENCH_LEASE_S shortens it to see the
// cost of the full syncs that start later leases (each is a "Synced" line).
const LEASE_S = Number(process.env.BENCH_LEASE_S ?? 600);
const SCHEDULE = {
  frequency: { seconds: LEASE_S },
  timeout: { seconds: LEASE_S + 60 },
};
/** Database prefixes used by this run, all dropped at the end. */
const prefixes: string[] = [];

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** SQLite in memory, or a fresh set of PostgreSQL databases (one prefix) per call. */
function databaseConfig(database: Database): JsonObject {
  if (database === 'sqlite') {
    return { client: 'better-sqlite3', connection: ':memory:' };
  }
  if (!DATABASE_URL) {
    throw new Error(
      'PostgreSQL needs BENCH_DATABASE_URL (bench-catalog.sh sets it from scripts/postgres.sh)',
    );
  }
  const prefix = newPrefix();
  prefixes.push(prefix);
  return { client: 'pg', connection: DATABASE_URL, prefix };
}

/**
 * Forks `count` replicas sharing one database. The others are forked once replica 0
 * listens, i.e. has migrated the fresh database: knex fails a migration that finds
 * the migration table locked by another replica.
 */
async function startFleet(
  kubeconfigPath: string,
  count: number,
  db: Database,
  provider: Provider = 'kratix',
) {
  const database = databaseConfig(db);
  const replica = (index: number) =>
    new Replica({
      index,
      database,
      kubeconfigPath,
      kubeconfigContext: 'platform',
      schedule: SCHEDULE,
      verbose: PROGRESS,
      rest: REST && provider === 'kratix',
      provider,
      processingIntervalS: PROCESSING_INTERVAL_S,
    });
  const fleet = [replica(0)];
  await fleet[0].started();
  for (let i = 1; i < count; i++) fleet.push(replica(i));
  return fleet;
}

/** Calls `probe` every `everyMs` until `done`; answers the elapsed ms, or undefined at `capMs`. */
async function until<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  everyMs: number,
  capMs: number,
  started = performance.now(),
  onProbe?: (value: T, elapsedMs: number) => void,
): Promise<number | undefined> {
  for (;;) {
    const value = await probe();
    const elapsed = performance.now() - started;
    onProbe?.(value, elapsed);
    if (done(value)) return elapsed;
    if (elapsed > capMs) return undefined;
    await sleep(everyMs);
  }
}

/** Our Kratix module, or the trivial provider handing over one of SHAPES ('floor' …). */
type Provider = string;

const REQUESTS_QUERY =
  '/api/catalog/entities/by-query?filter=kind=resource,spec.type=kratix-resource';

/** How many of the provider's request entities the catalog shows (stitched, searchable). */
async function requestsInCatalog(replica: Replica, provider: Provider) {
  let query = REQUESTS_QUERY;
  if (provider !== 'kratix') {
    const { kind, type } = SHAPES[provider].count;
    query = `/api/catalog/entities/by-query?filter=kind=${kind.toLowerCase()},spec.type=${type}`;
  }
  const page = await replica.get(`${query}&limit=1`);
  return Number(page.totalItems ?? 0);
}

/** The catalog entity of request `name` (by its kratix.io/name annotation), if any. */
async function requestEntity(replica: Replica, name: string) {
  const page = await replica.get(
    `${REQUESTS_QUERY},metadata.annotations.kratix.io/name=${name}&limit=1`,
  );
  return page.items?.[0];
}

/** The empty platform's replica, synced and then idle 5 s: its peak RSS. */
async function measureBaseline(kubeconfigPath: string, db: Database) {
  const [replica] = await startFleet(kubeconfigPath, 1, db);
  try {
    const synced = await until(
      async () => replica.synced.length,
      n => n > 0,
      250,
      5 * 60_000,
    );
    if (synced === undefined) throw new Error('baseline replica never synced');
    await sleep(5000);
    return replica.peak;
  } finally {
    await replica.stop();
  }
}

/** How long an update, a creation and a deletion take to show in the catalog. */
async function changeLatency(kc: KubeConfig, replica: Replica, m: number) {
  const custom = kc.makeApiClient(CustomObjectsApi);
  const at = { group: GROUP, version: 'v1', namespace: 'default' };
  // Every 100 ms, for at most 60 s, from just before the change.
  const poll = (
    name: string,
    done: (entity: any) => boolean,
    started: number,
  ) => until(() => requestEntity(replica, name), done, 100, 60_000, started);
  const setRequester = (owner: string) =>
    custom.patchNamespacedCustomObject(
      {
        ...at,
        plural: 'bench0s',
        name: 'req-0',
        body: { metadata: { annotations: { [REQUESTER]: owner } } },
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );

  const changed = 'user:default/bench-changed';
  let started = performance.now();
  await setRequester(changed);
  const update = await poll('req-0', e => e?.spec?.owner === changed, started);
  // As load() made it, so that the next size starts from the same objects.
  await setRequester('user:default/u0');

  const name = `bench-new-${m}`;
  started = performance.now();
  await custom.createNamespacedCustomObject({
    ...at,
    plural: 'bench0s',
    body: {
      apiVersion: `${GROUP}/v1`,
      kind: 'Bench0',
      metadata: { name, annotations: { [REQUESTER]: 'user:default/u0' } },
      spec: { size: 's', replicas: 1, owner: 'team-0' },
    },
  });
  const create = await poll(name, e => Boolean(e), started);

  started = performance.now();
  await custom.deleteNamespacedCustomObject({ ...at, plural: 'bench0s', name });
  const remove = await poll(name, e => !e, started);
  return { update, create, remove };
}

/**
 * The kratix REST API at this size: what the platform overview and a Promise's page load
 * (every request, served from the watch caches). Median of 5 calls, after one warm-up.
 */
async function timeRestApi(replica: Replica, m: number) {
  for (const path of [
    '/api/kratix/requests',
    '/api/kratix/platforms/bench/promises/bench-0/requests',
  ]) {
    await replica.getText(path);
    const calls = [];
    for (let i = 0; i < 5; i++) calls.push(await replica.getText(path));
    const ms = calls.map(c => c.ms).sort((a, b) => a - b)[2];
    const items = JSON.parse(calls[0].body).items?.length;
    console.log(
      `REST at M=${m}: GET ${path}: ${items} items, ${(
        calls[0].body.length / MB
      ).toFixed(1)} MB, median ${ms.toFixed(0)} ms`,
    );
  }
}

/** Forks the replicas and times them from the fork until M request entities are in the catalog. */
async function ingest(
  kubeconfigPath: string,
  m: number,
  db: Database,
  provider: Provider,
) {
  const started = performance.now();
  const pgCpuBefore = db === 'postgres' ? postgresCpuMs() : undefined;
  const fleet = await startFleet(kubeconfigPath, REPLICAS, db, provider);
  try {
    let lastReport = -Infinity;
    const catalogMs = await until(
      () => requestsInCatalog(fleet[0], provider),
      seen => seen >= m,
      250,
      15 * 60_000,
      started,
      (seen, elapsed) => {
        if (PROGRESS && elapsed - lastReport >= 1000) {
          lastReport = elapsed;
          console.log(
            `  ${provider} ${(elapsed / 1000).toFixed(
              1,
            )} s: ${seen} in catalog`,
          );
        }
      },
    );
    if (catalogMs === undefined) {
      throw new Error(
        `${m} ${provider} entities not in the catalog after 15 minutes`,
      );
    }
    // CPU time from fork to M in the catalog: the replicas' (with SQLite, the database's
    // work too), plus the PostgreSQL server's. Steadier than wall time on a busy machine.
    const pgCpuAfter = db === 'postgres' ? postgresCpuMs() : undefined;
    const cpuMs =
      fleet.reduce((sum, r) => sum + r.cpuMs, 0) +
      (pgCpuBefore !== undefined && pgCpuAfter !== undefined
        ? pgCpuAfter - pgCpuBefore
        : 0);
    await Promise.all(fleet.map(r => r.started()));
    // Without the start-up (loading modules, migrations): what ingestion itself cost.
    const ingestCpuMs = cpuMs - fleet.reduce((sum, r) => sum + r.readyCpuMs, 0);
    return { fleet, catalogMs, cpuMs, ingestCpuMs };
  } catch (error) {
    await Promise.all(fleet.map(r => r.stop()));
    throw error;
  }
}

/** The full sync of the replica that held the provider's lease first, and the later ones. */
function firstSync(fleet: Replica[]) {
  const syncs = fleet.flatMap(r => r.synced).sort((a, b) => a.at - b.at);
  if (syncs.length > 1) {
    console.log(
      `Full syncs of later leases (entities already in the catalog): ${syncs
        .slice(1)
        .map(x => `${x.ms} ms`)
        .join(', ')}`,
    );
  }
  return syncs[0]?.ms;
}

/** Our replicas from fork to M requests in the catalog, then change latency and memory. */
async function syncOnce(
  kubeconfigPath: string,
  kc: KubeConfig,
  m: number,
  db: Database,
) {
  const { fleet, catalogMs, cpuMs, ingestCpuMs } = await ingest(
    kubeconfigPath,
    m,
    db,
    'kratix',
  );
  try {
    const latency = await changeLatency(kc, fleet[0], m);
    if (REST) await timeRestApi(fleet[0], m);
    if (IDLE_S > 0) await measureIdle(kc, fleet, m, db);
    return {
      catalogMs,
      cpuMs,
      ingestCpuMs,
      syncMs: firstSync(fleet),
      peaks: fleet.map(r => r.peak),
      latency,
    };
  } finally {
    await Promise.all(fleet.map(r => r.stop()));
  }
}

/**
 * With nothing changing on the platform: the CPU the replicas (and the PostgreSQL
 * server) use during BENCH_IDLE_S, as a share of one core, then how long changes take to
 * show. What catalog.processingInterval costs once everything is in.
 */
async function measureIdle(
  kc: KubeConfig,
  fleet: Replica[],
  m: number,
  db: Database,
) {
  const cpu = () =>
    fleet.reduce((sum, r) => sum + r.cpuMs, 0) +
    (db === 'postgres' ? postgresCpuMs() ?? 0 : 0);
  const before = cpu();
  const started = performance.now();
  await sleep(IDLE_S * 1000);
  const share = (cpu() - before) / (performance.now() - started);
  const { update, create, remove } = await changeLatency(kc, fleet[0], m);
  console.log(
    `Idle ${IDLE_S} s after the sync (processingInterval ${
      PROCESSING_INTERVAL_S || 'default'
    }${PROCESSING_INTERVAL_S ? ' s' : ''}, ${
      DATABASE_NAMES[db]
    }, M=${m}): CPU ${(share * 100).toFixed(0)}% of one core (replicas${
      db === 'postgres' ? ' + PostgreSQL server' : ''
    }); then update / create / delete visible in ${visible(update)} / ${visible(
      create,
    )} / ${visible(remove)} ms`,
  );
}

/** The floor's replicas, set up as ours, from fork to M minimal entities in the catalog. */
async function floorOnce(
  kubeconfigPath: string,
  m: number,
  db: Database,
  shape = 'floor',
) {
  const { fleet, catalogMs, cpuMs, ingestCpuMs } = await ingest(
    kubeconfigPath,
    m,
    db,
    shape,
  );
  try {
    return {
      catalogMs,
      cpuMs,
      ingestCpuMs,
      syncMs: firstSync(fleet),
      peaks: fleet.map(r => r.peak),
    };
  } finally {
    await Promise.all(fleet.map(r => r.stop()));
  }
}

/** One run: its time and CPU, and its ratios to a floor run. */
function describe(
  run: { catalogMs: number; cpuMs: number; ingestCpuMs: number },
  floor?: { catalogMs: number; cpuMs: number; ingestCpuMs: number },
) {
  return `${seconds(run.catalogMs)} s (CPU ${seconds(run.cpuMs)} s, ${seconds(
    run.ingestCpuMs,
  )} s after start-up)${
    floor
      ? `, ${(run.catalogMs / floor.catalogMs).toFixed(
          2,
        )}x the floor (CPU after start-up ${(
          run.ingestCpuMs / floor.ingestCpuMs
        ).toFixed(2)}x)`
      : ''
  }`;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const seconds = (ms?: number) =>
  ms === undefined ? 'n/a' : (ms / 1000).toFixed(2);
const mb = (bytes: number) => (bytes / MB).toFixed(0);
const visible = (ms?: number) => (ms === undefined ? '>60000' : ms.toFixed(0));

/** The command that produced the figures: the BENCH_* settings and the sizes. */
function commandLine() {
  const settings = Object.keys(process.env)
    .filter(k => k.startsWith('BENCH_') && k !== 'BENCH_REPLICA')
    .sort()
    // The URL holds a password; BENCH_DATABASE=postgres makes bench-catalog.sh ask
    // scripts/postgres.sh for it, which is how to repeat the run.
    .filter(k => !(k === 'BENCH_DATABASE_URL' && process.env.BENCH_DATABASE))
    .map(k =>
      k === 'BENCH_DATABASE_URL'
        ? 'BENCH_DATABASE_URL=$(scripts/postgres.sh | tail -1)'
        : `${k}=${process.env[k]}`,
    );
  return [...settings, 'scripts/bench-catalog.sh', ...process.argv.slice(2)]
    .join(' ')
    .trim();
}

async function main() {
  if (!Number.isInteger(REPLICAS) || REPLICAS < 1) {
    throw new Error(
      `BENCH_REPLICAS must be a positive integer, not ${REPLICAS}`,
    );
  }
  if (!Number.isInteger(ROUNDS) || ROUNDS < 1) {
    throw new Error(`BENCH_ROUNDS must be a positive integer, not ${ROUNDS}`);
  }
  if (REPLICAS > 1 && DATABASES.includes('sqlite')) {
    throw new Error(
      'BENCH_REPLICAS > 1 needs PostgreSQL (BENCH_DATABASE=postgres): the replicas share one catalog database, which SQLite in memory cannot be',
    );
  }
  const command = commandLine();
  console.log(`Command: ${command}`);
  console.log(
    `Catalog databases: ${DATABASES.map(d => DATABASE_NAMES[d]).join(
      ', ',
    )}; ${REPLICAS} replica(s); ${ROUNDS} round(s)${
      FLOOR ? ', each timing ours and the floor' : ''
    }`,
  );
  const sizes = SIZES.length ? SIZES : [1000, 10000];
  const env = await startKratixTestEnvironment({
    flux: false,
    crdDirs: { kratix: resolveReferenceData().kratixCrdDir },
  });
  const rows: string[] = [];
  const shapeRows: Record<
    string,
    {
      db: Database;
      m: number;
      shape: string;
      runs: Array<{
        catalogMs: number;
        cpuMs: number;
        ingestCpuMs: number;
        floor?: { catalogMs: number; cpuMs: number; ingestCpuMs: number };
      }>;
    }
  > = {};
  // Ctrl-C or a kill: stop waiting and run the clean-up below (replicas, databases).
  const interrupted = new Promise<never>((_, reject) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => reject(new Error(`Interrupted (${signal})`)));
    }
  });
  const measure = async () => {
    const baselines = new Map<Database, number>();
    for (const db of DATABASES) {
      baselines.set(db, await measureBaseline(env.kubeconfigPath, db));
      console.log(
        `Baseline on ${DATABASE_NAMES[db]} (empty platform, synced + 5 s): ${mb(
          baselines.get(db)!,
        )} MB RSS`,
      );
    }
    let loaded = 0;
    for (const m of sizes) {
      const t = performance.now();
      await load(env.platform.kubeConfig, loaded, m);
      loaded = m;
      console.log(
        `Loaded ${PROMISES} Promises and ${m} requests in ${seconds(
          performance.now() - t,
        )} s`,
      );
      const list = await rawList(env.platform.kubeConfig);
      for (const db of DATABASES) {
        const ours: Array<Awaited<ReturnType<typeof syncOnce>>> = [];
        const floors: Array<Awaited<ReturnType<typeof floorOnce>>> = [];
        for (let round = 0; round < ROUNDS; round++) {
          // Alternate which goes first, so a trend in the machine's load favours neither.
          const order: Provider[] =
            round % 2 === 0 ? ['kratix', 'floor'] : ['floor', 'kratix'];
          for (const provider of FLOOR ? order : ['kratix' as const]) {
            if (provider === 'kratix') {
              ours.push(
                await syncOnce(
                  env.kubeconfigPath,
                  env.platform.kubeConfig,
                  m,
                  db,
                ),
              );
            } else {
              floors.push(await floorOnce(env.kubeconfigPath, m, db));
            }
          }
          // The other shapes after both, each against this round's floor.
          for (const shape of SHAPE_NAMES) {
            const run = await floorOnce(env.kubeconfigPath, m, db, shape);
            const f = floors[floors.length - 1];
            const row = (shapeRows[`${db} ${m} ${shape}`] ??= {
              db,
              m,
              shape,
              runs: [],
            });
            row.runs.push({ ...run, floor: f });
            console.log(
              `${DATABASE_NAMES[db]}, M=${m}, round ${
                round + 1
              }: shape ${shape} ${describe(run, f)}`,
            );
          }
          const o = ours[ours.length - 1];
          console.log(
            `${DATABASE_NAMES[db]}, M=${m}, round ${round + 1}: ours ${describe(
              o,
              floors[floors.length - 1],
            )}${FLOOR ? `; floor ${describe(floors[floors.length - 1])}` : ''}`,
          );
        }
        const baseline = baselines.get(db)!;
        const run = ours[0];
        const catalogMs = median(ours.map(o => o.catalogMs));
        const floorMs = floors.length
          ? median(floors.map(f => f.catalogMs))
          : undefined;
        const ratio = floors.length
          ? median(ours.map((o, i) => o.catalogMs / floors[i].catalogMs))
          : undefined;
        const cpuRatio = floors.length
          ? median(ours.map((o, i) => o.ingestCpuMs / floors[i].ingestCpuMs))
          : undefined;
        const peak = Math.max(...run.peaks);
        const { update, create, remove } = run.latency;
        rows.push(
          `| ${[
            DATABASE_NAMES[db],
            REPLICAS,
            PROMISES,
            m,
            ROUNDS,
            list.count,
            seconds(list.ms),
            seconds(run.syncMs),
            seconds(catalogMs),
            seconds(floorMs),
            ratio === undefined ? 'n/a' : ratio.toFixed(2),
            `${seconds(median(ours.map(o => o.ingestCpuMs)))} / ${
              floors.length
                ? seconds(median(floors.map(f => f.ingestCpuMs)))
                : 'n/a'
            }`,
            cpuRatio === undefined ? 'n/a' : cpuRatio.toFixed(2),
            run.syncMs === undefined
              ? 'n/a'
              : (run.syncMs / list.ms).toFixed(1),
            mb(baseline),
            run.peaks.map(mb).join(' / '),
            floors.length ? floors[0].peaks.map(mb).join(' / ') : 'n/a',
            mb(peak - baseline),
            `${visible(update)} / ${visible(create)} / ${visible(remove)}`,
          ].join(' | ')} |`,
        );
        console.log(rows[rows.length - 1]);
      }
    }
  };
  try {
    await Promise.race([measure(), interrupted]);
  } finally {
    await stopAll();
    await env.stop();
    if (DATABASE_URL && prefixes.length) {
      // The figures stand even when the clean-up fails; say what is left behind.
      await dropDatabases(DATABASE_URL, prefixes).then(
        dropped => console.log(`Dropped ${dropped.length} benchmark databases`),
        error =>
          console.error(
            `Could not drop the databases starting with ${prefixes.join(
              ', ',
            )}: ${error}`,
          ),
      );
    }
  }
  console.log(`\n${command}\n`);
  console.log(
    '| database | replicas | N Promises | M requests | rounds | objects listed | raw LIST s | provider full sync s | backend start → M in catalog s | floor: start → M minimal entities s | ours / floor | ingestion CPU s ours / floor | ingestion CPU ours / floor | provider sync / LIST | baseline RSS MB | peak RSS MB | floor peak RSS MB | extra RSS MB | update / create / delete visible ms |',
  );
  console.log(`|${'---|'.repeat(19)}`);
  rows.forEach(r => console.log(r));
  if (SHAPE_NAMES.length) {
    console.log(
      '\n| database | M requests | rounds | shape (scripts/bench/floor.ts) | start → M in catalog s | ingestion CPU s | / floor | ingestion CPU / floor |',
    );
    console.log(`|${'---|'.repeat(8)}`);
    for (const { db, m, shape, runs } of Object.values(shapeRows)) {
      const withFloor = runs.filter(r => r.floor);
      console.log(
        `| ${[
          DATABASE_NAMES[db],
          m,
          runs.length,
          shape,
          seconds(median(runs.map(r => r.catalogMs))),
          seconds(median(runs.map(r => r.ingestCpuMs))),
          withFloor.length
            ? median(
                withFloor.map(r => r.catalogMs / r.floor!.catalogMs),
              ).toFixed(2)
            : 'n/a',
          withFloor.length
            ? median(
                withFloor.map(r => r.ingestCpuMs / r.floor!.ingestCpuMs),
              ).toFixed(2)
            : 'n/a',
        ].join(' | ')} |`,
      );
    }
  }
}

main().then(
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  },
);
