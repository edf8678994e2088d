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
import { Replica, stopAll } from './bench/fleet';
import { dropDatabases, newPrefix } from './bench/postgres';

const PROMISES = Number(process.env.BENCH_PROMISES ?? 10);
const REPLICAS = Number(process.env.BENCH_REPLICAS ?? 1);
const DATABASE_URL = process.env.BENCH_DATABASE_URL;
const PROGRESS = Boolean(process.env.BENCH_PROGRESS);
const REST = Boolean(process.env.BENCH_REST);
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
function databaseConfig(): JsonObject {
  if (!DATABASE_URL)
    return { client: 'better-sqlite3', connection: ':memory:' };
  const prefix = newPrefix();
  prefixes.push(prefix);
  return { client: 'pg', connection: DATABASE_URL, prefix };
}

/**
 * Forks `count` replicas sharing one database. The others are forked once replica 0
 * listens, i.e. has migrated the fresh database: knex fails a migration that finds
 * the migration table locked by another replica.
 */
async function startFleet(kubeconfigPath: string, count: number) {
  const database = databaseConfig();
  const replica = (index: number) =>
    new Replica({
      index,
      database,
      kubeconfigPath,
      kubeconfigContext: 'platform',
      schedule: SCHEDULE,
      verbose: PROGRESS,
      rest: REST,
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

const REQUESTS_QUERY =
  '/api/catalog/entities/by-query?filter=kind=resource,spec.type=kratix-resource';

async function requestsInCatalog(replica: Replica) {
  const page = await replica.get(`${REQUESTS_QUERY}&limit=1`);
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
async function measureBaseline(kubeconfigPath: string) {
  const [replica] = await startFleet(kubeconfigPath, 1);
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

/** Replicas from fork to M requests in the catalog, then change latency and memory. */
async function syncOnce(kubeconfigPath: string, kc: KubeConfig, m: number) {
  const started = performance.now();
  const fleet = await startFleet(kubeconfigPath, REPLICAS);
  try {
    let lastReport = -Infinity;
    const catalogMs = await until(
      () => requestsInCatalog(fleet[0]),
      seen => seen >= m,
      250,
      15 * 60_000,
      started,
      (seen, elapsed) => {
        if (PROGRESS && elapsed - lastReport >= 1000) {
          lastReport = elapsed;
          console.log(`  ${(elapsed / 1000).toFixed(1)} s: ${seen} in catalog`);
        }
      },
    );
    if (catalogMs === undefined) {
      throw new Error(`${m} requests not in the catalog after 15 minutes`);
    }
    await Promise.all(fleet.map(r => r.started()));
    const latency = await changeLatency(kc, fleet[0], m);
    if (REST) await timeRestApi(fleet[0], m);
    // The full sync of the replica that held the provider's lease first.
    const syncs = fleet.flatMap(r => r.synced).sort((a, b) => a.at - b.at);
    if (syncs.length > 1) {
      console.log(
        `Full syncs of later leases (entities already in the catalog): ${syncs
          .slice(1)
          .map(x => `${x.ms} ms`)
          .join(', ')}`,
      );
    }
    return {
      catalogMs,
      syncMs: syncs[0]?.ms,
      peaks: fleet.map(r => r.peak),
      latency,
    };
  } finally {
    await Promise.all(fleet.map(r => r.stop()));
  }
}

const seconds = (ms?: number) =>
  ms === undefined ? 'n/a' : (ms / 1000).toFixed(2);
const mb = (bytes: number) => (bytes / MB).toFixed(0);
const visible = (ms?: number) => (ms === undefined ? '>60000' : ms.toFixed(0));

async function main() {
  if (!Number.isInteger(REPLICAS) || REPLICAS < 1) {
    throw new Error(
      `BENCH_REPLICAS must be a positive integer, not ${REPLICAS}`,
    );
  }
  if (REPLICAS > 1 && !DATABASE_URL) {
    throw new Error(
      'BENCH_REPLICAS > 1 needs BENCH_DATABASE_URL: the replicas share one catalog database, which SQLite in memory cannot be',
    );
  }
  const databaseName = DATABASE_URL ? 'PostgreSQL' : 'SQLite';
  console.log(`Catalog database: ${databaseName}; ${REPLICAS} replica(s)`);
  const sizes = SIZES.length ? SIZES : [1000, 10000];
  const env = await startKratixTestEnvironment({
    flux: false,
    crdDirs: { kratix: resolveReferenceData().kratixCrdDir },
  });
  const rows: string[] = [];
  // Ctrl-C or a kill: stop waiting and run the clean-up below (replicas, databases).
  const interrupted = new Promise<never>((_, reject) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => reject(new Error(`Interrupted (${signal})`)));
    }
  });
  const measure = async () => {
    const baseline = await measureBaseline(env.kubeconfigPath);
    console.log(
      `Baseline (empty platform, synced + 5 s): ${mb(baseline)} MB RSS`,
    );
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
      const run = await syncOnce(
        env.kubeconfigPath,
        env.platform.kubeConfig,
        m,
      );
      const peak = Math.max(...run.peaks);
      const { update, create, remove } = run.latency;
      rows.push(
        `| ${[
          databaseName,
          REPLICAS,
          PROMISES,
          m,
          list.count,
          seconds(list.ms),
          seconds(run.syncMs),
          seconds(run.catalogMs),
          run.syncMs === undefined ? 'n/a' : (run.syncMs / list.ms).toFixed(1),
          (run.catalogMs / list.ms).toFixed(0),
          mb(baseline),
          run.peaks.map(mb).join(' / '),
          mb(peak - baseline),
          `${visible(update)} / ${visible(create)} / ${visible(remove)}`,
        ].join(' | ')} |`,
      );
      console.log(rows[rows.length - 1]);
    }
  };
  try {
    await Promise.race([measure(), interrupted]);
  } finally {
    await stopAll();
    await env.stop();
    if (DATABASE_URL) {
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
  console.log(
    '\n| database | replicas | N Promises | M requests | objects listed | raw LIST s | provider full sync s | backend start → M in catalog s | provider sync / LIST | catalog / LIST | baseline RSS MB | peak RSS MB | extra RSS MB | update / create / delete visible ms |',
  );
  console.log(`|${'---|'.repeat(14)}`);
  rows.forEach(r => console.log(r));
}

main().then(
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  },
);
