import {
  type AuditorService,
  type AuthService,
  type BackstageCredentials,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  type TestBackend,
} from '@backstage/backend-test-utils';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import { permissionsRegistryServiceFactory } from '@backstage/backend-defaults/permissionsRegistry';
import permissionBackend from '@backstage/plugin-permission-backend';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import kratixBackend from '@kratix-backstage/plugin-kratix-backend';
import {
  kratixDeletePermission,
  kratixRerunPermission,
} from '@kratix-backstage/plugin-kratix-common';
import {
  type KratixDriver,
  type KratixTestEnvironment,
  startWorkshopPlatform,
  waitFor,
} from '@internal/kratix-testenv';
import request from 'supertest';
import { kratixExamplePermissionPolicy } from './permissionPolicy';

jest.setTimeout(600_000);

const API = '/api/kratix';
const PROMISE = `${API}/platforms/testenv/promises/elastic-cloud`;
const REQUESTS = `${API}/platforms/testenv/requests/default/elastic-cloud`;

const ADA = 'user:default/ada';
const JANE = 'user:default/jane';
const JOE = 'user:default/joe';
/** Who belongs to which group, as the catalog would answer (ownership claims). */
const GROUPS: Record<string, string[]> = {
  [ADA]: ['group:default/platform-team'],
  [JANE]: ['group:default/app-team'],
  [JOE]: ['group:default/app-team'],
};

/** User info with each user's groups in their ownership claims. */
const userInfoFactory = createServiceFactory({
  service: coreServices.userInfo,
  deps: {},
  factory: () => ({
    async getUserInfo(credentials: BackstageCredentials) {
      const { userEntityRef } = credentials.principal as {
        userEntityRef: string;
      };
      return {
        userEntityRef,
        ownershipEntityRefs: [userEntityRef, ...(GROUPS[userEntityRef] ?? [])],
      };
    },
  }),
});

/**
 * Test auth whose plugin-to-plugin tokens on behalf of a user name the calling plugin as
 * the actor, as the real auth service's do. (The mock's drop it, and the permission
 * backend refuses conditional queries from users without an actor: "Direct user requests
 * without a resourceRef are not allowed".)
 */
const authFactory = createServiceFactory({
  service: coreServices.auth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }) {
    const pluginId = plugin.getId();
    const auth = mockServices.auth({ pluginId });
    const service: AuthService = {
      authenticate: (token, options) => auth.authenticate(token, options),
      getNoneCredentials: () => auth.getNoneCredentials(),
      getOwnServiceCredentials: () => auth.getOwnServiceCredentials(),
      isPrincipal: ((credentials: BackstageCredentials, type: any) =>
        auth.isPrincipal(credentials, type)) as AuthService['isPrincipal'],
      getLimitedUserToken: credentials => auth.getLimitedUserToken(credentials),
      listPublicServiceKeys: () => auth.listPublicServiceKeys(),
      async getPluginRequestToken(options) {
        const principal = options.onBehalfOf.principal as {
          type: string;
          userEntityRef?: string;
        };
        if (principal.type !== 'user')
          return auth.getPluginRequestToken(options);
        return {
          token: mockCredentials.user.token(principal.userEntityRef, {
            actor: { subject: `plugin:${pluginId}` },
          }),
        };
      },
    };
    return service;
  },
});

/** An auditor that records each event and how it ended. */
function recordingAuditor() {
  const events: Array<{ eventId: string; meta?: any; outcome?: string }> = [];
  const auditor: Partial<AuditorService> = {
    async createEvent(options) {
      const event: (typeof events)[number] = {
        eventId: options.eventId,
        meta: options.meta,
      };
      events.push(event);
      return {
        async success() {
          event.outcome = 'success';
        },
        async fail({ error }) {
          event.outcome = `fail: ${error.message}`;
        },
      };
    },
  };
  return { events, factory: mockServices.auditor.mock(auditor).factory };
}

// The app's example policy on the real permission backend: the Kratix plugin asks it
// through the real permissions service (conditional decisions, evaluated on each request
// in the plugin), on the test environment's platform (the Kratix simulator unless the
// real Kratix is built and asked for).
describe('the example policy: platform-team everything, everyone else their own requests', () => {
  let env: KratixTestEnvironment;
  let kratix: KratixDriver;
  let backend: TestBackend;
  const audit = recordingAuditor();

  const as = (user: string) => mockCredentials.user.header(user);
  const names = (res: request.Response) =>
    (res.body.items as Array<{ name: string }>).map(r => r.name).sort();

  beforeAll(async () => {
    ({ env, kratix } = await startWorkshopPlatform({
      suite: 'permission policy',
      flux: false,
    }));
    backend = await startTestBackend({
      features: [
        kratixBackend,
        permissionBackend,
        kratixExamplePermissionPolicy,
        permissionsServiceFactory,
        permissionsRegistryServiceFactory,
        userInfoFactory,
        authFactory,
        audit.factory,
        mockServices.rootConfig.factory({
          data: {
            permission: { enabled: true },
            kratix: {
              permissionPolicy: { platformTeam: 'group:default/platform-team' },
              catalog: { defaultOwner: 'group:default/platform-team' },
              notifications: { enabled: false },
              platforms: [
                {
                  name: 'testenv',
                  title: 'Test environment',
                  kubeconfig: { path: env.kubeconfigPath, context: 'platform' },
                },
              ],
            },
          },
        }),
      ],
    });
    for (const [user, name] of [
      [JANE, 'jane-db'],
      [JOE, 'joe-db'],
    ]) {
      const res = await request(backend.server)
        .post(`${PROMISE}/requests`)
        .set('Authorization', as(user))
        .send({ name, spec: { enableDataCollection: false } });
      if (res.status !== 201 || res.body.requester !== user) {
        throw new Error(
          `${user} could not create ${name}: ${res.status} ${res.text}`,
        );
      }
    }
    // Both are in the watch caches before the lists are read.
    await waitFor(
      'the new requests listed',
      async () => {
        const res = await request(backend.server)
          .get(`${API}/requests`)
          .set('Authorization', as(ADA));
        return names(res).includes('joe-db') && names(res).includes('jane-db')
          ? true
          : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );
  });

  afterAll(async () => {
    await backend?.stop();
    await kratix?.stop();
    await env?.stop();
  });

  beforeEach(() => {
    audit.events.length = 0;
  });

  it('a member of the platform team sees every request; another user only their own', async () => {
    const ada = await request(backend.server)
      .get(`${API}/requests`)
      .set('Authorization', as(ADA));
    expect(names(ada)).toEqual([
      'example',
      'jane-db',
      'joe-db',
      'second-request',
    ]);

    const jane = await request(backend.server)
      .get(`${API}/requests`)
      .set('Authorization', as(JANE));
    expect(names(jane)).toEqual(['jane-db']);
    const summary = await request(backend.server)
      .get(`${API}/requests/summary`)
      .set('Authorization', as(JANE));
    expect(summary.body.total).toBe(1);
    const ofPromise = await request(backend.server)
      .get(`${PROMISE}/requests`)
      .set('Authorization', as(JOE));
    expect(names(ofPromise)).toEqual(['joe-db']);
    // Promises stay visible to everyone.
    expect(
      (
        await request(backend.server)
          .get(PROMISE)
          .set('Authorization', as(JANE))
      ).status,
    ).toBe(200);

    const other = await request(backend.server)
      .get(`${REQUESTS}/joe-db`)
      .set('Authorization', as(JANE));
    expect(other.status).toBe(404);
  });

  it('a user re-runs their own request; re-running or deleting another’s is refused (403) and audited', async () => {
    const own = await request(backend.server)
      .post(`${REQUESTS}/jane-db/rerun`)
      .set('Authorization', as(JANE));
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ operation: 'rerun', by: JANE });
    // Recorded on the object (Kratix itself lifts the re-run label once it re-ran).
    const mine = await request(backend.server)
      .get(`${REQUESTS}/jane-db`)
      .set('Authorization', as(JANE));
    expect(mine.body.lastOperation).toMatchObject({
      operation: 'rerun',
      by: JANE,
    });

    const rerun = await request(backend.server)
      .post(`${REQUESTS}/joe-db/rerun`)
      .set('Authorization', as(JANE));
    expect(rerun.status).toBe(403);
    expect(rerun.body.error.message).toBe(
      'Missing permission kratix.resource.rerun on elastic-cloud request default/joe-db (platform testenv)',
    );
    const remove = await request(backend.server)
      .delete(`${REQUESTS}/joe-db`)
      .set('Authorization', as(JANE));
    expect(remove.status).toBe(403);
    const joes = await request(backend.server)
      .get(`${REQUESTS}/joe-db`)
      .set('Authorization', as(JOE));
    expect(joes.status).toBe(200);
    expect(joes.body.lastOperation).toBeUndefined();

    expect(
      audit.events.map(e => [
        e.eventId,
        e.meta?.actor,
        e.meta?.name,
        e.outcome,
      ]),
    ).toEqual([
      ['workflow-rerun', JANE, 'jane-db', 'success'],
      [
        'workflow-rerun',
        JANE,
        'joe-db',
        'fail: Missing permission kratix.resource.rerun on elastic-cloud request default/joe-db (platform testenv)',
      ],
      [
        'request-delete',
        JANE,
        'joe-db',
        'fail: Missing permission kratix.resource.delete on elastic-cloud request default/joe-db (platform testenv)',
      ],
    ]);
  });

  it('the permission backend answers the frontend’s question on one request (usePermission with a resourceRef)', async () => {
    const ask = async (user: string, permission: any, resourceRef: string) => {
      const res = await request(backend.server)
        .post('/api/permission/authorize')
        .set('Authorization', as(user))
        .send({ items: [{ id: '1', permission, resourceRef }] });
      expect(res.status).toBe(200);
      return res.body.items[0].result;
    };
    expect(
      await ask(
        JANE,
        kratixDeletePermission,
        'testenv:default/elastic-cloud/jane-db',
      ),
    ).toBe(AuthorizeResult.ALLOW);
    expect(
      await ask(
        JANE,
        kratixDeletePermission,
        'testenv:default/elastic-cloud/joe-db',
      ),
    ).toBe(AuthorizeResult.DENY);
    // A Promise is no request: conditions never allow it.
    expect(
      await ask(JANE, kratixRerunPermission, 'promise:testenv/elastic-cloud'),
    ).toBe(AuthorizeResult.DENY);
    expect(
      await ask(
        ADA,
        kratixDeletePermission,
        'testenv:default/elastic-cloud/joe-db',
      ),
    ).toBe(AuthorizeResult.ALLOW);
  });

  it('a member of the platform team re-runs a Promise and deletes anyone’s request', async () => {
    const promise = await request(backend.server)
      .post(`${PROMISE}/rerun`)
      .set('Authorization', as(ADA));
    expect(promise.status).toBe(200);
    const refused = await request(backend.server)
      .post(`${PROMISE}/rerun`)
      .set('Authorization', as(JANE));
    expect(refused.status).toBe(403);

    for (const name of ['joe-db', 'second-request']) {
      const res = await request(backend.server)
        .delete(`${REQUESTS}/${name}`)
        .set('Authorization', as(ADA));
      expect([name, res.status]).toEqual([name, 202]);
    }
    await waitFor(
      'the deleted requests gone from the list',
      async () => {
        const res = await request(backend.server)
          .get(`${API}/requests`)
          .set('Authorization', as(ADA));
        const left = names(res);
        return left.includes('joe-db') || left.includes('second-request')
          ? undefined
          : left;
      },
      { timeoutMs: 120_000, intervalMs: 500 },
    );
  });
});
