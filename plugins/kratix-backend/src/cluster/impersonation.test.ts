import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ClusterAuth } from './auth/ClusterAuth';
import { impersonationHeaders, withHeaders } from './impersonation';
import { KubeHttpClient } from './KubeHttpClient';

describe('impersonationHeaders', () => {
  it('names the user once and each group once, in order', () => {
    expect(
      impersonationHeaders({
        user: 'alice',
        groups: ['team-a', 'platform', 'team-a'],
      }),
    ).toEqual({
      'Impersonate-User': 'alice',
      'Impersonate-Group': ['team-a', 'platform'],
    });
    expect(impersonationHeaders({ user: 'bob', groups: [] })).toEqual({
      'Impersonate-User': 'bob',
    });
  });

  it('refuses a value a header cannot carry', () => {
    expect(() => impersonationHeaders({ user: '', groups: [] })).toThrow(
      'Cannot impersonate user "": it must be non-empty',
    );
    expect(() =>
      impersonationHeaders({ user: 'alice\r\nX-Other: 1', groups: [] }),
    ).toThrow(/control characters/);
    expect(() =>
      impersonationHeaders({ user: 'alice', groups: [' team-a'] }),
    ).toThrow('Cannot impersonate group " team-a"');
  });
});

describe('withHeaders', () => {
  const added = { 'impersonate-user': 'alice', 'impersonate-group': ['a'] };

  it('adds to headers in every form undici passes them, replacing any impersonation', () => {
    const expected = {
      accept: 'application/json',
      'impersonate-user': 'alice',
      'impersonate-group': ['a'],
    };
    expect(
      withHeaders(
        { accept: 'application/json', 'Impersonate-User': 'mallory' },
        added,
      ),
    ).toEqual(expected);
    expect(
      withHeaders(
        ['Accept', 'application/json', 'impersonate-group', 'x'],
        added,
      ),
    ).toEqual({ ...expected, accept: 'application/json' });
    expect(
      withHeaders(new Map([['accept', 'application/json']]), added),
    ).toEqual(expected);
    expect(withHeaders(undefined, added)).toEqual({
      'impersonate-user': 'alice',
      'impersonate-group': ['a'],
    });
  });
});

describe('KubeHttpClient with impersonation', () => {
  let server: Server;
  let url: string;
  const received: Array<{ method?: string; path?: string; raw: string[] }> = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      received.push({ method: req.method, path: req.url, raw: req.rawHeaders });
      req.resume();
      req.on('end', () => {
        if (req.url?.startsWith('/forbidden')) {
          res.writeHead(403, { 'Content-Type': 'application/json' });
          res.end(
            JSON.stringify({
              kind: 'Status',
              status: 'Failure',
              reason: 'Forbidden',
              code: 403,
              message:
                'elastic-clouds.workshop.kratix.io is forbidden: User "alice" cannot create resource "elastic-clouds" in API group "workshop.kratix.io" in the namespace "team-b"',
            }),
          );
          return;
        }
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end('{"metadata":{"name":"x"}}');
      });
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise(resolve => server.close(resolve));
  });

  const auth = (): ClusterAuth => ({
    server: () => url,
    authenticate: async () => ({ headers: { Authorization: 'Bearer sa' } }),
    refused: () => false,
    close: async () => undefined,
  });

  /** The values of one header, each line on its own. */
  const lines = (raw: string[], name: string) =>
    raw.filter((_v, i) => i % 2 === 1 && raw[i - 1].toLowerCase() === name);

  it('sends one Impersonate-Group line per group, with the platform credentials', async () => {
    received.length = 0;
    const client = new KubeHttpClient(auth(), 'prod', 5000);
    const impersonate = { user: 'alice', groups: ['team-a', 'platform-team'] };
    await client.post(
      '/apis/x/v1/namespaces/team-a/things',
      { a: 1 },
      {},
      {
        impersonate,
      },
    );
    await client.mergePatch(
      '/apis/x/v1/namespaces/team-a/things/x',
      {},
      {
        impersonate,
      },
    );
    await client.delete(
      '/apis/x/v1/namespaces/team-a/things/x',
      {},
      {
        impersonate,
      },
    );
    await client.apply(
      '/apis/x/v1/namespaces/team-a/things/x',
      {},
      {},
      {
        impersonate,
      },
    );
    await client.get('/apis/x/v1/namespaces/team-a/things/x', undefined, {
      impersonate,
    });
    await client.close();
    expect(received.map(r => r.method)).toEqual([
      'POST',
      'PATCH',
      'DELETE',
      'PATCH',
      'GET',
    ]);
    for (const { raw } of received) {
      expect(lines(raw, 'impersonate-user')).toEqual(['alice']);
      expect(lines(raw, 'impersonate-group')).toEqual([
        'team-a',
        'platform-team',
      ]);
      expect(lines(raw, 'authorization')).toEqual(['Bearer sa']);
    }
  });

  it('sends no impersonation without it', async () => {
    received.length = 0;
    const client = new KubeHttpClient(auth(), 'prod', 5000);
    await client.post('/apis/x/v1/namespaces/team-a/things', {});
    await client.get('/apis/x/v1/namespaces/team-a/things/x');
    await client.close();
    for (const { raw } of received) {
      expect(raw.map(h => h.toLowerCase())).not.toContain('impersonate-user');
      expect(raw.map(h => h.toLowerCase())).not.toContain('impersonate-group');
    }
  });

  it("keeps Kubernetes' own words of a 403", async () => {
    const client = new KubeHttpClient(auth(), 'prod', 5000);
    const error = await client
      .post(
        '/forbidden',
        {},
        {},
        {
          impersonate: { user: 'alice', groups: ['team-a'] },
        },
      )
      .catch(e => e);
    await client.close();
    expect(error).toMatchObject({
      name: 'KratixClusterError',
      type: 'forbidden',
      statusCode: 403,
      apiMessage:
        'elastic-clouds.workshop.kratix.io is forbidden: User "alice" cannot create resource "elastic-clouds" in API group "workshop.kratix.io" in the namespace "team-b"',
    });
  });
});
