/* eslint-disable no-console */
// The Kratix catalog benchmark; run it through scripts/bench-catalog.sh.
import {
  CustomObjectsApi,
  type KubeConfig,
  KubernetesObjectApi,
} from '@kubernetes/client-node';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import scaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  resolveReferenceData,
  startKratixTestEnvironment,
} from '@internal/kratix-testenv';
import { catalogModuleKratixEntityProvider } from '@kratix-backstage/plugin-kratix-backend';
import request from 'supertest';

const PROMISES = Number(process.env.BENCH_PROMISES ?? 10);
console.log(`Catalog stitching: ${process.env.BENCH_STITCHING ?? 'deferred'}`);
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
      await objects.create(promise.spec.api as any);
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

async function syncOnce(kubeconfigPath: string, m: number) {
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 100);
  const started = performance.now();
  const backend = await startTestBackend({
    features: [
      catalogPlugin,
      scaffolderEntityModel,
      catalogModuleKratixEntityProvider,
      // The real scheduler: the provider's task is a lease that repeats.
      schedulerServiceFactory,
      // Info logs: the provider's one summary line per sync says where time went.
      mockServices.rootLogger.factory({ level: 'info' }),
      mockServices.rootConfig.factory({
        data: {
          catalog: {
            rules: [{ allow: ['Component', 'Resource', 'Template'] }],
            processingInterval: { minutes: 30 },
            // BENCH_STITCHING=immediate compares the catalog's two stitching modes.
            stitchingStrategy: {
              mode: process.env.BENCH_STITCHING ?? 'deferred',
            },
          },
          kratix: {
            catalog: {
              schedule: {
                frequency: { minutes: 10 },
                timeout: { minutes: 11 },
              },
            },
            platforms: [
              {
                name: 'bench',
                kubeconfig: { path: kubeconfigPath, context: 'platform' },
              },
            ],
          },
        },
      }),
    ],
  });
  const count = async () => {
    const res = await request(backend.server)
      .get(
        '/api/catalog/entities/by-query?filter=kind=resource,spec.type=kratix-resource&limit=1',
      )
      .set('Authorization', mockCredentials.user.header());
    return Number(res.body.totalItems ?? 0);
  };
  let seen = 0;
  while (seen < m) {
    await new Promise(r => setTimeout(r, 250));
    seen = await count();
    if (performance.now() - started > 15 * 60_000) break;
  }
  const syncMs = performance.now() - started;
  clearInterval(sampler);
  await backend.stop();
  return { syncMs, seen, extraMb: (peak - baseline) / MB, peakMb: peak / MB };
}

async function main() {
  const sizes = SIZES.length ? SIZES : [1000, 10000];
  const env = await startKratixTestEnvironment({
    flux: false,
    crdDirs: { kratix: resolveReferenceData().kratixCrdDir },
  });
  const rows: string[] = [];
  try {
    let loaded = 0;
    for (const m of sizes) {
      const t = performance.now();
      await load(env.platform.kubeConfig, loaded, m);
      loaded = m;
      console.log(
        `Loaded ${PROMISES} Promises and ${m} requests in ${(
          (performance.now() - t) /
          1000
        ).toFixed(1)} s`,
      );
      const list = await rawList(env.platform.kubeConfig);
      const sync = await syncOnce(env.kubeconfigPath, m);
      rows.push(
        `| ${PROMISES} | ${m} | ${list.count} | ${(list.ms / 1000).toFixed(
          2,
        )} | ${(sync.syncMs / 1000).toFixed(2)} | ${(
          sync.syncMs / list.ms
        ).toFixed(1)} | ${sync.extraMb.toFixed(0)} | ${sync.peakMb.toFixed(
          0,
        )} | ${sync.seen} |`,
      );
      console.log(rows[rows.length - 1]);
    }
  } finally {
    await env.stop();
  }
  console.log(
    '\n| N Promises | M requests | objects listed | raw LIST s | full sync to catalog s | ratio | extra RSS MB | peak RSS MB | entities seen |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  rows.forEach(r => console.log(r));
}

main().then(
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  },
);
