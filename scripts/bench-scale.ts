/* eslint-disable no-console */
// The scale benchmark of the Kratix backend; run it through scripts/bench-scale.sh.
//
//   scale [N]   N requests (default 100,000) in one platform: a real kube-apiserver and
//               etcd of the test environment; the backend plugin started on it in a child
//               process (scripts/bench-scale.backend.ts). Prints the time until its watch
//               caches hold every request, the heap and RSS they take (against the same
//               backend with no platform), one request's size untrimmed and as cached,
//               and p50/p95 of the REST API's list pages, summary and overview calls.
//   platforms   5 platforms of 2,000 requests each, one of them unreachable (nothing
//               listens on its port; then a server that accepts connections and never
//               answers), against the same 4 live platforms alone... and 1 platform alone:
//               the same calls, what each answered (requests, errors naming the missing
//               platform) and how fast.
import { type ChildProcess, fork } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Agent, fetch } from 'undici';
import { mockCredentials } from '@backstage/backend-test-utils';
import type { JsonObject } from '@backstage/types';
import {
  resolveReferenceData,
  startStandaloneControlPlane,
  type StandaloneControlPlane,
} from '@internal/kratix-testenv';
import {
  pipelineFailedStatus,
  pipelineJob,
  pipelineStartedStatus,
  pipelineSucceededStatus,
  worksRollupStatus,
} from '@kratix-backstage/kratix-simulation';
import type { KubeObject } from '@kratix-backstage/plugin-kratix-node';
import { trimForCache } from '../plugins/kratix-backend/src/cluster/trim';
import { PLATFORM_KINDS } from '../plugins/kratix-backend/src/cluster/kinds';
import type {
  ScaleBackendMessage,
  ScaleBackendOptions,
} from './bench-scale.backend';

const MODE = process.argv[2] ?? 'scale';
const REQUESTS = Number(
  (MODE === 'scale' ? process.argv[3] : undefined) ??
    process.env.BENCH_REQUESTS ??
    100_000,
);
const PROMISES = Number(process.env.BENCH_PROMISES ?? 10);
const NAMESPACES = Number(process.env.BENCH_NAMESPACES ?? 10);
const CALLS = Number(process.env.BENCH_CALLS ?? 50);
const PLATFORM_REQUESTS = Number(process.env.BENCH_PLATFORM_REQUESTS ?? 2000);
const LIVE_PLATFORMS = Number(process.env.BENCH_PLATFORMS ?? 5) - 1;
const DEAD_KINDS = (process.env.BENCH_DEAD ?? 'refused,silent').split(',');
const VERBOSE = Boolean(process.env.BENCH_VERBOSE);
/** Extra `kratix` config for the backend, as JSON (e.g. '{"notifications":{"enabled":false}}'). */
const KRATIX_CONFIG: JsonObject = JSON.parse(
  process.env.BENCH_KRATIX_CONFIG ?? '{}',
);
const GROUP = 'scale.kratix.io';
const MB = 1024 * 1024;
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

// ---------------------------------------------------------------- the API server side

/** Raw HTTP to one API server as its admin, many connections at once. */
class Kube {
  private readonly agent: Agent;

  constructor(readonly plane: StandaloneControlPlane) {
    this.agent = new Agent({
      connect: { ca: plane.controlPlane.caPem },
      connections: 64,
    });
  }

  async call(
    method: string,
    path: string,
    body?: unknown,
    contentType = 'application/json',
  ): Promise<any> {
    const { server, adminToken } = this.plane.controlPlane;
    for (let attempt = 1; ; attempt++) {
      const res = await fetch(`${server}${path}`, {
        method,
        dispatcher: this.agent,
        headers: {
          Authorization: `Bearer ${adminToken}`,
          'Content-Type': contentType,
          Accept: 'application/json',
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      // The API server sheds load with 429 (and etcd hiccups with 5xx): try again.
      if ((res.status === 429 || res.status >= 500) && attempt < 20) {
        await sleep(100 * attempt);
        continue;
      }
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
      return JSON.parse(text);
    }
  }

  async close() {
    await this.agent.close();
  }
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

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

const kindOf = (i: number) => `Scale${i}`;
const pluralOf = (i: number) => `scale${i}s`;
const promiseName = (i: number) => `scale-${i}`;
const namespaceOf = (n: number) => `team-${n % NAMESPACES}`;

function scalePromise(i: number) {
  const crd = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${pluralOf(i)}.${GROUP}` },
    spec: {
      group: GROUP,
      scope: 'Namespaced',
      names: { kind: kindOf(i), plural: pluralOf(i), singular: `scale${i}` },
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
                  properties: {
                    size: { type: 'string', enum: ['s', 'm', 'l'] },
                    replicas: { type: 'integer', minimum: 1, maximum: 9 },
                    owner: { type: 'string' },
                    region: { type: 'string' },
                  },
                },
                // No status subresource: the status Kratix would write is stored with
                // the create, one write per request.
                status: {
                  type: 'object',
                  'x-kubernetes-preserve-unknown-fields': true,
                },
              },
            },
          },
        },
      ],
    },
  };
  return {
    crd,
    promise: {
      apiVersion: 'platform.kratix.io/v1alpha1',
      kind: 'Promise',
      metadata: { name: promiseName(i) },
      spec: { api: crd },
    },
  };
}

/** A Kratix-like status: most requests ready, some pending, some failing. */
function requestStatus(n: number) {
  const now = new Date(Date.UTC(2026, 11, 1, 0, 0, n % 3600));
  const pipelines = ['instance-configure'];
  const started = pipelineStartedStatus(undefined, {
    pipelineName: pipelines[0],
    pipelines,
    completedBefore: 0,
    now,
  });
  if (n % 20 === 7) return started; // pending
  if (n % 20 === 13) {
    return pipelineFailedStatus(started, { pipelineName: pipelines[0], now });
  }
  const succeeded = pipelineSucceededStatus(started, {
    pipelineName: pipelines[0],
    isLastPipeline: true,
    statusYaml: { endpoint: `https://req-${n}.example.com`, tier: 'gold' },
    now,
  });
  return worksRollupStatus(
    succeeded,
    [
      {
        name: `scale-${n % PROMISES}-req-${n}-instance-configure-abc12`,
        ready: 'Ready',
      },
    ],
    { now },
  );
}

/**
 * Request `n`: of Promise `n % PROMISES`, in one of NAMESPACES namespaces, with a status
 * as Kratix writes it. Every other one carries kubectl's last-applied annotation, as a
 * request made with `kubectl apply` does.
 */
function requestObject(n: number) {
  const i = n % PROMISES;
  const body = {
    apiVersion: `${GROUP}/v1`,
    kind: kindOf(i),
    metadata: {
      name: `req-${n}`,
      namespace: namespaceOf(n),
      labels: { 'app.kubernetes.io/part-of': `service-${n % 97}` },
      annotations: {
        'backstage.io/kratix-requester': `user:default/u${n % 50}`,
      } as Record<string, string>,
    },
    spec: {
      size: ['s', 'm', 'l'][n % 3],
      replicas: 1 + (n % 9),
      owner: `team-${n % 7}`,
      region: ['eu-west-1', 'us-east-1', 'ap-south-1'][n % 3],
    },
    status: requestStatus(n),
  };
  if (n % 2 === 0) {
    const { status: _status, ...applied } = body;
    body.metadata.annotations[LAST_APPLIED] = JSON.stringify(applied);
  }
  return body;
}

/** CRDs, Promises and namespaces, then requests [from, to) with `concurrency` creates at once. */
async function load(kube: Kube, from: number, to: number, concurrency = 48) {
  if (from === 0) {
    await pool(
      Array.from({ length: NAMESPACES }, (_, k) => k),
      8,
      k =>
        kube.call('POST', '/api/v1/namespaces', {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name: `team-${k}` },
        }),
    );
    for (let i = 0; i < PROMISES; i++) {
      const { crd, promise } = scalePromise(i);
      await kube.call(
        'POST',
        '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
        crd,
      );
      await kube.call(
        'POST',
        '/apis/platform.kratix.io/v1alpha1/promises',
        promise,
      );
    }
    // Every CRD established (answers a LIST).
    for (let i = 0; i < PROMISES; i++) {
      for (let t = 0; ; t++) {
        try {
          await kube.call('GET', `/apis/${GROUP}/v1/${pluralOf(i)}?limit=1`);
          break;
        } catch (error) {
          if (t > 100) throw error;
          await sleep(200);
        }
      }
    }
  }
  const numbers = Array.from({ length: to - from }, (_, k) => from + k);
  let done = 0;
  const started = performance.now();
  await pool(numbers, concurrency, async n => {
    const body = requestObject(n);
    await kube.call(
      'POST',
      `/apis/${GROUP}/v1/namespaces/${body.metadata.namespace}/${pluralOf(
        n % PROMISES,
      )}`,
      body,
    );
    done += 1;
    if (VERBOSE && done % 10_000 === 0) {
      const s = (performance.now() - started) / 1000;
      console.log(`  ${done} created in ${s.toFixed(0)} s`);
    }
  });
}

/** The raw paginated LIST (500 a page) of every request: the floor of any sync. */
async function rawList(kube: Kube) {
  const started = performance.now();
  let count = 0;
  for (let i = 0; i < PROMISES; i++) {
    let next: string | undefined;
    do {
      const page = await kube.call(
        'GET',
        `/apis/${GROUP}/v1/${pluralOf(i)}?limit=500${
          next ? `&continue=${encodeURIComponent(next)}` : ''
        }`,
      );
      count += page.items.length;
      next = page.metadata?.continue || undefined;
    } while (next);
  }
  return { ms: performance.now() - started, count };
}

const jsonBytes = (value: unknown) =>
  Buffer.byteLength(JSON.stringify(value), 'utf8');

function heapUsed() {
  global.gc!();
  global.gc!();
  return process.memoryUsage().heapUsed;
}

/**
 * One request as the API server serves it and as the cache keeps it (JSON bytes), and
 * the heap that `sample` of them take in this process, as served and as trimmed.
 */
async function objectSizes(kube: Kube, sample: number) {
  const requestKind = {
    group: GROUP,
    version: 'v1',
    plural: pluralOf(0),
    kind: kindOf(0),
    namespaced: true,
  };
  const trim = trimForCache(requestKind);
  const one = await kube.call(
    'GET',
    `/apis/${GROUP}/v1/namespaces/${namespaceOf(0)}/${pluralOf(0)}/req-0`,
  );
  const odd = await kube.call(
    'GET',
    `/apis/${GROUP}/v1/namespaces/${namespaceOf(PROMISES + 1)}/${pluralOf(
      (PROMISES + 1) % PROMISES,
    )}/req-${PROMISES + 1}`,
  );
  const rows = [
    ['request, with last-applied', jsonBytes(one), jsonBytes(trim(one))],
    ['request, without', jsonBytes(odd), jsonBytes(trim(odd))],
  ];

  // A pipeline Job and its Pod as Kratix makes them, stored and read back.
  const { promise } = scalePromise(0);
  const pipeline = {
    apiVersion: 'platform.kratix.io/v1alpha1',
    kind: 'Pipeline' as const,
    metadata: { name: 'instance-configure' },
    spec: {
      containers: [{ name: 'configure', image: 'example/configure:v1' }],
    },
  };
  const job = pipelineJob({
    promise: promise as unknown as KubeObject,
    pipeline,
    type: 'resource',
    action: 'configure',
    request: requestObject(0) as unknown as KubeObject,
    suffix: 'abc12',
  });
  const namespace = job.metadata.namespace ?? 'default';
  await kube
    .call('POST', '/api/v1/namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: namespace },
    })
    .catch(() => undefined);
  await kube
    .call('POST', `/api/v1/namespaces/${namespace}/serviceaccounts`, {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: {
        name: job.spec.template.spec.serviceAccountName ?? 'default',
      },
    })
    .catch(() => undefined);
  const storedJob = await kube.call(
    'POST',
    `/apis/batch/v1/namespaces/${namespace}/jobs`,
    job,
  );
  const storedPod = await kube.call(
    'POST',
    `/api/v1/namespaces/${namespace}/pods`,
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `${job.metadata.name}-pod`,
        labels: job.spec.template.metadata?.labels ?? job.metadata.labels,
      },
      spec: job.spec.template.spec,
    },
  );
  rows.push([
    'pipeline Job',
    jsonBytes(storedJob),
    jsonBytes(trimForCache(PLATFORM_KINDS.jobs)(storedJob)),
  ]);
  rows.push([
    'pipeline Pod',
    jsonBytes(storedPod),
    jsonBytes(trimForCache(PLATFORM_KINDS.pods)(storedPod)),
  ]);

  return { rows, heap: await heapPerRequest(kube, sample) };
}

/**
 * The heap `sample` requests take as served (parsed from the LIST's pages) and as
 * trimmed, each measured in a process of its own (`heap-probe` mode) that holds nothing
 * else: measured one after the other in one process, V8's heap figures mix the two.
 */
async function heapPerRequest(kube: Kube, sample: number) {
  const pages: unknown[][] = [];
  let next: string | undefined;
  let objects = 0;
  // Of every Promise's kind, as the caches hold them.
  while (objects < sample) {
    const page = await kube.call(
      'GET',
      `/apis/${GROUP}/v1/${pluralOf(0)}?limit=500${
        next ? `&continue=${encodeURIComponent(next)}` : ''
      }`,
    );
    objects += page.items.length;
    pages.push(page.items);
    next = page.metadata?.continue || undefined;
    if (!next) break;
  }
  const dir = await mkdtemp(join(tmpdir(), 'bench-scale-'));
  const file = join(dir, 'pages.json');
  await writeFile(file, JSON.stringify(pages.map(p => JSON.stringify(p))));
  const probe = (how: 'raw' | 'trimmed') =>
    new Promise<number>((ok, fail) => {
      const child = fork(__filename, ['heap-probe', file, how], {
        execArgv: process.execArgv,
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      // The TypeScript transform reports the modules it loads on the same channel.
      child.on('message', (m: any) => {
        if (m?.type === 'heap-probe') ok(m.perObject);
      });
      child.once('exit', code =>
        fail(new Error(`heap probe exited (${code})`)),
      );
    });
  try {
    return {
      objects,
      rawPerObject: await probe('raw'),
      trimmedPerObject: await probe('trimmed'),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** `heap-probe <file> raw|trimmed`: the heap a page file's objects take, per object. */
async function heapProbe(file: string, how: string) {
  const pages: string[] = JSON.parse(await readFile(file, 'utf8'));
  const trim = trimForCache({
    group: GROUP,
    version: 'v1',
    plural: pluralOf(0),
    kind: kindOf(0),
    namespaced: true,
  });
  const held: KubeObject[] = [];
  for (const page of pages) {
    for (const item of JSON.parse(page) as KubeObject[]) {
      held.push(how === 'trimmed' ? trim(item) : item);
    }
  }
  // With the objects, then without: what they take, whatever else the process holds.
  const withObjects = heapUsed();
  const count = held.length;
  held.length = 0;
  const perObject = (withObjects - heapUsed()) / count;
  await new Promise(sent =>
    process.send!({ type: 'heap-probe', perObject }, undefined, {}, sent),
  );
}

// ---------------------------------------------------------------- the backend side

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

class Backend {
  readonly child: ChildProcess;
  readonly forkedAt = performance.now();
  readonly forkedAtWall = Date.now();
  port?: number;
  private readonly ready: Promise<number>;
  private memoryWaiters: Array<(m: any) => void> = [];
  private cpuWaiters: Array<(percent: number) => void> = [];

  constructor(platforms: JsonObject[]) {
    const options: ScaleBackendOptions = {
      platforms,
      verbose: VERBOSE,
      kratix: KRATIX_CONFIG,
    };
    this.child = fork(resolve(__dirname, 'bench-scale.backend.ts'), [], {
      // The bench's flags (the TypeScript transform, gc), node's own heap limit as a
      // backend has, unless BENCH_BACKEND_HEAP_MB sets one; BENCH_BACKEND_NODE_OPTIONS
      // adds flags (e.g. --cpu-prof).
      execArgv: [
        ...process.execArgv.filter(a => !a.startsWith('--max-old-space-size')),
        ...(process.env.BENCH_BACKEND_HEAP_MB
          ? [`--max-old-space-size=${process.env.BENCH_BACKEND_HEAP_MB}`]
          : []),
        ...(process.env.BENCH_BACKEND_NODE_OPTIONS?.split(' ').filter(
          Boolean,
        ) ?? []),
      ],
      env: { ...process.env, BENCH_SCALE_BACKEND: JSON.stringify(options) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    live.add(this.child);
    this.child.once('exit', () => live.delete(this.child));
    this.ready = new Promise((ok, fail) => {
      this.child.on('message', (message: ScaleBackendMessage) => {
        if (message.type === 'ready') {
          this.port = message.port;
          ok(message.port);
        } else if (message.type === 'memory') {
          this.memoryWaiters.shift()?.(message);
        } else if (message.type === 'cpu') {
          this.cpuWaiters.shift()?.(message.percent);
        } else if (message.type === 'failed') {
          fail(new Error(`backend: ${message.error}`));
        }
      });
      this.child.once('exit', code =>
        fail(new Error(`backend exited (${code})`)),
      );
    });
    this.ready.catch(() => {});
  }

  started() {
    return this.ready;
  }

  /** The backend's memory after two full collections. */
  memory(): Promise<Extract<ScaleBackendMessage, { type: 'memory' }>> {
    return new Promise(ok => {
      this.memoryWaiters.push(ok);
      this.child.send({ type: 'memory' });
    });
  }

  /** The backend's CPU over the next second, in percent of one core. */
  cpu(): Promise<number> {
    return new Promise(ok => {
      this.cpuWaiters.push(ok);
      this.child.send({ type: 'cpu' });
    });
  }

  /**
   * Waits until the backend is idle (under 15% of a core for two seconds running): what
   * it does once after its caches synced (the notifier's first pass over every request)
   * is over. Answers how long that took, in ms.
   */
  async settled(capMs: number): Promise<number> {
    const started = performance.now();
    let quiet = 0;
    while (quiet < 2 && performance.now() - started < capMs) {
      quiet = (await this.cpu()) < 15 ? quiet + 1 : 0;
    }
    return performance.now() - started;
  }

  async get(path: string): Promise<{ body: any; bytes: number; ms: number }> {
    let started = performance.now();
    let res;
    for (let attempt = 1; ; attempt++) {
      try {
        started = performance.now();
        res = await fetch(`http://127.0.0.1:${this.port}${path}`, {
          headers: { Authorization: mockCredentials.user.header() },
        });
        break;
      } catch (error) {
        // A kept-alive connection the server closed meanwhile (its 5 s keep-alive
        // timeout can pass while it is busy): a GET is safe to send again.
        if (attempt >= 3) throw error;
      }
    }
    const text = await res.text();
    const ms = performance.now() - started;
    if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${text}`);
    return { body: JSON.parse(text), bytes: text.length, ms };
  }

  async stop() {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise(r => this.child.once('exit', r));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}

/** The backend's config of a live control plane. */
function platformConfig(name: string, plane: StandaloneControlPlane) {
  return {
    name,
    url: plane.controlPlane.server,
    serviceAccountToken: plane.controlPlane.adminToken,
    caFile: plane.controlPlane.caFile,
  };
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.min(
      sorted.length - 1,
      Math.max(0, Math.ceil((p / 100) * sorted.length) - 1),
    )
  ];
};

/** `calls` sequential calls after one warm-up: p50, p95, and the last answer. */
async function timeCalls(
  backend: Backend,
  path: string,
  calls = CALLS,
): Promise<{ p50: number; p95: number; bytes: number; body: any }> {
  await backend.get(path);
  const times: number[] = [];
  let last: Awaited<ReturnType<Backend['get']>> | undefined;
  for (let i = 0; i < calls; i++) {
    last = await backend.get(path);
    times.push(last.ms);
  }
  return {
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    bytes: last!.bytes,
    body: last!.body,
  };
}

/**
 * What the platform overview loads (as the frontend's loadOverview does): platforms,
 * Promises and the request summary at once, then each platform's Destinations and each
 * Destination's health; and the first page of its requests table.
 */
async function overview(backend: Backend) {
  const started = performance.now();
  const [platforms, promises, summary] = await Promise.all([
    backend.get('/api/kratix/platforms'),
    backend.get('/api/kratix/promises'),
    backend.get('/api/kratix/requests/summary'),
  ]);
  const errors = [
    ...platforms.body.errors,
    ...promises.body.errors,
    ...summary.body.errors,
  ];
  await Promise.all(
    platforms.body.items.map(async (p: any) => {
      try {
        const list = await backend.get(
          `/api/kratix/platforms/${p.name}/destinations`,
        );
        errors.push(...list.body.errors);
        await Promise.all(
          list.body.items.map((d: any) =>
            backend
              .get(
                `/api/kratix/platforms/${p.name}/destinations/${d.name}/health`,
              )
              .catch(() => undefined),
          ),
        );
      } catch (error) {
        // A 503 carries the cluster's typed failure as its cause.
        const type = /"type":"([a-z-]+)"/.exec(String(error))?.[1] ?? 'error';
        errors.push({ platform: p.name, type, message: String(error) });
      }
    }),
  );
  const page = await backend.get('/api/kratix/requests?limit=20&offset=0');
  return {
    ms: performance.now() - started,
    total: summary.body.total as number,
    promises: promises.body.items.length as number,
    pageItems: page.body.items.length as number,
    errors: [...errors, ...page.body.errors],
  };
}

async function timeOverview(backend: Backend, calls = CALLS) {
  await overview(backend);
  const times: number[] = [];
  let last: Awaited<ReturnType<typeof overview>> | undefined;
  for (let i = 0; i < calls; i++) {
    last = await overview(backend);
    times.push(last.ms);
  }
  return {
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    last: last!,
  };
}

/**
 * Polls the summary until it counts `expected` requests with no error but the missing
 * platform's (or `capMs`).
 */
async function untilSynced(
  backend: Backend,
  expected: number,
  capMs: number,
  missing?: string,
) {
  for (;;) {
    const elapsed = performance.now() - backend.forkedAt;
    try {
      const { body } = await backend.get('/api/kratix/requests/summary');
      if (
        body.total >= expected &&
        body.errors.every((e: any) => e.platform === missing)
      ) {
        return elapsed;
      }
      if (VERBOSE) {
        console.log(
          `  ${(elapsed / 1000).toFixed(1)} s: ${body.total} requests, ${
            body.errors.length
          } errors`,
        );
      }
    } catch (error) {
      if (VERBOSE) console.log(`  ${(elapsed / 1000).toFixed(1)} s: ${error}`);
    }
    if (elapsed > capMs) {
      throw new Error(`not synced after ${(capMs / 1000).toFixed(0)} s`);
    }
    await sleep(250);
  }
}

/**
 * Polls `/platforms` (which reads no list) until every watch cache of the platform is
 * synced, the request caches of all `promises` among them: when the last one synced,
 * in ms after the fork (the caches' own `lastSyncedAt`).
 */
async function cachesSynced(
  backend: Backend,
  promises: number,
  capMs: number,
): Promise<number> {
  for (;;) {
    const { body } = await backend.get('/api/kratix/platforms');
    const caches: Array<{
      kind: string;
      synced: boolean;
      lastSyncedAt?: string;
    }> = body.items.flatMap((p: any) => p.caches);
    const requestCaches = caches.filter(c => c.kind.endsWith(`.${GROUP}`));
    if (requestCaches.length >= promises && caches.every(c => c.synced)) {
      const last = Math.max(...caches.map(c => Date.parse(c.lastSyncedAt!)));
      return last - backend.forkedAtWall;
    }
    if (performance.now() - backend.forkedAt > capMs) {
      throw new Error(`caches not synced after ${(capMs / 1000).toFixed(0)} s`);
    }
    await sleep(100);
  }
}

/**
 * A request changes (a label, by merge patch) and the backend has seen it: how long the
 * next requests page takes (the kept list is made again, only the changed request
 * mapped again). `times` changes, one after the other.
 */
async function pageAfterChange(backend: Backend, kube: Kube, times: number) {
  const durations: number[] = [];
  for (let k = 0; k < times; k++) {
    const n = (k * 7919) % REQUESTS;
    const path = `/apis/${GROUP}/v1/namespaces/${namespaceOf(n)}/${pluralOf(
      n % PROMISES,
    )}/req-${n}`;
    const value = `change-${k}`;
    await kube.call(
      'PATCH',
      path,
      { metadata: { labels: { 'bench.kratix.io/change': value } } },
      'application/merge-patch+json',
    );
    const one = `/api/kratix/platforms/scale/requests/${namespaceOf(
      n,
    )}/${promiseName(n % PROMISES)}/req-${n}`;
    for (let t = 0; ; t++) {
      const { body } = await backend.get(one);
      if (body.labels?.['bench.kratix.io/change'] === value) break;
      if (t > 500) throw new Error(`the change of req-${n} never showed`);
      await sleep(10);
    }
    durations.push((await backend.get('/api/kratix/requests?limit=20')).ms);
  }
  return { p50: percentile(durations, 50), p95: percentile(durations, 95) };
}

const ms = (v: number) => v.toFixed(v < 10 ? 1 : 0);
const mb = (v: number) => (v / MB).toFixed(0);
const kb = (v: number) => (v / 1024).toFixed(1);

// ---------------------------------------------------------------- scale mode

async function scale() {
  const data = resolveReferenceData();
  console.log(
    `Scale: ${REQUESTS} requests of ${PROMISES} Promises in ${NAMESPACES} namespaces, one platform; ${data.description}`,
  );
  const plane = await startStandaloneControlPlane({
    name: 'scale',
    crdDirs: [data.kratixCrdDir],
  });
  const kube = new Kube(plane);
  const backends: Backend[] = [];
  try {
    let t = performance.now();
    await load(kube, 0, REQUESTS);
    console.log(
      `Loaded ${REQUESTS} requests in ${(
        (performance.now() - t) /
        1000
      ).toFixed(1)} s`,
    );
    const list = await rawList(kube);
    console.log(
      `Raw paginated LIST (500 a page) of ${list.count} requests: ${(
        list.ms / 1000
      ).toFixed(2)} s`,
    );
    const sizes = await objectSizes(kube, Math.min(10_000, REQUESTS));
    console.log(
      '\nOne object, JSON bytes: as the API server serves it → as cached',
    );
    for (const [what, raw, trimmed] of sizes.rows) {
      console.log(
        `  ${what}: ${raw} → ${trimmed} (${(
          (100 * Number(trimmed)) /
          Number(raw)
        ).toFixed(0)}%)`,
      );
    }
    console.log(
      `Heap of ${
        sizes.heap.objects
      } requests parsed from the LIST, each in a process of its own: ${sizes.heap.rawPerObject.toFixed(
        0,
      )} bytes a request as served, ${sizes.heap.trimmedPerObject.toFixed(
        0,
      )} trimmed`,
    );

    // The same backend without a platform: what the caches are measured against.
    const empty = new Backend([]);
    backends.push(empty);
    await empty.started();
    await sleep(2000);
    const baseline = await empty.memory();
    await empty.stop();
    console.log(
      `\nBaseline (the backend plugin, no platform): heap ${mb(
        baseline.heapUsed,
      )} MB, RSS ${mb(baseline.rss)} MB`,
    );

    const backend = new Backend([platformConfig('scale', plane)]);
    backends.push(backend);
    await backend.started();
    const readyMs = performance.now() - backend.forkedAt;
    const syncedMs = await cachesSynced(backend, PROMISES, 30 * 60_000);
    const busyMs = await backend.settled(15 * 60_000);
    const synced = await backend.memory();
    console.log(
      `Backend listening ${(readyMs / 1000).toFixed(
        1,
      )} s after the fork; its watch caches all synced ${(
        syncedMs / 1000
      ).toFixed(1)} s after the fork; then busy ${(busyMs / 1000).toFixed(
        1,
      )} s more (the notifier's first pass over every request), the calls below timed after that`,
    );

    t = performance.now();
    const firstPage = await backend.get('/api/kratix/requests?limit=20');
    console.log(
      `First requests page (builds the kept list of ${
        firstPage.body.totalCount
      }): ${ms(performance.now() - t)} ms`,
    );
    const listed = await backend.memory();
    const mid = Math.floor(REQUESTS / 2);
    const calls: Array<[string, string]> = [
      ['requests page 1 (20)', '/api/kratix/requests?limit=20&offset=0'],
      [
        'requests page in the middle',
        `/api/kratix/requests?limit=20&offset=${mid}`,
      ],
      [
        'requests search (one match)',
        `/api/kratix/requests?limit=20&search=req-${mid + 1}`,
      ],
      [
        'requests state=failing, page 1',
        '/api/kratix/requests?limit=20&state=failing',
      ],
      ['requests summary', '/api/kratix/requests/summary'],
      ['Promises', '/api/kratix/promises'],
      ['platforms', '/api/kratix/platforms'],
      ['Destinations', '/api/kratix/platforms/scale/destinations'],
      [
        "a Promise's requests, page 1",
        `/api/kratix/requests?limit=20&platform=scale&promise=${promiseName(
          0,
        )}`,
      ],
      [
        'one request',
        `/api/kratix/platforms/scale/requests/${namespaceOf(mid)}/${promiseName(
          mid % PROMISES,
        )}/req-${mid}`,
      ],
    ];
    const rows: string[] = [];
    for (const [what, path] of calls) {
      const r = await timeCalls(backend, path).catch(error => {
        console.log(`  ${what}: ${error}`);
        return undefined;
      });
      if (!r) continue;
      rows.push(
        `| ${what} | \`GET ${path.replace('/api/kratix', '')}\` | ${kb(
          r.bytes,
        )} | ${ms(r.p50)} | ${ms(r.p95)} |`,
      );
    }
    const view = await timeOverview(backend);
    rows.push(
      `| platform overview (platforms, Promises, summary, Destinations and their health, requests page 1) | 5+ calls | | ${ms(
        view.p50,
      )} | ${ms(view.p95)} |`,
    );
    const fewer = Math.max(3, Math.floor(CALLS / 10));
    for (const [what, path] of [
      [
        "a Promise's requests, all",
        `/api/kratix/platforms/scale/promises/${promiseName(0)}/requests`,
      ],
      ['every request, unpaged', '/api/kratix/requests'],
    ]) {
      const r = await timeCalls(backend, path, fewer);
      rows.push(
        `| ${what} (${fewer} calls) | \`GET ${path.replace(
          '/api/kratix',
          '',
        )}\` | ${kb(r.bytes)} | ${ms(r.p50)} | ${ms(r.p95)} |`,
      );
    }
    const changed = await pageAfterChange(backend, kube, 10);
    rows.push(
      `| requests page 1 right after a request changed (10 changes) | \`GET /requests?limit=20\` | 25.0 | ${ms(
        changed.p50,
      )} | ${ms(changed.p95)} |`,
    );
    const after = await backend.memory();
    console.log(
      `\n| call | path | KB | p50 ms | p95 ms |\n|---|---|---|---|---|`,
    );
    rows.forEach(r => console.log(r));
    console.log(
      `Longest event-loop block of the backend: ${synced.maxLoopDelayMs.toFixed(
        0,
      )} ms from listening until idle after the sync, ${listed.maxLoopDelayMs.toFixed(
        0,
      )} ms building the first list, ${after.maxLoopDelayMs.toFixed(
        0,
      )} ms during the timed calls`,
    );
    const perRequest = (bytes: number) => (bytes / REQUESTS).toFixed(0);
    console.log(
      `\nMemory after two full GCs, heap MB: ${mb(
        baseline.heapUsed,
      )} without a platform → ${mb(
        synced.heapUsed,
      )} with the caches synced and what the plugin keeps from them at start (the notifier's pass builds the kept list) (${perRequest(
        synced.heapUsed - baseline.heapUsed,
      )} bytes a request) → ${mb(
        listed.heapUsed,
      )} with the kept list (${perRequest(
        listed.heapUsed - synced.heapUsed,
      )} bytes a request) → ${mb(after.heapUsed)} after the calls; RSS MB ${mb(
        baseline.rss,
      )} → ${mb(synced.rss)} → ${mb(listed.rss)} → ${mb(after.rss)}, peak ${mb(
        after.peakRss,
      )}`,
    );
    console.log(
      `| ${REQUESTS} | ${PROMISES} | ${(list.ms / 1000).toFixed(2)} | ${(
        readyMs / 1000
      ).toFixed(1)} / ${(syncedMs / 1000).toFixed(1)} | ${mb(
        baseline.heapUsed,
      )} / ${mb(synced.heapUsed)} / ${mb(listed.heapUsed)} | ${perRequest(
        synced.heapUsed - baseline.heapUsed,
      )} + ${perRequest(listed.heapUsed - synced.heapUsed)} | ${mb(
        baseline.rss,
      )} / ${mb(synced.rss)} / ${mb(after.peakRss)} |`,
    );
  } finally {
    await Promise.all(backends.map(b => b.stop()));
    await kube.close();
    await plane.stop();
  }
}

// ---------------------------------------------------------------- platforms mode

/** A port nothing listens on: connections are refused at once. */
async function refusedPort(): Promise<{
  url: string;
  close: () => Promise<void>;
  connections: () => number;
}> {
  const server = createServer();
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise(r => server.close(r));
  return {
    url: `https://127.0.0.1:${port}`,
    close: async () => {},
    connections: () => 0,
  };
}

/** A server that accepts connections and never answers: every call waits for its timeout. */
async function silentServer() {
  const sockets = new Set<Socket>();
  let connections = 0;
  const server: Server = createServer(socket => {
    connections += 1;
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return {
    url: `https://127.0.0.1:${port}`,
    connections: () => connections,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise(r => server.close(r));
    },
  };
}

async function platforms() {
  const data = resolveReferenceData();
  console.log(
    `Many platforms: ${LIVE_PLATFORMS} live platforms of ${PLATFORM_REQUESTS} requests, and one that does not answer (${DEAD_KINDS.join(
      ', then ',
    )}); ${data.description}`,
  );
  const planes = await Promise.all(
    Array.from({ length: LIVE_PLATFORMS }, (_, k) =>
      startStandaloneControlPlane({
        name: `platform-${k + 1}`,
        crdDirs: [data.kratixCrdDir],
      }),
    ),
  );
  const kubes = planes.map(p => new Kube(p));
  const backends: Backend[] = [];
  try {
    const t = performance.now();
    await Promise.all(kubes.map(k => load(k, 0, PLATFORM_REQUESTS, 16)));
    console.log(
      `Loaded ${LIVE_PLATFORMS} × ${PLATFORM_REQUESTS} requests in ${(
        (performance.now() - t) /
        1000
      ).toFixed(1)} s`,
    );
    const live = planes.map((p, k) => platformConfig(`platform-${k + 1}`, p));
    const runs: Array<{
      label: string;
      platforms: JsonObject[];
      dead?: Awaited<ReturnType<typeof silentServer>>;
    }> = [
      { label: '1 platform', platforms: [live[0]] },
      { label: `${LIVE_PLATFORMS} live platforms`, platforms: live },
    ];
    for (const kind of DEAD_KINDS) {
      const dead =
        kind === 'silent' ? await silentServer() : await refusedPort();
      runs.push({
        label: `${LIVE_PLATFORMS + 1} platforms, \`platform-dead\` ${
          kind === 'silent' ? 'never answers' : 'refuses connections'
        }`,
        platforms: [
          ...live,
          {
            name: 'platform-dead',
            url: dead.url,
            serviceAccountToken: 'nobody',
            skipTLSVerify: true,
          },
        ],
        dead,
      });
    }
    const rows: string[] = [];
    for (const run of runs) {
      const expected =
        (run.platforms.length - (run.dead ? 1 : 0)) * PLATFORM_REQUESTS;
      const backend = new Backend(run.platforms);
      backends.push(backend);
      await backend.started();
      // The first overview after the start: the caches fill, the dead platform's first
      // calls fail (or time out).
      const cold = await overview(backend);
      const syncedMs = await untilSynced(
        backend,
        expected,
        10 * 60_000,
        run.dead ? 'platform-dead' : undefined,
      ).catch(() => NaN);
      const connectionsBefore = run.dead?.connections() ?? 0;
      const view = await timeOverview(backend);
      const page = await timeCalls(backend, '/api/kratix/requests?limit=20');
      const summary = await timeCalls(backend, '/api/kratix/requests/summary');
      const promises = await timeCalls(backend, '/api/kratix/promises');
      const destinations = await timeCalls(
        backend,
        `/api/kratix/platforms/platform-1/destinations`,
      );
      const deadPromises = run.dead
        ? await timeCalls(
            backend,
            '/api/kratix/platforms/platform-dead/promises',
            10,
          ).catch(error => ({ error: String(error) }))
        : undefined;
      const connections = (run.dead?.connections() ?? 0) - connectionsBefore;
      const missing = [
        ...new Set(view.last.errors.map((e: any) => e.platform)),
      ].join(', ');
      const errorTypes = [
        ...new Set(view.last.errors.map((e: any) => e.type ?? 'error')),
      ].join(', ');
      rows.push(
        `| ${run.label} | ${(cold.ms / 1000).toFixed(1)} s | ${
          Number.isNaN(syncedMs) ? 'n/a' : (syncedMs / 1000).toFixed(1)
        } | ${view.last.total} | ${missing || 'none'}${
          errorTypes ? ` (${errorTypes})` : ''
        } | ${ms(view.p50)} / ${ms(view.p95)} | ${ms(page.p50)} / ${ms(
          page.p95,
        )} | ${ms(summary.p50)} / ${ms(summary.p95)} | ${ms(
          promises.p50,
        )} / ${ms(promises.p95)} | ${ms(destinations.p50)} / ${ms(
          destinations.p95,
        )} | ${
          deadPromises
            ? 'error' in deadPromises
              ? deadPromises.error.replace(/\|/g, '/').slice(0, 80)
              : `${ms(deadPromises.p50)} / ${ms(deadPromises.p95)}`
            : ''
        } | ${run.dead ? connections : ''} |`,
      );
      console.log(rows[rows.length - 1]);
      await backend.stop();
      await run.dead?.close();
    }
    console.log(
      `\n| backend on | first overview | every request in the caches s | requests in the overview | missing platforms (error type) | overview p50 / p95 ms | requests page p50 / p95 | summary p50 / p95 | Promises p50 / p95 | Destinations p50 / p95 | the dead platform's Promises (an error) p50 / p95 | connections to the dead one during the ${
        CALLS * 5 + 10
      } calls |`,
    );
    console.log(`|${'---|'.repeat(12)}`);
    rows.forEach(r => console.log(r));
  } finally {
    await Promise.all(backends.map(b => b.stop()));
    await Promise.all(kubes.map(k => k.close()));
    await Promise.all(planes.map(p => p.stop()));
  }
}

const interrupted = new Promise<never>((_, reject) => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => reject(new Error(`Interrupted (${signal})`)));
  }
});

function run() {
  if (MODE === 'heap-probe') return heapProbe(process.argv[3], process.argv[4]);
  return MODE === 'platforms' ? platforms() : scale();
}

Promise.race([run(), interrupted]).then(
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  },
);
