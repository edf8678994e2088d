import { Readable } from 'node:stream';
import {
  mockServices,
  TestDatabases,
  type TestDatabaseId,
} from '@backstage/backend-test-utils';
import type {
  KratixObjectEvent,
  KratixPlatforms,
  KubeObject,
} from '@kratix-backstage/plugin-kratix-node';
import { LogArchive, terminatedContainers } from './LogArchive';
import { cutMarker } from './TailBuffer';

jest.setTimeout(60_000);

// SQLite always; PostgreSQL where scripts/test.sh (scripts/postgres.sh) provides one.
const ids: TestDatabaseId[] = [
  'SQLITE_3',
  ...(process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING
    ? (['POSTGRES_15'] as const)
    : []),
];
const databases = TestDatabases.create({ ids });

const pod = (name: string, uid = `uid-${name}`): KubeObject =>
  ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'default',
      uid,
      labels: { 'app.kubernetes.io/managed-by': 'Kratix' },
    },
    status: {
      initContainerStatuses: [
        {
          name: 'reader',
          state: {
            terminated: { exitCode: 0, finishedAt: '2026-12-05T01:00:00Z' },
          },
        },
        {
          name: 'pipeline-stage-0',
          state: { running: { startedAt: '2026-12-05T01:00:00Z' } },
        },
      ],
      containerStatuses: [{ name: 'status-writer', state: { waiting: {} } }],
    },
  } as any);

/** One platform whose Pod events the test sends, and whose logs it serves. */
function fakePlatforms(logs: Record<string, () => Buffer[]>) {
  const listeners = new Set<(event: KratixObjectEvent) => void>();
  const readLogs = jest.fn(
    async (_ns: string, podName: string, container: string) => {
      const make = logs[`${podName}/${container}`];
      if (!make) {
        return {
          available: false as const,
          reason: 'pod-gone' as const,
          message: 'gone',
        };
      }
      return { available: true as const, stream: Readable.from(make()) };
    },
  );
  const platform = {
    name: 'p1',
    title: 'P1',
    demo: false,
    connection: 'kubeconfig',
    workers: [],
    kratix: {
      readLogs,
      subscribe: (_kinds: string[], listener: any) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
  };
  const platforms = {
    list: () => [platform],
    get: (name: string) => (name === 'p1' ? platform : undefined),
    stop: async () => {},
  } as unknown as KratixPlatforms;
  const emit = (object: KubeObject) =>
    listeners.forEach(l => l({ type: 'modified', kind: 'pods', object }));
  return { platforms, readLogs, emit };
}

const settings = {
  enabled: true,
  maxBytesPerContainer: 4096,
  retentionMs: 24 * 3600 * 1000,
};

describe.each(databases.eachSupportedId())('LogArchive on %p', databaseId => {
  async function twoReplicas(logs: Record<string, () => Buffer[]>) {
    const knex = await databases.init(databaseId);
    const fake = fakePlatforms(logs);
    const make = (instanceId: string) =>
      LogArchive.create({
        database: mockServices.database({ knex }),
        platforms: fake.platforms,
        logger: mockServices.logger.mock(),
        settings,
        options: { settleMs: 0, instanceId },
      });
    // One after the other, as replicas start: both see the migrated database.
    const a = await make('a');
    const b = await make('b');
    return { knex, a, b, ...fake };
  }

  it('finds the terminated containers of a Pod in its status', () => {
    expect(terminatedContainers('p1', pod('x'))).toEqual([
      {
        platform: 'p1',
        namespace: 'default',
        pod: 'x',
        podUid: 'uid-x',
        container: 'reader',
        finishedAt: '2026-12-05T01:00:00Z',
      },
    ]);
  });

  it('archives a terminated container once across two replicas, and serves it byte for byte', async () => {
    const text = Buffer.from('first line\nsecond line é\nno newline at end');
    const { a, b, readLogs, emit, knex } = await twoReplicas({
      'run-1/reader': () => [text.subarray(0, 5), text.subarray(5)],
    });
    a.start();
    b.start();
    // Both replicas see the Pod, several times (every status change is an event).
    emit(pod('run-1'));
    emit(pod('run-1'));
    await Promise.all([a.settled(), b.settled()]);
    expect(readLogs).toHaveBeenCalledTimes(1);
    const rows = await knex('kratix_log_archive').select('claimed_by', 'state');
    expect(rows).toEqual([
      { claimed_by: expect.stringMatching(/^[ab]$/), state: 'stored' },
    ]);
    for (const replica of [a, b]) {
      const found = await replica.find('p1', 'default', 'run-1', 'reader');
      expect(found?.content.equals(text)).toBe(true);
      expect(found).toMatchObject({
        podUid: 'uid-run-1',
        finishedAt: '2026-12-05T01:00:00.000Z',
        originalBytes: text.length,
        keptBytes: text.length,
        cutBytes: 0,
      });
      expect(Date.parse(found!.archivedAt)).toBeGreaterThan(0);
    }
    expect(await a.find('p1', 'default', 'run-1', 'other')).toBeUndefined();
    a.stop();
    b.stop();
  });

  it('lets exactly one of two replicas claim a container when both try at once', async () => {
    const { a, b, readLogs } = await twoReplicas({
      'run-2/reader': () => [Buffer.from('hello\n')],
    });
    const [c] = terminatedContainers('p1', pod('run-2'));
    const outcomes = await Promise.all([a.archive(c), b.archive(c)]);
    expect(outcomes.sort()).toEqual(['already-claimed', 'archived']);
    expect(readLogs).toHaveBeenCalledTimes(1);
    // A Pod of the same name but another uid (a new run) is another log.
    const [again] = terminatedContainers('p1', pod('run-2', 'uid-new'));
    expect(await b.archive(again)).toBe('archived');
  });

  it('keeps the tail of a log over the cap, with the marker', async () => {
    const line = (i: number) => `log line number ${String(i).padStart(6)}\n`;
    const { a } = await twoReplicas({
      'run-3/reader': () =>
        Array.from({ length: 10_000 }, (_, i) => Buffer.from(line(i))),
    });
    const [c] = terminatedContainers('p1', pod('run-3'));
    expect(await a.archive(c)).toBe('archived');
    const found = (await a.find('p1', 'default', 'run-3', 'reader'))!;
    expect(found.content.length).toBeLessThanOrEqual(4096);
    const text = found.content.toString();
    expect(text.startsWith(cutMarker(found.cutBytes, found.cutLines))).toBe(
      true,
    );
    expect(text.endsWith(line(9999))).toBe(true);
    expect(found.originalBytes).toBe(10_000 * line(0).length);
    expect(found.cutLines).toBe(found.cutBytes / line(0).length);
  });

  it('gives the claim back when there is no log to read, and removes old logs', async () => {
    const { a, knex } = await twoReplicas({
      'run-4/reader': () => [Buffer.from('kept\n')],
    });
    const [gone] = terminatedContainers('p1', pod('run-gone'));
    expect(await a.archive(gone)).toBe('no-log');
    expect(
      Number((await knex('kratix_log_archive').count({ n: '*' }))[0].n),
    ).toBe(0);
    const [c] = terminatedContainers('p1', pod('run-4'));
    expect(await a.archive(c)).toBe('archived');
    expect(await a.cleanup(Date.now())).toBe(0);
    expect(await a.cleanup(Date.now() + settings.retentionMs + 1000)).toBe(1);
    expect(await a.find('p1', 'default', 'run-4', 'reader')).toBeUndefined();
  });
});
