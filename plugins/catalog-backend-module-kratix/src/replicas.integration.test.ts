import { CustomObjectsApi } from '@kubernetes/client-node';
import {
  coreServices,
  createServiceFactory,
  type LoggerService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  type TestBackend,
} from '@backstage/backend-test-utils';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import scaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import {
  type KratixDriver,
  dropPostgresDatabases,
  type KratixTestEnvironment,
  startWorkshopPlatform,
  waitFor,
} from '@internal/kratix-testenv';
import { readPromiseApi } from '@kratix-backstage/plugin-kratix-node';
import { workshopScenario } from '@kratix-backstage/kratix-simulation';
import request from 'supertest';
// The module runs on the platforms service that the backend plugin provides.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import { kratixPlatformsServiceFactory } from '@kratix-backstage/plugin-kratix-backend';
import { catalogModuleKratixEntityProvider } from './catalogModuleKratixEntityProvider';

// Two backend replicas share one PostgreSQL catalog and watch one real kube-apiserver.
// The provider's task has the scheduler's global scope, so exactly one replica syncs and
// watches at a time; a replica that shuts down hands its lease over within seconds.
// scripts/test.sh starts PostgreSQL (scripts/postgres.sh) and sets KRATIX_TEST_POSTGRES_URL.

jest.setTimeout(600_000);

const api = readPromiseApi(workshopScenario.promise)!;

type LogLine = { at: number; message: string };

/** A root logger that keeps every line, so the test can see what each replica did. */
function recordingLogger(lines: LogLine[]) {
  const make = (meta: Record<string, unknown>): LoggerService => {
    const log = (level: string) => (message: string) => {
      lines.push({ at: Date.now(), message });
      if (level === 'error' && process.env.KRATIX_TEST_VERBOSE) {
        // eslint-disable-next-line no-console
        console.error(meta, message);
      }
    };
    return {
      error: log('error'),
      warn: log('warn'),
      info: log('info'),
      debug: () => {},
      child: more => make({ ...meta, ...more }),
    };
  };
  return createServiceFactory({
    service: coreServices.rootLogger,
    deps: {},
    factory: () => make({}) as any,
  });
}

/** [start, end] of every lease a replica held, from its log; an open lease ends now. */
function leasesOf(lines: LogLine[]): Array<[number, number]> {
  const leases: Array<[number, number]> = [];
  let start: number | undefined;
  for (const { at, message } of lines) {
    if (message.startsWith('Took the catalog lease')) start = at;
    if (message.startsWith('Released the catalog lease') && start) {
      leases.push([start, at]);
      start = undefined;
    }
  }
  if (start) leases.push([start, Date.now()]);
  return leases;
}

const holds = (lines: LogLine[]) => {
  const last = lines.filter(l => l.message.includes('the catalog lease')).pop();
  return !!last?.message.startsWith('Took');
};

describe('two backend replicas on PostgreSQL', () => {
  const url = process.env.KRATIX_TEST_POSTGRES_URL;
  const prefix = `kbrep_${process.pid}_${Date.now() % 100000}_`;
  let env: KratixTestEnvironment;
  let kratix: KratixDriver;
  const replicas: Array<{
    name: string;
    backend?: TestBackend;
    lines: LogLine[];
  }> = [];

  const startReplica = async (name: string) => {
    const pg = new URL(url!);
    const lines: LogLine[] = [];
    const backend = await startTestBackend({
      features: [
        catalogPlugin,
        scaffolderEntityModel,
        catalogModuleKratixEntityProvider,
        kratixPlatformsServiceFactory,
        schedulerServiceFactory,
        // The real database service: each replica its own pool, one shared database.
        mockServices.database.factory(),
        recordingLogger(lines),
        mockServices.rootConfig.factory({
          data: {
            backend: {
              database: {
                client: 'pg',
                connection: {
                  host: pg.hostname,
                  port: Number(pg.port || 5432),
                  user: decodeURIComponent(pg.username),
                  password: decodeURIComponent(pg.password),
                },
                prefix,
              },
            },
            catalog: {
              rules: [{ allow: ['Component', 'Resource', 'Template'] }],
            },
            kratix: {
              catalog: {
                // Short leases, so several change hands during the test.
                schedule: {
                  frequency: { seconds: 8 },
                  timeout: { seconds: 30 },
                },
                batchMs: 200,
              },
              platforms: [
                {
                  name: 'testenv',
                  kubeconfig: { path: env.kubeconfigPath, context: 'platform' },
                },
              ],
            },
          },
        }),
      ],
    });
    const replica = { name, backend, lines };
    replicas.push(replica);
    return replica;
  };

  const requestNames = async (backend: TestBackend) => {
    const res = await request(backend.server)
      .get(
        '/api/catalog/entities?filter=kind=resource,spec.type=kratix-resource',
      )
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    return (res.body as any[])
      .map(e => e.metadata.annotations['kratix.io/name'])
      .sort();
  };

  beforeAll(async () => {
    if (!url) {
      throw new Error(
        'KRATIX_TEST_POSTGRES_URL is not set: run scripts/test.sh, or start PostgreSQL with scripts/postgres.sh and export its URL',
      );
    }
    ({ env, kratix } = await startWorkshopPlatform({
      flux: false,
      suite: 'catalog replicas',
    }));
    // One after the other, as a rolling deployment starts them: two replicas creating
    // the same fresh database's migration table at once collide in knex.
    await startReplica('a');
    await startReplica('b');
  });

  afterAll(async () => {
    for (const r of replicas) await r.backend?.stop();
    await kratix?.stop();
    await env?.stop();
    if (url) await dropPostgresDatabases(url, prefix);
  });

  it('syncs and watches on exactly one replica at a time', async () => {
    const [a, b] = replicas;
    // Both replicas serve the same catalog.
    for (const r of [a, b]) {
      await waitFor(
        `the workshop requests through replica ${r.name}`,
        async () => {
          const names = await requestNames(r.backend!);
          return names.length === 2 ? names : undefined;
        },
        { timeoutMs: 60_000, intervalMs: 200 },
      );
    }
    expect(await requestNames(b.backend!)).toEqual([
      'example',
      'second-request',
    ]);
    // Let several 8 s leases pass.
    await waitFor(
      'four leases',
      async () =>
        leasesOf(a.lines).length + leasesOf(b.lines).length >= 4
          ? true
          : undefined,
      { timeoutMs: 90_000, intervalMs: 500 },
    );
    const leasesA = leasesOf(a.lines);
    const leasesB = leasesOf(b.lines);
    for (const [startA, endA] of leasesA) {
      for (const [startB, endB] of leasesB) {
        const overlap = Math.min(endA, endB) - Math.max(startA, startB);
        expect(overlap).toBeLessThanOrEqual(0);
      }
    }
    // Every full sync ran inside a lease of its replica.
    for (const r of [a, b]) {
      const leases = leasesOf(r.lines);
      const syncs = r.lines.filter(l => l.message.startsWith('Synced '));
      for (const sync of syncs) {
        expect(
          leases.some(([start, end]) => sync.at >= start && sync.at <= end),
        ).toBe(true);
      }
    }
    // eslint-disable-next-line no-console
    console.log(
      `Leases: replica a ${leasesA.length}, replica b ${leasesB.length}, never overlapping`,
    );
  });

  it('hands the lease over when the replica holding it shuts down', async () => {
    // Stop a replica just after it took a lease: without a hand-over the next run
    // would only be due a whole lease (8 s) later.
    const since = Date.now();
    const holder = await waitFor(
      'a replica taking a new lease',
      async () =>
        replicas.find(
          r =>
            holds(r.lines) &&
            r.lines.some(
              l =>
                l.at > since && l.message.startsWith('Took the catalog lease'),
            ),
        ),
      { timeoutMs: 30_000, intervalMs: 50 },
    );
    const other = replicas.find(r => r !== holder)!;
    const stopAt = Date.now();
    await holder.backend!.stop();
    holder.backend = undefined;
    expect(
      holder.lines.some(l =>
        l.message.startsWith('Handed the catalog lease of Kratix platform'),
      ),
    ).toBe(true);

    // The other replica takes over at its next poll, not at the next scheduled run.
    const takenAt = await waitFor(
      'the other replica to take the lease',
      async () =>
        other.lines.find(
          l => l.at > stopAt && l.message.startsWith('Took the catalog lease'),
        )?.at,
      { timeoutMs: 30_000, intervalMs: 100 },
    );
    expect(takenAt - stopAt).toBeLessThan(6_000);
    // Released before it was taken: still one holder at a time.
    const [, releasedAt] = leasesOf(holder.lines).pop()!;
    expect(releasedAt).toBeLessThanOrEqual(takenAt);

    // And keeps the catalog current: a new request shows up within seconds.
    const objects = env.platform.kubeConfig.makeApiClient(CustomObjectsApi);
    await objects.createNamespacedCustomObject({
      group: api.group,
      version: api.version,
      plural: api.plural,
      namespace: 'default',
      body: {
        apiVersion: `${api.group}/${api.version}`,
        kind: api.kind,
        metadata: { name: 'after-handover', namespace: 'default' },
        spec: { enableDataCollection: false },
      },
    });
    await waitFor(
      'the new request through the remaining replica',
      async () =>
        (await requestNames(other.backend!)).includes('after-handover')
          ? true
          : undefined,
      { timeoutMs: 15_000, intervalMs: 200 },
    );
    // eslint-disable-next-line no-console
    console.log(`Lease handed over in ${takenAt - stopAt} ms`);
  });
});
