import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  AuthorizationV1Api,
  CoreV1Api,
  type KubeConfig,
} from '@kubernetes/client-node';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  type TestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import {
  elasticCloudPromise,
  requestCrdFromPromise,
} from '@kratix-backstage/kratix-simulation';
import {
  type AuditEvent,
  readAuditEvents,
  resolveReferenceData,
  runKubectl,
  type StandaloneControlPlane,
  type StoppableProcess,
  startClusterRoleAggregation,
  startStandaloneControlPlane,
  waitFor,
  waitForAggregatedClusterRole,
} from '@internal/kratix-testenv';
import request from 'supertest';
import { stringify } from 'yaml';
import kratixBackend from '.';

jest.setTimeout(300_000);

// The manifests users apply (deploy/README.md), read from the repository as they are.
const DEPLOY = resolve(__dirname, '../../../deploy');
const PLUGIN_IDENTITY = 'system:serviceaccount:backstage:backstage-kratix';
const SERVICE_WRITER = 'system:serviceaccount:backstage:kratix-service-writer';

const API = '/api/kratix';
const AS_USER = `${API}/platforms/as-user`;
const AS_SERVICE = `${API}/platforms/as-service`;
const ALICE = mockCredentials.user.header('user:default/alice');
const BOB = mockCredentials.user.header('user:default/bob');

const FORBIDDEN_IN_TEAM_B =
  'elastic-clouds.workshop.kratix.io is forbidden: User "alice" cannot create resource "elastic-clouds" in API group "workshop.kratix.io" in the namespace "team-b"';

/** The Backstage org: alice in team-a, bob in team-b. */
const ORG = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'team-a' },
    spec: { type: 'team', children: [] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'team-b' },
    spec: { type: 'team', children: [] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'alice' },
    spec: { memberOf: ['team-a'] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'bob' },
    spec: { memberOf: ['team-b'] },
  },
];

/** What each team may do in its own namespace, and nowhere else. */
const teamRbac = (team: string) => [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: team } },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: 'elastic-cloud-requester', namespace: team },
    rules: [
      {
        apiGroups: ['workshop.kratix.io'],
        resources: ['elastic-clouds'],
        verbs: ['get', 'list', 'watch', 'create', 'patch', 'delete'],
      },
      {
        apiGroups: ['platform.kratix.io'],
        resources: ['dryruns'],
        verbs: ['create', 'get', 'delete'],
      },
    ],
  },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: `${team}-requesters`, namespace: team },
    roleRef: {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'Role',
      name: 'elastic-cloud-requester',
    },
    subjects: [
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: team },
    ],
  },
];

/** A second identity that writes as itself, for the platform with writeAs: service. */
const serviceWriter = [
  {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: 'kratix-service-writer', namespace: 'backstage' },
  },
  ...['read', 'operate'].map(role => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: `kratix-service-writer-${role}` },
    roleRef: {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: `kratix-backstage-${role}`,
    },
    subjects: [
      {
        kind: 'ServiceAccount',
        name: 'kratix-service-writer',
        namespace: 'backstage',
      },
    ],
  })),
];

/** Kratix's DryRun kind, where the CRDs the suite runs on have none. */
const DRY_RUN_CRD = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'dryruns.platform.kratix.io' },
  spec: {
    group: 'platform.kratix.io',
    names: {
      kind: 'DryRun',
      listKind: 'DryRunList',
      plural: 'dryruns',
      singular: 'dryrun',
    },
    scope: 'Namespaced',
    versions: [
      {
        name: 'v1alpha1',
        served: true,
        storage: true,
        subresources: { status: {} },
        schema: {
          openAPIV3Schema: {
            type: 'object',
            'x-kubernetes-preserve-unknown-fields': true,
          },
        },
      },
    ],
  },
};

async function tokenOf(kubeConfig: KubeConfig, name: string) {
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const answer = await core.createNamespacedServiceAccountToken({
    name,
    namespace: 'backstage',
    body: { spec: { expirationSeconds: 3600 } },
  });
  const token = answer.status?.token;
  if (!token) throw new Error(`no token for ServiceAccount ${name}`);
  return token;
}

describe('writes as the user (writeAs: user) on a real API server', () => {
  let env: StandaloneControlPlane;
  let aggregation: StoppableProcess | undefined;
  let backend: TestBackend | undefined;
  let server: any;
  let work: string;
  let auditLog: string;

  const audit = (filter: (e: AuditEvent) => boolean) =>
    readAuditEvents(auditLog, filter);

  // At level Metadata the audit log has no bodies, and a create that was refused
  // carries no name (the object was never decoded): each create the test makes is
  // named by the new create events of its namespace that follow it.
  const createdNames = new Map<string, string>();
  const isCreate = (namespace?: string) => (e: AuditEvent) =>
    e.stage === 'ResponseComplete' &&
    e.verb === 'create' &&
    e.objectRef?.resource === 'elastic-clouds' &&
    (!namespace || e.objectRef?.namespace === namespace);

  /** Creates a request through the REST route; names its audit events. */
  async function create(
    platform: string,
    auth: string,
    body: { name: string; namespace: string },
    query = '',
  ) {
    const before = new Set((await audit(isCreate())).map(e => e.auditID));
    const res = await request(server)
      .post(`${platform}/promises/elastic-cloud/requests${query}`)
      .set('Authorization', auth)
      .send({ ...body, spec: { enableDataCollection: true } });
    // The event is written as the answer goes out: give it a moment.
    const fresh = await waitFor(
      `the audit event of the create of ${body.namespace}/${body.name}`,
      async () => {
        const events = (await audit(isCreate(body.namespace))).filter(
          e => !before.has(e.auditID),
        );
        return events.length ? events : undefined;
      },
      { timeoutMs: 3000, intervalMs: 100 },
    ).catch(() => [] as AuditEvent[]);
    for (const e of fresh) createdNames.set(e.auditID, body.name);
    return res;
  }

  /** The completed write events of `verb` on the elastic-cloud request `name`. */
  async function writesOf(name: string, verb: string, count = 1) {
    if (verb === 'create') {
      return (await audit(isCreate())).filter(
        e => createdNames.get(e.auditID) === name,
      );
    }
    return waitFor(
      `${verb} events of ${name} in the audit log`,
      async () => {
        const events = await audit(
          e =>
            e.stage === 'ResponseComplete' &&
            e.verb === verb &&
            e.objectRef?.resource === 'elastic-clouds' &&
            e.objectRef?.name === name,
        );
        return events.length >= count ? events : undefined;
      },
      { timeoutMs: 5000, intervalMs: 100 },
    );
  }

  beforeAll(async () => {
    env = await startStandaloneControlPlane({
      name: 'platform',
      crdDirs: [resolveReferenceData().kratixCrdDir],
      auditLog: true,
    });
    auditLog = env.controlPlane.auditLogFile!;
    const kubeConfig = env.controlPlane.kubeConfig;
    const kubectl = (args: string[]) =>
      runKubectl(
        { kubeconfigPath: env.controlPlane.adminKubeconfigFile },
        'platform',
        args,
      );
    work = await mkdtemp(join(tmpdir(), 'kratix-write-as-user-'));
    const apply = async (name: string, objects: object[]) => {
      const file = join(work, `${name}.yaml`);
      await writeFile(file, objects.map(o => stringify(o)).join('---\n'));
      await kubectl(['apply', '-f', file]);
    };

    // The workshop Promise and its request kind, as Kratix would have installed them,
    // and Kratix's DryRun kind when the CRDs have none.
    const dryRunsServed = await kubectl([
      'api-resources',
      '--api-group=platform.kratix.io',
      '-o',
      'name',
    ]);
    await apply('kinds', [
      requestCrdFromPromise(elasticCloudPromise)!,
      ...(dryRunsServed.includes('dryruns.platform.kratix.io')
        ? []
        : [DRY_RUN_CRD]),
    ]);
    await kubectl([
      'wait',
      '--for=condition=Established',
      'crd/elastic-clouds.workshop.kratix.io',
      'crd/dryruns.platform.kratix.io',
      '--timeout=60s',
    ]);
    await apply('promise', [elasticCloudPromise]);

    // The plugin's identity as deploy/README.md says for writes as the user: read and
    // impersonate, nothing else.
    await kubectl(['apply', '-k', `${DEPLOY}/platform-as-user`]);
    await kubectl([
      'apply',
      '-f',
      `${DEPLOY}/request-kinds/workshop.kratix.io.yaml`,
    ]);
    aggregation = await startClusterRoleAggregation({
      workDir: env.workDir,
      platform: { kubeConfig },
    });
    await waitForAggregatedClusterRole(kubeConfig, 'kratix-backstage-read');
    await waitForAggregatedClusterRole(kubeConfig, 'kratix-backstage-operate');
    await apply('teams', [...teamRbac('team-a'), ...teamRbac('team-b')]);
    await apply('service-writer', serviceWriter);

    const caData = Buffer.from(env.controlPlane.caPem).toString('base64');
    const orgFile = join(work, 'org.yaml');
    await writeFile(orgFile, ORG.map(o => stringify(o)).join('---\n'));
    const platform = (name: string, token: string, extra: object = {}) => ({
      name,
      url: env.controlPlane.server,
      serviceAccountToken: token,
      caData,
      requestTimeoutMs: 5000,
      ...extra,
    });
    backend = await startTestBackend({
      features: [
        kratixBackend,
        catalogPlugin,
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              locations: [
                {
                  type: 'file',
                  target: orgFile,
                  rules: [{ allow: ['User', 'Group'] }],
                },
              ],
            },
            kratix: {
              platforms: [
                platform(
                  'as-user',
                  await tokenOf(kubeConfig, 'backstage-kratix'),
                  { writeAs: 'user' },
                ),
                platform(
                  'as-service',
                  await tokenOf(kubeConfig, 'kratix-service-writer'),
                ),
              ],
            },
          },
        }),
      ],
    });
    server = backend.server;

    // The catalog has processed the org: alice is a member of team-a.
    await waitFor(
      'user:default/alice to be a member of group:default/team-a in the catalog',
      async () => {
        const res = await request(server)
          .get('/api/catalog/entities/by-name/user/default/alice')
          .set('Authorization', ALICE);
        return res.status === 200 &&
          (res.body.relations ?? []).some(
            (r: any) =>
              r.type === 'memberOf' && r.targetRef === 'group:default/team-a',
          )
          ? true
          : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 500 },
    );
  });

  afterAll(async () => {
    await backend?.stop();
    await aggregation?.stop();
    await env?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it("gives the plugin's identity read and impersonate rights only", async () => {
    const authz = env.controlPlane.kubeConfig.makeApiClient(AuthorizationV1Api);
    const can = async (
      verb: string,
      resource: string,
      group = '',
      namespace?: string,
    ) =>
      (
        await authz.createSubjectAccessReview({
          body: {
            spec: {
              user: PLUGIN_IDENTITY,
              groups: ['system:serviceaccounts', 'system:authenticated'],
              resourceAttributes: { verb, resource, group, namespace },
            },
          },
        })
      ).status!.allowed;
    expect(await can('list', 'elastic-clouds', 'workshop.kratix.io')).toBe(
      true,
    );
    expect(await can('watch', 'promises', 'platform.kratix.io')).toBe(true);
    expect(await can('impersonate', 'users')).toBe(true);
    expect(await can('impersonate', 'groups')).toBe(true);
    for (const verb of ['create', 'patch', 'delete']) {
      expect(
        await can(verb, 'elastic-clouds', 'workshop.kratix.io', 'team-a'),
      ).toBe(false);
    }
    expect(await can('patch', 'promises', 'platform.kratix.io')).toBe(false);
    expect(await can('create', 'dryruns', 'platform.kratix.io', 'team-a')).toBe(
      false,
    );
  });

  it("creates as a member of team-a in team-a (201); the audit log names the user and the plugin's identity", async () => {
    const res = await create(AS_USER, ALICE, {
      name: 'alice-es',
      namespace: 'team-a',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      platform: 'as-user',
      namespace: 'team-a',
      name: 'alice-es',
      requester: 'user:default/alice',
    });
    const [event, ...more] = await writesOf('alice-es', 'create');
    expect(more).toEqual([]);
    expect(event).toMatchObject({
      user: { username: PLUGIN_IDENTITY },
      impersonatedUser: {
        username: 'alice',
        groups: expect.arrayContaining(['team-a']),
      },
      objectRef: {
        resource: 'elastic-clouds',
        namespace: 'team-a',
        apiGroup: 'workshop.kratix.io',
      },
      responseStatus: { code: 201 },
    });
    expect(event.impersonatedUser!.groups).not.toContain('team-b');
  });

  it("refuses the same user in team-b with a 403 that quotes Kubernetes' reason", async () => {
    const res = await create(AS_USER, ALICE, {
      name: 'alice-es',
      namespace: 'team-b',
    });
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({
      name: 'NotAllowedError',
      message: `Kubernetes refused to create elastic-cloud 'team-b/alice-es' on Kratix platform 'as-user' as user "alice" (group team-a): ${FORBIDDEN_IN_TEAM_B}`,
    });
    const refused = (await writesOf('alice-es', 'create')).filter(
      e => e.objectRef?.namespace === 'team-b',
    );
    expect(refused).toEqual([
      expect.objectContaining({
        user: expect.objectContaining({ username: PLUGIN_IDENTITY }),
        impersonatedUser: expect.objectContaining({ username: 'alice' }),
        responseStatus: expect.objectContaining({ code: 403 }),
      }),
    ]);
    // A dry run is authorized the same way.
    const dry = await create(
      AS_USER,
      ALICE,
      { name: 'alice-dry', namespace: 'team-b' },
      '?dryRun=true',
    );
    expect(dry.status).toBe(403);
    expect(dry.body.error.message).toContain(FORBIDDEN_IN_TEAM_B);
  });

  it('creates as the user when a service calls on behalf of the user (the scaffolder), and refuses a service on its own', async () => {
    const onBehalf = await create(
      AS_USER,
      mockCredentials.service.header({
        onBehalfOf: mockCredentials.user('user:default/alice'),
        targetPluginId: 'kratix',
      }),
      { name: 'from-template', namespace: 'team-a' },
    );
    expect(onBehalf.status).toBe(201);
    expect((await writesOf('from-template', 'create'))[0]).toMatchObject({
      impersonatedUser: { username: 'alice' },
      responseStatus: { code: 201 },
    });

    const before = await audit(e => e.verb === 'create');
    const alone = await create(AS_USER, mockCredentials.service.header(), {
      name: 'from-service',
      namespace: 'team-a',
    });
    expect(alone.status).toBe(403);
    expect(alone.body.error).toMatchObject({
      name: 'NotAllowedError',
      message: expect.stringContaining(
        "Kratix platform 'as-user' writes as the signed-in user (writeAs: user): its API server authorizes each write as that user through Kubernetes impersonation, and this call comes from the service 'external:test-service', with no user to act as",
      ),
    });
    // Nothing reached the API server.
    expect(await audit(e => e.verb === 'create')).toHaveLength(before.length);
  });

  it('pauses, resumes, re-runs and deletes as the user; another team is refused by Kubernetes', async () => {
    const target = `${AS_USER}/requests/team-a/elastic-cloud/alice-es`;
    await waitFor('alice-es in the watch cache', async () =>
      (await request(server).get(target).set('Authorization', ALICE)).status ===
      200
        ? true
        : undefined,
    );
    for (const op of ['pause', 'resume', 'rerun']) {
      const res = await request(server)
        .post(`${target}/${op}`)
        .set('Authorization', ALICE);
      expect(`${op}: ${res.status}`).toBe(`${op}: 200`);
    }
    const patches = await writesOf('alice-es', 'patch', 3);
    expect(patches).toHaveLength(3);
    for (const e of patches) {
      expect(e).toMatchObject({
        user: { username: PLUGIN_IDENTITY },
        impersonatedUser: { username: 'alice' },
        responseStatus: { code: 200 },
      });
    }

    const bob = await request(server)
      .post(`${target}/pause`)
      .set('Authorization', BOB);
    expect(bob.status).toBe(403);
    expect(bob.body.error.message).toBe(
      `Kubernetes refused to pause elastic-cloud request team-a/alice-es on Kratix platform 'as-user' as user "bob" (group team-b): elastic-clouds.workshop.kratix.io "alice-es" is forbidden: User "bob" cannot patch resource "elastic-clouds" in API group "workshop.kratix.io" in the namespace "team-a"`,
    );

    const removed = await request(server)
      .delete(target)
      .set('Authorization', ALICE);
    expect(removed.status).toBe(202);
    const [deleted] = await writesOf('alice-es', 'delete');
    expect(deleted).toMatchObject({
      user: { username: PLUGIN_IDENTITY },
      impersonatedUser: { username: 'alice' },
      responseStatus: { code: 200 },
    });
  });

  it("previews as the user: the API server's dry run and Kratix's DryRun are the user's", async () => {
    const res = await request(server)
      .post(`${AS_USER}/promises/elastic-cloud/requests/preview`)
      .set('Authorization', ALICE)
      .send({
        name: 'previewed',
        namespace: 'team-a',
        spec: { enableDataCollection: true },
      });
    expect(res.status).toBe(200);
    // No Kratix controller runs here: nobody answers the DryRun.
    expect(res.body).toMatchObject({
      method: 'server-dry-run',
      object: { metadata: { name: 'previewed', namespace: 'team-a' } },
      note: expect.stringContaining('was not answered within 15 s'),
    });
    const dryRunCreate = await audit(
      e =>
        e.stage === 'ResponseComplete' &&
        e.verb === 'create' &&
        e.objectRef?.resource === 'elastic-clouds' &&
        e.requestURI.includes('dryRun=All') &&
        e.objectRef?.namespace === 'team-a',
    );
    expect(dryRunCreate.at(-1)).toMatchObject({
      impersonatedUser: { username: 'alice' },
      responseStatus: { code: 201 },
    });
    const dryRuns = await audit(
      e =>
        e.stage === 'ResponseComplete' &&
        e.objectRef?.resource === 'dryruns' &&
        e.objectRef?.namespace === 'team-a',
    );
    expect(new Set(dryRuns.map(e => e.verb))).toEqual(
      new Set(['create', 'get', 'delete']),
    );
    for (const e of dryRuns) {
      expect(e).toMatchObject({
        user: { username: PLUGIN_IDENTITY },
        impersonatedUser: { username: 'alice' },
      });
      expect(e.responseStatus?.code).toBeLessThan(300);
    }
  });

  it('writes as the service on a platform with writeAs: service', async () => {
    // The service identity may create anywhere; alice is only recorded as requester.
    const res = await create(AS_SERVICE, ALICE, {
      name: 'service-es',
      namespace: 'team-b',
    });
    expect(res.status).toBe(201);
    expect(res.body.requester).toBe('user:default/alice');
    const [event] = await writesOf('service-es', 'create');
    expect(event).toMatchObject({
      user: { username: SERVICE_WRITER },
      responseStatus: { code: 201 },
    });
    expect(event).not.toHaveProperty('impersonatedUser');
  });

  it('reads from the shared watch caches, as the plugin, never as the user', async () => {
    const reads = (e: AuditEvent) =>
      e.objectRef?.resource === 'elastic-clouds' &&
      ['get', 'list'].includes(e.verb);
    const before = await audit(reads);
    for (const path of [
      `${AS_USER}/requests/team-a/elastic-cloud/from-template`,
      `${AS_USER}/promises/elastic-cloud/requests?namespace=team-a`,
      `${API}/requests?platform=as-user`,
      `${API}/requests/summary?platform=as-user`,
      `${AS_SERVICE}/requests/team-b/elastic-cloud/service-es`,
    ]) {
      const res = await request(server).get(path).set('Authorization', ALICE);
      expect(`${path}: ${res.status}`).toBe(`${path}: 200`);
      expect(res.body.errors ?? []).toEqual([]);
    }
    const one = await request(server)
      .get(`${AS_USER}/requests/team-a/elastic-cloud/from-template`)
      .set('Authorization', ALICE);
    expect(one.body).toMatchObject({ name: 'from-template' });
    // No request of the API server for those reads: they came from the caches.
    expect(await audit(reads)).toHaveLength(before.length);
    // The caches' list and watch of the request kind: the plugin's identities, never
    // a user.
    const cacheCalls = await audit(
      e =>
        e.objectRef?.resource === 'elastic-clouds' &&
        ['list', 'watch'].includes(e.verb),
    );
    expect(cacheCalls.length).toBeGreaterThan(0);
    for (const e of cacheCalls) {
      expect(e.impersonatedUser).toBeUndefined();
      expect([PLUGIN_IDENTITY, SERVICE_WRITER]).toContain(e.user.username);
    }
    // Every impersonated request was a write or the preview's DryRun read.
    const impersonated = await audit(e => !!e.impersonatedUser);
    expect(
      new Set(impersonated.map(e => `${e.objectRef?.resource} ${e.verb}`)),
    ).toEqual(
      new Set([
        'elastic-clouds create',
        'elastic-clouds patch',
        'elastic-clouds delete',
        'dryruns create',
        'dryruns get',
        'dryruns delete',
      ]),
    );
  });
});
