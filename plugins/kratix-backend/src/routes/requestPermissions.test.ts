import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  isResourcePermission,
  type Permission,
  type PermissionCondition,
  type PermissionCriteria,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  createKratixRequestConditionalDecision,
  kratixRequestConditions,
} from '@kratix-backstage/plugin-kratix-node';
import request from 'supertest';
import {
  permissionsDeciding,
  recordingAuditor,
  startKratixBackend,
} from '../__testUtils__/testBackend';

const API = '/api/kratix';
const PROMISE = `${API}/platforms/demo/promises/elastic-cloud`;
const REQUESTS = `${API}/platforms/demo/requests/default/elastic-cloud`;

const ADMIN = 'user:default/admin';
const JANE = 'user:default/jane';
const JOE = 'user:default/joe';
const AMY = 'user:default/amy';
/** The ownership claims of each user (what a policy gets from the user's info). */
const CLAIMS: Record<string, string[]> = {
  [JANE]: [JANE, 'group:default/team-a'],
  [JOE]: [JOE, 'group:default/team-b'],
  [AMY]: [AMY, 'group:default/team-a'],
};

const as = (user: string) => mockCredentials.user.header(user);

function userOf(credentials: BackstageCredentials) {
  return (credentials.principal as { userEntityRef: string }).userEntityRef;
}

/**
 * The example policy's shape: the admin may do everything; everyone else reads Promises
 * and Destinations, and acts on the requests they asked for or own. Creating is allowed
 * in the `default` namespace only (and updating only their own).
 */
function policy(
  permission: Permission,
  credentials: BackstageCredentials,
): PolicyDecision {
  const user = userOf(credentials);
  if (user === ADMIN || !isResourcePermission(permission, 'kratix-request')) {
    return { result: AuthorizeResult.ALLOW };
  }
  const claims = CLAIMS[user] ?? [user];
  const theirs: PermissionCriteria<PermissionCondition<'kratix-request'>> = {
    anyOf: [
      kratixRequestConditions.isRequester({ claims }),
      kratixRequestConditions.isOwner({ claims }),
    ],
  };
  if (permission.name === 'kratix.resource.create') {
    return createKratixRequestConditionalDecision(permission, {
      allOf: [
        kratixRequestConditions.inNamespace({ namespaces: ['default'] }),
        theirs,
      ],
    });
  }
  return createKratixRequestConditionalDecision(permission, theirs);
}

describe('permissions on each request', () => {
  const audit = recordingAuditor();
  let server: Awaited<ReturnType<typeof startKratixBackend>>['server'];
  const created: Array<{ name: string; status: number; body: any }> = [];
  const names = (res: request.Response) =>
    res.body.items.map((r: any) => r.name ?? r.request?.name).sort();

  beforeAll(async () => {
    ({ server } = await startKratixBackend({
      features: [audit.factory, permissionsDeciding(policy)],
    }));
    for (const [user, name, owner] of [
      [JANE, 'jane-es', undefined],
      [JOE, 'joe-es', undefined],
      [JOE, 'joe-for-team-a', 'group:default/team-a'],
    ] as const) {
      const res = await request(server)
        .post(`${PROMISE}/requests`)
        .set('Authorization', as(user))
        .send({ name, spec: {}, ...(owner ? { owner } : {}) });
      created.push({ name, status: res.status, body: res.body });
    }
  });

  it('records the requester and the owner (the requester unless named) at create', () => {
    expect(
      created.map(c => [c.name, c.status, c.body.requester, c.body.owner]),
    ).toEqual([
      ['jane-es', 201, JANE, JANE],
      ['joe-es', 201, JOE, JOE],
      ['joe-for-team-a', 201, JOE, 'group:default/team-a'],
    ]);
  });

  beforeEach(() => {
    audit.events.length = 0;
  });

  it('filters lists by the conditions: each user sees their own and their group’s requests', async () => {
    const all = await request(server)
      .get(`${API}/requests`)
      .set('Authorization', as(ADMIN));
    expect(names(all)).toEqual(
      expect.arrayContaining([
        'example',
        'jane-es',
        'joe-es',
        'second-request',
      ]),
    );

    const jane = await request(server)
      .get(`${API}/requests`)
      .set('Authorization', as(JANE));
    // Her own, and the one Joe made for team-a (her group owns it).
    expect(names(jane)).toEqual(['jane-es', 'joe-for-team-a']);
    const joe = await request(server)
      .get(`${API}/requests`)
      .set('Authorization', as(JOE));
    expect(names(joe)).toEqual(['joe-es', 'joe-for-team-a']);
    // Nobody asked for the workshop's requests: a user without requests sees none.
    const stranger = await request(server)
      .get(`${API}/requests`)
      .set('Authorization', as('user:default/nobody'));
    expect(stranger.body.items).toEqual([]);
  });

  it('filters pages, counts, a Promise’s requests and a Destination’s', async () => {
    const page = await request(server)
      .get(`${API}/requests?limit=1`)
      .set('Authorization', as(JANE));
    expect(page.body.totalCount).toBe(2);
    expect(names(page)).toEqual(['jane-es']);

    const summary = await request(server)
      .get(`${API}/requests/summary`)
      .set('Authorization', as(JANE));
    expect(summary.body.total).toBe(2);
    expect(summary.body.byPromise).toEqual([
      expect.objectContaining({ promise: 'elastic-cloud', total: 2 }),
    ]);
    const adminSummary = await request(server)
      .get(`${API}/requests/summary`)
      .set('Authorization', as(ADMIN));
    expect(adminSummary.body.total).toBeGreaterThan(2);

    const ofPromise = await request(server)
      .get(`${PROMISE}/requests`)
      .set('Authorization', as(JOE));
    expect(names(ofPromise)).toEqual(['joe-es', 'joe-for-team-a']);

    // The workshop's example is placed on worker-1; nobody but the admin sees it there.
    const placed = (user: string) =>
      request(server)
        .get(`${API}/platforms/demo/destinations/worker-1/requests`)
        .set('Authorization', as(user));
    expect(names(await placed(ADMIN))).toContain('example');
    expect(names(await placed(JANE))).not.toContain('example');
  });

  it('answers 404 for one request the caller may not read, on each of its routes', async () => {
    for (const path of ['', '/runs', '/placement', '/events']) {
      const res = await request(server)
        .get(`${REQUESTS}/joe-es${path}`)
        .set('Authorization', as(JANE));
      expect([path, res.status, res.body.error?.message]).toEqual([
        path,
        404,
        "No elastic-cloud request 'default/joe-es' on Kratix platform 'demo'",
      ]);
    }
    const own = await request(server)
      .get(`${REQUESTS}/jane-es`)
      .set('Authorization', as(JANE));
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ requester: JANE, owner: JANE });
    expect(
      (
        await request(server)
          .get(`${REQUESTS}/joe-for-team-a/runs`)
          .set('Authorization', as(AMY))
      ).status,
    ).toBe(200);
  });

  it('lets a user re-run their own request, refuses someone else’s with 403, and audits both', async () => {
    const own = await request(server)
      .post(`${REQUESTS}/jane-es/rerun`)
      .set('Authorization', as(JANE));
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ operation: 'rerun', by: JANE });

    const other = await request(server)
      .post(`${REQUESTS}/joe-es/rerun`)
      .set('Authorization', as(JANE));
    expect(other.status).toBe(403);
    expect(other.body.error).toEqual({
      name: 'NotAllowedError',
      message:
        'Missing permission kratix.resource.rerun on elastic-cloud request default/joe-es (platform demo)',
    });
    const deleted = await request(server)
      .delete(`${REQUESTS}/joe-es`)
      .set('Authorization', as(JANE));
    expect(deleted.status).toBe(403);

    expect(audit.events).toEqual([
      expect.objectContaining({
        eventId: 'workflow-rerun',
        meta: expect.objectContaining({ actor: JANE, name: 'jane-es' }),
        outcome: 'success',
      }),
      expect.objectContaining({
        eventId: 'workflow-rerun',
        meta: expect.objectContaining({ actor: JANE, name: 'joe-es' }),
        outcome:
          'fail: Missing permission kratix.resource.rerun on elastic-cloud request default/joe-es (platform demo)',
      }),
      expect.objectContaining({
        eventId: 'request-delete',
        meta: expect.objectContaining({ actor: JANE, name: 'joe-es' }),
        outcome: expect.stringMatching(
          /^fail: Missing permission kratix.resource.delete/,
        ),
      }),
    ]);
    // Joe's request is untouched.
    const joes = await request(server)
      .get(`${REQUESTS}/joe-es`)
      .set('Authorization', as(JOE));
    expect(joes.body.lastOperation).toBeUndefined();
  });

  it('a group owns what was made for it: a member may pause it, the requester too', async () => {
    const amy = await request(server)
      .post(`${REQUESTS}/joe-for-team-a/pause`)
      .set('Authorization', as(AMY));
    expect(amy.status).toBe(200);
    const joe = await request(server)
      .post(`${REQUESTS}/joe-for-team-a/resume`)
      .set('Authorization', as(JOE));
    expect(joe.status).toBe(200);
  });

  it('on a Promise only an unconditional allow allows (conditions speak of requests)', async () => {
    const jane = await request(server)
      .post(`${PROMISE}/rerun`)
      .set('Authorization', as(JANE));
    expect(jane.status).toBe(403);
    expect(jane.body.error.message).toBe(
      'Missing permission kratix.resource.rerun on Promise elastic-cloud (platform demo) (the policy allows it only on some requests)',
    );
    expect(audit.events.at(-1)).toMatchObject({
      eventId: 'workflow-rerun',
      outcome: expect.stringMatching(/^fail: /),
    });
    const admin = await request(server)
      .post(`${PROMISE}/rerun`)
      .set('Authorization', as(ADMIN));
    expect(admin.status).toBe(200);
  });

  it('checks create on the request about to be created: refused outside the allowed namespace, before the platform', async () => {
    const res = await request(server)
      .post(`${PROMISE}/requests`)
      .set('Authorization', as(JANE))
      .send({ name: 'elsewhere', namespace: 'team-a', spec: {} });
    // The demo has no namespace team-a (it would answer 404): the policy refused first.
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(
      'Missing permission kratix.resource.create on elastic-cloud request team-a/elsewhere (platform demo)',
    );
    const preview = await request(server)
      .post(`${PROMISE}/requests/preview`)
      .set('Authorization', as(JANE))
      .send({ name: 'elsewhere', namespace: 'team-a', spec: {} });
    expect(preview.status).toBe(403);
    expect(audit.events.map(e => [e.eventId, e.outcome?.slice(0, 5)])).toEqual([
      ['request-create', 'fail:'],
      ['request-preview', 'fail:'],
    ]);
  });

  it('does not let an update take over someone else’s request', async () => {
    const res = await request(server)
      .post(`${PROMISE}/requests`)
      .set('Authorization', as(JANE))
      .send({ name: 'joe-es', spec: {}, updateExisting: true });
    expect(res.status).toBe(403);
    // An update the policy allows keeps who asked for it.
    const admin = await request(server)
      .post(`${PROMISE}/requests`)
      .set('Authorization', as(ADMIN))
      .send({ name: 'joe-es', spec: {}, updateExisting: true });
    expect(admin.status).toBe(200);
    expect(admin.body).toMatchObject({ requester: JOE, owner: JOE });
  });

  it('checks logs on the request the Pod ran for, and audits a refusal', async () => {
    const runs = await request(server)
      .get(`${REQUESTS}/example/runs`)
      .set('Authorization', as(ADMIN));
    const pod = runs.body.items[0].pod;
    const logs = (user: string) =>
      request(server)
        .get(`${API}/platforms/demo/pods/default/${pod}/logs/reader`)
        .set('Authorization', as(user));
    expect((await logs(ADMIN)).status).toBe(200);
    const jane = await logs(JANE);
    expect(jane.status).toBe(403);
    expect(jane.body.error.message).toBe(
      `Missing permission kratix.logs.read on the log of Pod 'default/${pod}' on platform 'demo' (elastic-cloud request default/example)`,
    );
    expect(audit.events.map(e => [e.eventId, e.outcome?.slice(0, 5)])).toEqual([
      ['logs-read', 'succe'],
      ['logs-read', 'fail:'],
    ]);
  });

  it('rejects an owner that is no entity ref', async () => {
    const res = await request(server)
      .post(`${PROMISE}/requests`)
      .set('Authorization', as(JANE))
      .send({ name: 'bad-owner', spec: {}, owner: 'team a!' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('owner must be an entity ref');
  });
});
