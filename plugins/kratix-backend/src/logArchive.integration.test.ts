import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreV1Api } from '@kubernetes/client-node';
import {
  coreServices,
  createServiceFactory,
  type LoggerService,
} from '@backstage/backend-plugin-api';
import {
  mockServices,
  startTestBackend,
  type TestBackend,
} from '@backstage/backend-test-utils';
import {
  dropPostgresDatabases,
  type KratixDriver,
  type KratixTestEnvironment,
  startWorkshopPlatform,
  waitFor,
} from '@internal/kratix-testenv';
import request from 'supertest';
import kratixPlugin from '.';

// Logs that outlive the Pod: two backend replicas on one database (SQLite, then
// PostgreSQL) archive each terminated pipeline container of the workshop's runs exactly
// once; once a run's Pod is deleted (as Kratix's pruning, or the Job's TTL, does), its
// stage logs are still served, byte for byte, marked "archived".
// scripts/test.sh starts PostgreSQL (scripts/postgres.sh) and sets KRATIX_TEST_POSTGRES_URL.

jest.setTimeout(600_000);

const API = '/api/kratix';
const PLATFORM = `${API}/platforms/testenv`;

/** A root logger that keeps every line, so the test can see what each replica archived. */
function recordingLogger(lines: string[]) {
  const make = (): LoggerService => {
    const log = (message: string) => {
      lines.push(message);
    };
    return {
      error: log,
      warn: log,
      info: log,
      debug: () => {},
      child: () => make(),
    };
  };
  return createServiceFactory({
    service: coreServices.rootLogger,
    deps: {},
    factory: () => make() as any,
  });
}

/** The body of a text response as bytes, exactly as the backend sent them. */
const raw = (req: request.Test) =>
  req.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });

describe('the log archive on real clusters', () => {
  let env: KratixTestEnvironment;
  let kratix: KratixDriver;
  let core: CoreV1Api;

  beforeAll(async () => {
    ({ env, kratix } = await startWorkshopPlatform({
      flux: false,
      suite: 'log archive',
    }));
    core = env.platform.kubeConfig.makeApiClient(CoreV1Api);
  });

  afterAll(async () => {
    await kratix?.stop();
    await env?.stop();
  });

  const databases: Array<{
    name: string;
    request: string;
    setUp: () => Promise<{ database: object; tearDown: () => Promise<void> }>;
  }> = [
    {
      name: 'SQLite',
      request: 'example',
      setUp: async () => {
        // One file shared by both replicas: `<directory>/kratix.sqlite`.
        const directory = await mkdtemp(join(tmpdir(), 'kratix-log-archive-'));
        return {
          database: { client: 'better-sqlite3', connection: { directory } },
          tearDown: () => rm(directory, { recursive: true, force: true }),
        };
      },
    },
    {
      name: 'PostgreSQL',
      request: 'second-request',
      setUp: async () => {
        const url = process.env.KRATIX_TEST_POSTGRES_URL;
        if (!url) {
          throw new Error(
            'KRATIX_TEST_POSTGRES_URL is not set: run scripts/test.sh, or start PostgreSQL with scripts/postgres.sh and export its URL',
          );
        }
        const pg = new URL(url);
        const prefix = `kblog_${process.pid}_${Date.now() % 100000}_`;
        return {
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
          tearDown: async () => {
            await dropPostgresDatabases(url, prefix);
          },
        };
      },
    },
  ];

  describe.each(databases)('on $name', ({ setUp, request: requestName }) => {
    const replicas: Array<{ backend: TestBackend; lines: string[] }> = [];
    let tearDown: (() => Promise<void>) | undefined;

    beforeAll(async () => {
      const db = await setUp();
      tearDown = db.tearDown;
      // One after the other, as a rolling deployment starts them.
      for (let i = 0; i < 2; i++) {
        const lines: string[] = [];
        const backend = await startTestBackend({
          features: [
            kratixPlugin,
            mockServices.database.factory(),
            recordingLogger(lines),
            mockServices.rootConfig.factory({
              data: {
                backend: { database: db.database },
                kratix: {
                  platforms: [
                    {
                      name: 'testenv',
                      kubeconfig: {
                        path: env.kubeconfigPath,
                        context: 'platform',
                      },
                    },
                  ],
                },
              },
            }),
          ],
        });
        replicas.push({ backend, lines });
      }
    });

    afterAll(async () => {
      for (const r of replicas) await r.backend.stop();
      await tearDown?.();
    });

    it('archives each stage once across both replicas, and serves them byte for byte once the Pod is deleted', async () => {
      const [a, b] = replicas;
      const runs = await request(a.backend.server).get(
        `${PLATFORM}/requests/default/elastic-cloud/${requestName}/runs`,
      );
      expect(runs.status).toBe(200);
      const podName: string = runs.body.items[0].pod;
      const pod = await core.readNamespacedPod({
        name: podName,
        namespace: 'default',
      });
      const containers = [
        ...(pod.spec?.initContainers ?? []),
        ...(pod.spec?.containers ?? []),
      ].map(c => c.name);
      expect(containers.length).toBeGreaterThan(1);
      const logs = `${PLATFORM}/pods/default/${podName}/logs`;

      // Every stage archived, by exactly one replica.
      const archivedBy = (container: string) =>
        replicas.flatMap(r =>
          r.lines.filter(l =>
            l.startsWith(
              `Archived the log of default/${podName}/${container} on platform 'testenv'`,
            ),
          ),
        );
      await waitFor(
        'every stage of the run archived',
        async () =>
          containers.every(c => archivedBy(c).length > 0) ? true : undefined,
        { timeoutMs: 60_000, intervalMs: 250 },
      );

      // The live logs, as the kubelet serves them while the Pod is there.
      const live = new Map<string, Buffer>();
      for (const container of containers) {
        const res = await raw(
          request(a.backend.server).get(`${logs}/${container}`),
        );
        expect(res.status).toBe(200);
        expect(res.headers['x-kratix-log-source']).toBeUndefined();
        live.set(container, res.body as Buffer);
      }
      expect([...live.values()].some(l => l.length > 0)).toBe(true);

      // Gone, as Kratix's pruning (or podTTLSecondsAfterFinished) makes it.
      await core.deleteNamespacedPod({
        name: podName,
        namespace: 'default',
        gracePeriodSeconds: 0,
      });
      await waitFor(
        'the Pod gone from the API server',
        async () => {
          try {
            await core.readNamespacedPod({
              name: podName,
              namespace: 'default',
            });
            return undefined;
          } catch {
            return true;
          }
        },
        { timeoutMs: 60_000, intervalMs: 250 },
      );

      for (const r of [a, b]) {
        for (const container of containers) {
          const res = await waitFor(
            `the archived log of ${container}`,
            async () => {
              const answer = await raw(
                request(r.backend.server).get(`${logs}/${container}`),
              );
              return answer.headers['x-kratix-log-source'] === 'archive'
                ? answer
                : undefined;
            },
            { timeoutMs: 30_000, intervalMs: 250 },
          );
          expect(res.status).toBe(200);
          expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
          expect(
            Date.parse(res.headers['x-kratix-log-archived-at']),
          ).toBeGreaterThan(0);
          expect((res.body as Buffer).equals(live.get(container)!)).toBe(true);
        }
      }

      // Tail and download work on the archive too.
      const stage = containers.find(c => live.get(c)!.includes('\n'))!;
      const lastLine = live.get(stage)!.toString().trimEnd().split('\n').pop();
      const tail = await request(b.backend.server).get(
        `${logs}/${stage}?tailLines=1`,
      );
      expect(tail.text).toBe(`${lastLine}\n`);
      const download = await request(b.backend.server).get(
        `${logs}/${stage}?download=true`,
      );
      expect(download.headers['content-disposition']).toBe(
        `attachment; filename="${podName}_${stage}.log"`,
      );
      expect(download.headers['x-kratix-log-archived-at']).toBeDefined();

      // Exactly once: each stage archived by one replica, one time.
      for (const container of containers) {
        expect(archivedBy(container)).toHaveLength(1);
      }
    });
  });
});
