/* eslint-disable no-console */
// The push-not-poll benchmark; run it through scripts/bench-signals.sh.
//
// Starts the workshop platform of the test environment (a real kube-apiserver; Kratix
// simulated unless KRATIX_TESTENV_KRATIX says otherwise, no Flux), a counting HTTP proxy in
// front of its API server, and a backend with the Kratix plugin and the signals backend
// pointed at the proxy. Then, once per mode, opens N pages of one request for a window
// while the request's spec changes a few times, and prints what it cost and how fast
// each page saw each change:
//   - "before": each page polls as the old RequestView did while something ran: request +
//     runs every 3 s, and on each answer the placement and the Destination's health;
//   - "after": each page opens the signals websocket as the app's SignalClient does,
//     subscribes to the request's channel, and refetches only what a signal names.
import { createServer, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import { createServer as createNetServer } from 'node:net';
import { createBackend } from '@backstage/backend-defaults';
import { mockServices } from '@backstage/backend-test-utils';
import signalsBackend from '@backstage/plugin-signals-backend';
import { startWorkshopPlatform } from '@internal/kratix-testenv';
import kratixBackend from '@kratix-backstage/plugin-kratix-backend';

const PAGES = Number(process.env.BENCH_PAGES ?? 50);
const WINDOW_S = Number(process.env.BENCH_WINDOW_S ?? 60);
const CHANGES = Number(process.env.BENCH_CHANGES ?? 4);
const POLL_MS = 3000; // the old LIVE_REFRESH_MS
const MODES = (process.env.BENCH_MODES ?? 'before,after').split(',');
const REQUEST = {
  namespace: 'default',
  promise: 'elastic-cloud',
  name: 'example',
};
const CHANNEL = `kratix:request:testenv:${REQUEST.namespace}:${REQUEST.promise}:${REQUEST.name}`;
const TOKEN = 'mock-user-token';

/** Counts the requests one client makes to the API server, forwarding them with its credentials. */
async function countingProxy(kc: KubeConfig) {
  const cluster = kc.getCurrentCluster()!;
  const target = new URL(cluster.server);
  const tls: Record<string, unknown> = {};
  await kc.applyToHTTPSOptions(tls as any);
  const counts = { total: 0, watches: 0, byVerb: new Map<string, number>() };
  const server = createServer((req: IncomingMessage, res) => {
    const url = new URL(req.url ?? '/', 'http://proxy');
    const watch =
      url.searchParams.get('watch') === 'true' ||
      url.searchParams.get('watch') === '1';
    const verb = watch ? 'WATCH' : req.method ?? 'GET';
    counts.total += 1;
    if (watch) counts.watches += 1;
    counts.byVerb.set(verb, (counts.byVerb.get(verb) ?? 0) + 1);
    if (process.env.BENCH_VERBOSE)
      console.log(`[proxy] ${verb} ${url.pathname}`);
    const headers: Record<string, unknown> = {
      ...req.headers,
      host: target.host,
    };
    delete headers.authorization;
    // The real credentials: a client certificate, or a token header.
    Object.assign(headers, (tls.headers as Record<string, unknown>) ?? {});
    const upstream = httpsRequest(
      {
        ...tls,
        protocol: target.protocol,
        hostname: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: headers as any,
      },
      answer => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        // A watch answers its headers at once and its events later: pass them on now.
        res.flushHeaders();
        answer.pipe(res);
      },
    );
    upstream.on('error', error => {
      if (!res.headersSent) res.writeHead(502);
      res.end(String(error));
    });
    req.pipe(upstream);
    res.on('close', () => upstream.destroy());
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    snapshot: () => ({ total: counts.total, byVerb: new Map(counts.byVerb) }),
    close: () =>
      new Promise<void>(r => {
        server.closeAllConnections?.();
        server.close(() => r());
      }),
  };
}

async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise(r => server.close(r));
  return port;
}

const percentile = (values: number[], p: number) => {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
};

type Change = { value: boolean; at: number };

/** One open page of the request, as the frontend behaves. */
class Page {
  requests = 0;
  signals = 0;
  /** Per change index: when this page first showed it. */
  seen = new Map<number, number>();
  private timer?: NodeJS.Timeout;
  private ws?: WebSocket;
  private stopped = false;

  constructor(
    private readonly base: string,
    private readonly changes: Change[],
  ) {}

  private async get(path: string) {
    this.requests += 1;
    const res = await fetch(
      `${this.base}/api/kratix/platforms/testenv${path}`,
      {
        headers: { authorization: `Bearer ${TOKEN}` },
      },
    );
    return res.json() as Promise<any>;
  }

  private readonly requestPath = `/requests/${REQUEST.namespace}/${REQUEST.promise}/${REQUEST.name}`;

  /** RequestView's first load: request + runs; then its placement and each Destination's health. */
  private async loadRequest() {
    const [request] = await Promise.all([
      this.get(this.requestPath),
      this.get(`${this.requestPath}/runs`),
    ]);
    const now = Date.now();
    const value = request?.spec?.enableDataCollection;
    this.changes.forEach((change, i) => {
      if (
        !this.seen.has(i) &&
        change.at > 0 &&
        value === change.value &&
        now >= change.at
      )
        this.seen.set(i, now);
    });
    return request;
  }

  private async loadHealth(request: any) {
    await Promise.all(
      (request?.destinations ?? []).flatMap((d: string) => [
        this.get(`/destinations/${d}`),
        this.get(`/destinations/${d}/health`),
      ]),
    );
  }

  private async loadPlacement() {
    await this.get(`${this.requestPath}/placement`);
  }

  async open(mode: string) {
    if (mode === 'before') {
      const poll = async () => {
        if (this.stopped) return;
        const request = await this.loadRequest();
        await Promise.all([this.loadPlacement(), this.loadHealth(request)]);
        if (!this.stopped) this.timer = setTimeout(poll, POLL_MS);
      };
      // Pages open at different moments: spread their polls over the interval.
      this.timer = setTimeout(poll, Math.random() * POLL_MS);
      return;
    }
    const request = await this.loadRequest();
    await Promise.all([this.loadPlacement(), this.loadHealth(request)]);
    const ws = new WebSocket(
      `${this.base.replace('http', 'ws')}/api/signals`,
      TOKEN,
    );
    this.ws = ws;
    await new Promise<void>((resolve, reject) => {
      ws.onopen = () => resolve();
      ws.onerror = () => reject(new Error('signals websocket failed'));
    });
    ws.onmessage = event => {
      const { channel, message } = JSON.parse(String(event.data));
      if (channel !== CHANNEL) return;
      this.signals += 1;
      const kinds: string[] = message?.kinds ?? [];
      if (
        kinds.some(k => ['request', 'runs', 'health', 'worker'].includes(k))
      ) {
        this.loadRequest()
          .then(r => this.loadHealth(r))
          .catch(() => undefined);
      }
      if (kinds.includes('placement'))
        this.loadPlacement().catch(() => undefined);
    };
    ws.send(JSON.stringify({ action: 'subscribe', channel: CHANNEL }));
  }

  close() {
    this.stopped = true;
    clearTimeout(this.timer);
    this.ws?.close(1000);
  }
}

async function runMode(
  mode: string,
  base: string,
  proxy: Awaited<ReturnType<typeof countingProxy>>,
  custom: CustomObjectsApi,
  startValue: boolean,
) {
  const changes: Change[] = [];
  const pages = Array.from({ length: PAGES }, () => new Page(base, changes));
  await Promise.all(pages.map(p => p.open(mode)));
  await new Promise(r => setTimeout(r, 2000)); // every page loaded and subscribed
  pages.forEach(p => {
    p.requests = 0;
    p.signals = 0;
  });
  const before = proxy.snapshot();
  const started = Date.now();
  let value = startValue;
  const gap = (WINDOW_S * 1000) / (CHANGES + 1);
  for (let i = 0; i < CHANGES; i++) {
    await new Promise(r => setTimeout(r, started + gap * (i + 1) - Date.now()));
    value = !value;
    const change: Change = { value, at: 0 };
    changes.push(change);
    await custom.patchNamespacedCustomObject({
      group: 'workshop.kratix.io',
      version: 'v1alpha1',
      plural: 'elastic-clouds',
      namespace: REQUEST.namespace,
      name: REQUEST.name,
      body: [{ op: 'replace', path: '/spec/enableDataCollection', value }],
    });
    change.at = Date.now();
  }
  await new Promise(r => setTimeout(r, started + WINDOW_S * 1000 - Date.now()));
  const after = proxy.snapshot();
  pages.forEach(p => p.close());
  const latencies: number[] = [];
  let missed = 0;
  for (const page of pages) {
    changes.forEach((change, i) => {
      const seen = page.seen.get(i);
      if (seen === undefined) missed += 1;
      else latencies.push(seen - change.at);
    });
  }
  const apiByVerb = [...after.byVerb.entries()]
    .map(([verb, n]) => [verb, n - (before.byVerb.get(verb) ?? 0)] as const)
    .filter(([, n]) => n > 0)
    .map(([verb, n]) => `${verb} ${n}`)
    .join(', ');
  return {
    mode,
    latencyP50: percentile(latencies, 50),
    latencyMax: latencies.length ? Math.max(...latencies) : NaN,
    missed,
    apiRequests: after.total - before.total,
    apiByVerb: apiByVerb || '-',
    backendRequests: pages.reduce((n, p) => n + p.requests, 0),
    signals: pages.reduce((n, p) => n + p.signals, 0),
    finalValue: value,
  };
}

async function main() {
  const { env, stop } = await startWorkshopPlatform({
    flux: false,
    suite: 'signals benchmark',
  });
  let backend: ReturnType<typeof createBackend> | undefined;
  let proxy: Awaited<ReturnType<typeof countingProxy>> | undefined;
  try {
    const kc = new KubeConfig();
    kc.loadFromFile(env.kubeconfigPath);
    kc.setCurrentContext('platform');
    proxy = await countingProxy(kc);
    const kubeconfigPath = join(
      tmpdir(),
      `bench-signals-${process.pid}.kubeconfig`,
    );
    writeFileSync(
      kubeconfigPath,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        // client-node refuses plain HTTP unless TLS verification is off (there is no TLS).
        clusters: [
          {
            name: 'proxy',
            cluster: { server: proxy.url, 'insecure-skip-tls-verify': true },
          },
        ],
        users: [{ name: 'proxy', user: { token: 'proxied' } }],
        contexts: [
          { name: 'proxy', context: { cluster: 'proxy', user: 'proxy' } },
        ],
        'current-context': 'proxy',
      }),
    );
    // The backend's own HTTP router (websockets for signals), with mock auth: the pages'
    // token is the mock user's.
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    backend = createBackend();
    backend.add(
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: base },
          backend: {
            baseUrl: base,
            listen: { host: '127.0.0.1', port },
            database: { client: 'better-sqlite3', connection: ':memory:' },
          },
          kratix: {
            platforms: [
              {
                name: 'testenv',
                kubeconfig: { path: kubeconfigPath, context: 'proxy' },
              },
            ],
          },
        },
      }),
    );
    backend.add(mockServices.auth.factory());
    backend.add(mockServices.httpAuth.factory());
    backend.add(mockServices.userInfo.factory());
    backend.add(mockServices.permissions.factory());
    backend.add(mockServices.rootLogger.factory({ level: 'warn' }));
    backend.add(kratixBackend);
    backend.add(signalsBackend);
    await backend.start();
    const custom = kc.makeApiClient(CustomObjectsApi);
    // Warm the caches as the first viewer would, then let the initial sync settle.
    const warm = await fetch(
      `${base}/api/kratix/platforms/testenv/requests/${REQUEST.namespace}/${REQUEST.promise}/${REQUEST.name}/runs`,
      { headers: { authorization: `Bearer ${TOKEN}` } },
    );
    if (!warm.ok)
      throw new Error(
        `The backend answered ${warm.status}: ${await warm.text()}`,
      );
    // ...and every route a page calls, so that caches started on first use (the state
    // stores, for a Destination) are not counted in the first mode's window.
    const first = new Page(base, []);
    await first.open('after');
    first.close();
    await new Promise(r => setTimeout(r, 5000));
    let value = true;
    const results = [];
    for (const mode of MODES) {
      console.log(
        `[bench] ${mode}: ${PAGES} pages of ${REQUEST.name} for ${WINDOW_S} s, ${CHANGES} changes`,
      );
      const result = await runMode(mode, base, proxy, custom, value);
      value = result.finalValue;
      results.push(result);
      await new Promise(r => setTimeout(r, 3000));
    }
    console.log('');
    console.log(
      `| mode   | pages | window s | changes | change → page p50 ms | max ms | missed | API server requests in window | backend HTTP requests | signals received |`,
    );
    console.log(
      `| ------ | ----- | -------- | ------- | ---- | ---- | ---- | ---- | ---- | ---- |`,
    );
    for (const r of results) {
      console.log(
        `| ${r.mode} | ${PAGES} | ${WINDOW_S} | ${CHANGES} | ${Math.round(
          r.latencyP50,
        )} | ${Math.round(r.latencyMax)} | ${r.missed} | ${r.apiRequests} (${
          r.apiByVerb
        }) | ${r.backendRequests} | ${r.signals} |`,
      );
    }
  } finally {
    await backend?.stop().catch(() => undefined);
    await proxy?.close().catch(() => undefined);
    await stop();
  }
}

main().then(
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  },
);
