/* eslint-disable no-console */
// The log archive benchmark; run it through scripts/bench-log-archive.sh.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import knexFactory from 'knex';
import type {
  DatabaseService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { KratixPlatforms } from '@kratix-backstage/plugin-kratix-node';
import {
  DEFAULT_MAX_BYTES_PER_CONTAINER,
  LogArchive,
  terminatedContainers,
} from '../plugins/kratix-backend/src/logArchive';

const MB = 1024 * 1024;
const LOG_MB = Number(process.env.BENCH_LOG_MB ?? 50);
const CAP = Number(
  process.env.BENCH_CAP_BYTES ?? DEFAULT_MAX_BYTES_PER_CONTAINER,
);
const DATABASE_URL = process.env.BENCH_DATABASE_URL;

/** A pipeline log of `bytes`, generated as it is read (never whole in memory). */
function generatedLog(bytes: number): Readable {
  let written = 0;
  let line = 0;
  return new Readable({
    read() {
      const lines: string[] = [];
      let size = 0;
      while (size < 64 * 1024 && written + size < bytes) {
        line += 1;
        const text = `2026-12-05T01:00:00.${String(line % 1000).padStart(
          3,
          '0',
        )}Z INFO bench-line ${line} rendering manifests for the request; ${
          line % 7 === 0 ? '\u001b[32mok\u001b[0m' : 'step done'
        }\n`;
        lines.push(text);
        size += text.length;
      }
      if (!lines.length) {
        this.push(null);
        return;
      }
      written += size;
      this.push(Buffer.from(lines.join('')));
    },
  });
}

const quietLogger: LoggerService = {
  error: () => {},
  warn: () => {},
  info: () => {},
  debug: () => {},
  child: () => quietLogger,
};

function fakePlatforms(bytes: number): KratixPlatforms {
  const platform = {
    name: 'bench',
    title: 'Bench',
    demo: false,
    connection: 'kubeconfig',
    workers: [],
    kratix: {
      readLogs: async () => ({
        available: true as const,
        stream: generatedLog(bytes),
      }),
      subscribe: () => () => {},
    },
  };
  return {
    list: () => [platform],
    get: () => platform,
    stop: async () => {},
  } as unknown as KratixPlatforms;
}

const mb = (n: number) => (n / MB).toFixed(1);

async function run(name: string, knex: ReturnType<typeof knexFactory>) {
  const database = {
    getClient: async () => knex,
  } as unknown as DatabaseService;
  const archive = await LogArchive.create({
    database,
    platforms: fakePlatforms(LOG_MB * MB),
    logger: quietLogger,
    settings: {
      enabled: true,
      maxBytesPerContainer: CAP,
      retentionMs: 3600_000,
    },
  });
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'bench-pod', namespace: 'default', uid: `u-${name}` },
    status: {
      containerStatuses: [
        { name: 'pipeline-stage-0', state: { terminated: { exitCode: 0 } } },
      ],
    },
  };
  const [container] = terminatedContainers('bench', pod as any);

  global.gc?.();
  const before = process.memoryUsage();
  const peak = {
    heapUsed: before.heapUsed,
    external: before.external,
    rss: before.rss,
  };
  const sampler = setInterval(() => {
    const now = process.memoryUsage();
    peak.heapUsed = Math.max(peak.heapUsed, now.heapUsed);
    peak.external = Math.max(peak.external, now.external);
    peak.rss = Math.max(peak.rss, now.rss);
  }, 5);
  const started = performance.now();
  const outcome = await archive.archive(container);
  const ms = performance.now() - started;
  clearInterval(sampler);
  global.gc?.();
  const after = process.memoryUsage();

  const row = await knex('kratix_log_archive')
    .where({ pod: 'bench-pod', pod_uid: `u-${name}` })
    .first();
  const stored = Buffer.byteLength(row.content);
  const found = await archive.find(
    'bench',
    'default',
    'bench-pod',
    'pipeline-stage-0',
  );
  const firstLine = found!.content.toString('utf8', 0, 200).split('\n')[0];
  console.log(`\n== ${name}: a ${LOG_MB} MB log, cap ${CAP} bytes`);
  console.log(`outcome            ${outcome}`);
  console.log(`archive time       ${ms.toFixed(0)} ms`);
  console.log(
    `log bytes          ${Number(row.original_bytes)} read, ${Number(
      row.kept_bytes,
    )} kept, ${Number(row.cut_bytes)} cut (${Number(row.cut_lines)} lines)`,
  );
  console.log(
    `stored bytes       ${stored} (gzip; ${(
      (100 * stored) /
      Number(row.original_bytes)
    ).toFixed(2)}% of the log), kept text with marker ${
      found!.content.length
    } <= cap ${CAP}: ${found!.content.length <= CAP}`,
  );
  console.log(`marker             ${firstLine}`);
  console.log(
    `heap MB            before ${mb(before.heapUsed)}, after ${mb(
      after.heapUsed,
    )}, peak ${mb(peak.heapUsed)} (+${mb(peak.heapUsed - before.heapUsed)})`,
  );
  console.log(
    `external MB        before ${mb(before.external)}, after ${mb(
      after.external,
    )}, peak ${mb(peak.external)} (+${mb(
      peak.external - before.external,
    )}) (Buffers)`,
  );
  console.log(
    `rss MB             before ${mb(before.rss)}, after ${mb(
      after.rss,
    )}, peak ${mb(peak.rss)}`,
  );
  archive.stop();
}

async function main() {
  const dir = await mkdtemp(join(tmpdir(), 'kratix-bench-log-archive-'));
  try {
    const sqlite = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: join(dir, 'kratix.sqlite') },
      useNullAsDefault: true,
    });
    await run('SQLite', sqlite);
    await sqlite.destroy();
    if (DATABASE_URL) {
      const dbName = `kratix_bench_log_${process.pid}`;
      const maintenance = new URL(DATABASE_URL);
      maintenance.pathname = '/postgres';
      const admin = knexFactory({
        client: 'pg',
        connection: maintenance.toString(),
      });
      await admin.raw(`CREATE DATABASE ${dbName}`);
      const url = new URL(DATABASE_URL);
      url.pathname = `/${dbName}`;
      const pg = knexFactory({ client: 'pg', connection: url.toString() });
      try {
        await run('PostgreSQL', pg);
      } finally {
        await pg.destroy();
        await admin.raw(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
        await admin.destroy();
      }
    } else {
      console.log(
        '\n(PostgreSQL skipped: set BENCH_DATABASE_URL, e.g. $(scripts/postgres.sh | tail -1))',
      );
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
