import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { dropPostgresDatabases, waitFor } from '@internal/kratix-testenv';

// Starts this package's real backend (src/index.ts, through `backstage-cli package start`)
// with app-config.yaml + app-config.production.yaml against a real PostgreSQL server, and
// checks that it comes up, stays up, logs no error and keeps its catalog in PostgreSQL.
// scripts/test.sh starts the server (scripts/postgres.sh) and sets KRATIX_TEST_POSTGRES_URL.

jest.setTimeout(240_000);

const root = resolve(__dirname, '../../..');
// Colour codes in the log, should a terminal setting force them.
// eslint-disable-next-line no-control-regex
const ansi = /\u001b\[[0-9;]*m/g;

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => ok(port));
    });
  });
}

describe('backend on PostgreSQL (app-config.production.yaml)', () => {
  const url = process.env.KRATIX_TEST_POSTGRES_URL;
  const prefix = `kbtest_${process.pid}_${Date.now() % 100000}_`;
  let backend: ChildProcess | undefined;
  let output = '';
  let exited: number | null | undefined;
  let port = 0;

  beforeAll(async () => {
    if (!url) {
      throw new Error(
        'KRATIX_TEST_POSTGRES_URL is not set: run scripts/test.sh, or start PostgreSQL with scripts/postgres.sh and export its URL',
      );
    }
    const pg = new URL(url);
    port = await freePort();
    backend = spawn(
      process.execPath,
      [
        require.resolve('@backstage/cli/bin/backstage-cli'),
        'package',
        'start',
        '--config',
        resolve(root, 'app-config.yaml'),
        '--config',
        resolve(root, 'app-config.production.yaml'),
      ],
      {
        cwd: resolve(root, 'packages/backend'),
        detached: true,
        env: {
          ...process.env,
          // Jest sets NODE_ENV=test; the backend runs as `yarn start` runs it.
          NODE_ENV: 'development',
          POSTGRES_HOST: pg.hostname,
          POSTGRES_PORT: pg.port || '5432',
          POSTGRES_USER: decodeURIComponent(pg.username),
          POSTGRES_PASSWORD: decodeURIComponent(pg.password),
          APP_CONFIG_backend_listen_port: String(port),
          APP_CONFIG_backend_baseUrl: `http://localhost:${port}`,
          APP_CONFIG_backend_database_prefix: prefix,
          FORCE_COLOR: '0',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    backend.stdout!.on('data', d => (output += d));
    backend.stderr!.on('data', d => (output += d));
    backend.on('exit', code => (exited = code));

    await waitFor(
      'the backend to be ready',
      async () => {
        const res = await fetch(
          `http://localhost:${port}/.backstage/health/v1/readiness`,
        );
        return res.ok ? true : undefined;
      },
      {
        timeoutMs: 180_000,
        intervalMs: 500,
        // Stop waiting at once when the backend died.
        check: () => {
          if (exited !== undefined) {
            throw new Error(
              `backend exited with ${exited}:\n${output.slice(-3000)}`,
            );
          }
        },
      },
    );
  });

  afterAll(async () => {
    if (backend?.pid && exited === undefined) {
      process.kill(-backend.pid, 'SIGTERM');
      await waitFor(
        'the backend to stop',
        async () => (exited !== undefined ? true : undefined),
        { timeoutMs: 20_000 },
      ).catch(() => process.kill(-backend!.pid!, 'SIGKILL'));
    }
    if (url) await dropPostgresDatabases(url, prefix);
  });

  it('serves the catalog from PostgreSQL databases of its own', async () => {
    const token = await waitFor(
      'a guest token',
      async () => {
        const res = await fetch(
          `http://localhost:${port}/api/auth/guest/refresh?env=development`,
          { headers: { 'X-Requested-With': 'XMLHttpRequest' } },
        );
        return res.ok
          ? ((await res.json()).backstageIdentity.token as string)
          : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 500 },
    );
    const guest = await waitFor(
      'user:default/guest in the catalog',
      async () => {
        const res = await fetch(
          `http://localhost:${port}/api/catalog/entities/by-name/user/default/guest`,
          { headers: { Authorization: `Bearer ${token}` } },
        );
        return res.ok ? await res.json() : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    expect(guest.metadata.name).toBe('guest');

    const client = new Client({ connectionString: `${url}/postgres` });
    await client.connect();
    const { rows } = await client.query(
      'SELECT datname FROM pg_database WHERE datname LIKE $1 ORDER BY datname',
      [`${prefix}%`],
    );
    await client.end();
    const databases = rows.map(r => r.datname.slice(prefix.length));
    expect(databases).toEqual(
      expect.arrayContaining(['auth', 'catalog', 'scaffolder']),
    );
  });

  it('stays up and logs no error', async () => {
    await new Promise(r => setTimeout(r, 3000));
    expect(exited).toBeUndefined();
    const errors = output
      .replace(ansi, '')
      .split('\n')
      .filter(line => /\berror\b/i.test(line));
    expect(errors).toEqual([]);
  });
});
