import {
  type AuthService,
  coreServices,
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  type TestBackend,
} from '@backstage/backend-test-utils';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import mcpActionsBackend from '@backstage/plugin-mcp-actions-backend';
import permissionBackend from '@backstage/plugin-permission-backend';
import {
  type PermissionPolicy,
  type PolicyQuery,
  type PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import kratixBackend from '@kratix-backstage/plugin-kratix-backend';
import {
  type KratixDriver,
  type KratixTestEnvironment,
  runKubectl,
  startWorkshopPlatform,
  waitFor,
} from '@internal/kratix-testenv';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

jest.setTimeout(600_000);

const JANE = 'user:default/jane';
// Denied by the test policy: stage logs, and creating requests.
const NO_LOGS = 'user:default/no-logs';
const NO_CREATE = 'user:default/no-create';
const REQUEST = {
  platform: 'testenv',
  promise: 'elastic-cloud',
  namespace: 'default',
};
const TOOLS = [
  'kratix.create-request',
  'kratix.describe-promise-api',
  'kratix.get-request-status',
  'kratix.list-promises',
  'kratix.rerun-request',
  'kratix.tail-stage-log',
  'kratix.validate-request',
];

type Decision = Awaited<ReturnType<PermissionPolicy['handle']>>;
// AuthorizeResult's two values (permission-common's enum), not worth a dependency here.
const ALLOW = { result: 'ALLOW' } as unknown as Decision;
const DENY = { result: 'DENY' } as unknown as Decision;

// A permission policy as an app ships one: everything, except what two users are denied.
class TestPolicy implements PermissionPolicy {
  async handle(request: PolicyQuery, user?: PolicyQueryUser) {
    const who = user?.info.userEntityRef;
    const name = request.permission.name;
    if (who === NO_LOGS && name === 'kratix.logs.read') return DENY;
    if (who === NO_CREATE && name === 'kratix.resource.create') return DENY;
    return ALLOW;
  }
}

const testPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'mcp-test-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy(new TestPolicy());
      },
    });
  },
});

const MOCK_SERVICE_TOKEN = 'mock-service-token:';

/**
 * The test backend's mock auth service, except that a plugin's token on behalf of a user
 * names that plugin as the actor, as Backstage's real tokens do. The permission backend
 * answers conditional decisions only to such calls (to a user's direct call, only with a
 * resourceRef), and the mock's own tokens drop the actor. Paired with the real httpAuth
 * service, so every plugin (the permission backend too) authenticates through it.
 */
const authWithActors = createServiceFactory({
  service: coreServices.auth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }): AuthService {
    const inner = mockServices.auth({ pluginId: plugin.getId() });
    return {
      async authenticate(token, options) {
        const credentials = await inner.authenticate(token, options);
        const principal = credentials.principal as {
          type: string;
          userEntityRef?: string;
        };
        if (
          principal.type === 'user' &&
          principal.userEntityRef &&
          token.startsWith(MOCK_SERVICE_TOKEN)
        ) {
          const { actor } = JSON.parse(token.slice(MOCK_SERVICE_TOKEN.length));
          return mockCredentials.user(principal.userEntityRef, {
            actor: { subject: actor },
          }) as any;
        }
        return credentials;
      },
      async getPluginRequestToken(options) {
        const { token } = await inner.getPluginRequestToken(options);
        if (!token.startsWith(MOCK_SERVICE_TOKEN)) return { token };
        const claims = JSON.parse(token.slice(MOCK_SERVICE_TOKEN.length));
        return {
          token: `${MOCK_SERVICE_TOKEN}${JSON.stringify({
            ...claims,
            actor: `plugin:${plugin.getId()}`,
          })}`,
        };
      },
      getNoneCredentials: () => inner.getNoneCredentials(),
      getOwnServiceCredentials: () => inner.getOwnServiceCredentials(),
      isPrincipal: ((credentials: any, type: any) =>
        inner.isPrincipal(credentials, type)) as AuthService['isPrincipal'],
      getLimitedUserToken: credentials =>
        inner.getLimitedUserToken(credentials),
      listPublicServiceKeys: () => inner.listPublicServiceKeys(),
    };
  },
});

type ToolResult = {
  isError?: boolean;
  content: Array<{ type: string; text?: string }>;
  structuredContent?: any;
};

// An agent's view of Kratix: a real MCP client (the SDK's streamable HTTP transport)
// against the running backend with the real Kratix plugin, the real MCP actions plugin
// and the real permission backend with a policy, on the test environment's workshop
// platform (real API servers, KWOK-run pipeline Pods with logs, a worker with real Flux;
// the Kratix simulator unless real Kratix is built). The test environment rather than the
// demo platform: the create must reach a real API server (its dry run, its objects), and
// the status must come from real Flux on a real worker.
describe('Kratix actions over MCP', () => {
  let env: KratixTestEnvironment;
  let kratix: KratixDriver;
  let backend: TestBackend | undefined;
  let url: URL;
  const clients: Client[] = [];

  /** An MCP client connected as the user, with a Backstage token as any MCP client sends it. */
  async function connect(user: string) {
    const client = new Client({ name: 'kratix-test-agent', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(url, {
        requestInit: {
          headers: { Authorization: mockCredentials.user.header(user) },
        },
      }),
    );
    clients.push(client);
    return client;
  }

  async function call(
    client: Client,
    name: string,
    args: Record<string, unknown>,
  ): Promise<ToolResult> {
    return (await client.callTool({
      name: `kratix.${name}`,
      arguments: args,
    })) as ToolResult;
  }

  /** The structured answer of a call that must succeed. */
  async function answer(client: Client, name: string, args: object) {
    const result = await call(client, name, args as Record<string, unknown>);
    if (result.isError) {
      throw new Error(
        `${name} answered an error: ${result.content
          .map(c => c.text)
          .join(' ')}`,
      );
    }
    // The text is the same answer, for clients that read only text.
    expect(JSON.parse(result.content[0].text!)).toEqual(
      result.structuredContent,
    );
    return result.structuredContent;
  }

  /** The text of a call that must fail. */
  async function failure(client: Client, name: string, args: object) {
    const result = await call(client, name, args as Record<string, unknown>);
    expect(result.isError).toBe(true);
    return result.content.map(c => c.text).join(' ');
  }

  function eventually<T>(
    what: string,
    check: () => Promise<T | undefined>,
    ms = 120_000,
  ): Promise<T> {
    return waitFor(what, check, { timeoutMs: ms, intervalMs: 500 });
  }

  beforeAll(async () => {
    ({ env, kratix } = await startWorkshopPlatform({ suite: 'MCP actions' }));
    const kubeconfig = (context: string) => ({
      kubeconfig: { path: env.kubeconfigPath, context },
    });
    backend = await startTestBackend({
      features: [
        kratixBackend,
        mcpActionsBackend,
        permissionBackend,
        testPolicy,
        permissionsServiceFactory,
        authWithActors,
        httpAuthServiceFactory,
        mockServices.rootConfig.factory({
          data: {
            backend: { actions: { pluginSources: ['kratix'] } },
            permission: { enabled: true },
            kratix: {
              platforms: [
                {
                  name: 'testenv',
                  title: 'Test environment',
                  ...kubeconfig('platform'),
                  workers: [
                    {
                      name: 'worker',
                      destination: 'worker-1',
                      ...kubeconfig('worker'),
                    },
                  ],
                },
              ],
            },
          },
        }),
      ],
    });
    const { port } = backend.server.address() as { port: number };
    url = new URL(`http://localhost:${port}/api/mcp-actions/v1`);
  });

  afterAll(async () => {
    await Promise.all(clients.map(c => c.close().catch(() => undefined)));
    await backend?.stop();
    await kratix?.stop();
    await env?.stop();
  });

  it('lists the Kratix tools, with their hints', async () => {
    const client = await connect(JANE);
    const { tools } = await client.listTools();
    expect(tools.map(t => t.name).sort()).toEqual(TOOLS);
    const hints = Object.fromEntries(
      tools.map(t => [
        t.name,
        [
          t.annotations?.readOnlyHint,
          t.annotations?.destructiveHint,
          t.annotations?.idempotentHint,
        ],
      ]),
    );
    expect(hints).toEqual({
      'kratix.list-promises': [true, false, true],
      'kratix.describe-promise-api': [true, false, true],
      'kratix.validate-request': [true, false, true],
      'kratix.create-request': [false, false, true],
      'kratix.get-request-status': [true, false, true],
      'kratix.tail-stage-log': [true, false, true],
      'kratix.rerun-request': [false, false, false],
    });
    const create = tools.find(t => t.name === 'kratix.create-request')!;
    expect(create.inputSchema.required).toEqual(
      expect.arrayContaining(['platform', 'promise', 'name']),
    );
  });

  it('list-promises and describe-promise-api: the Promise and its API as JSON schema', async () => {
    const client = await connect(JANE);
    const { promises, errors } = await answer(client, 'list-promises', {});
    expect(errors).toEqual([]);
    expect(promises).toEqual([
      expect.objectContaining({
        platform: 'testenv',
        name: 'elastic-cloud',
        kind: 'elastic-cloud',
        group: 'workshop.kratix.io',
        version: 'v1alpha1',
        takesRequests: true,
        requiredFields: [],
        requests: 2,
        status: 'Available',
      }),
    ]);
    const api = await answer(client, 'describe-promise-api', {
      platform: 'testenv',
      promise: 'elastic-cloud',
    });
    expect(api.specSchema).toMatchObject({
      type: 'object',
      additionalProperties: false,
      properties: { enableDataCollection: { type: 'boolean' } },
    });
  });

  it("get-request-status: the worker's Flux refusing second-request is its key error", async () => {
    // Real Flux on the worker refuses second-request's output (the workshop's duplicate
    // CRDs; kustomize names the first file by path that repeats them, second-request's,
    // until the agent's request below adds another).
    const client = await connect(JANE);
    const second = await eventually(
      "the worker's Flux to refuse second-request",
      async () => {
        const s = await answer(client, 'get-request-status', {
          ...REQUEST,
          name: 'second-request',
        });
        return s.keyError?.source === 'worker' ? s : undefined;
      },
      240_000,
    );
    expect(second.request).toMatchObject({
      state: 'failing',
      stateReason: 'worker',
    });
    expect(second.keyError).toMatchObject({ destination: 'worker-1' });
    expect(second.keyError.message).toContain('already registered id');
    expect(second.workers[0]).toMatchObject({
      destination: 'worker-1',
      reachable: true,
      healthy: false,
    });
    expect(second.workers[0].failing).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ implicatesThisRequest: true }),
      ]),
    );
    expect(second.next.join(' ')).toContain('kratix.rerun-request');
  });

  it("validate-request: field-level errors, then the API server's dry run; nothing is created", async () => {
    const client = await connect(JANE);
    const wrong = await answer(client, 'validate-request', {
      ...REQUEST,
      name: 'agent-made',
      spec: { enableDataCollection: 'yes', size: 3 },
    });
    expect(wrong).toMatchObject({ valid: false });
    expect(wrong.errors).toEqual([
      {
        field: 'spec.enableDataCollection',
        problem: 'must be boolean, got string',
      },
      { field: 'spec.size', problem: 'is not a field of this API' },
    ]);
    const right = await answer(client, 'validate-request', {
      ...REQUEST,
      name: 'agent-made',
      spec: { enableDataCollection: true },
    });
    expect(right).toMatchObject({
      valid: true,
      dryRun: 'server',
      object: {
        metadata: {
          name: 'agent-made',
          annotations: { 'backstage.io/kratix-requester': JANE },
        },
      },
    });
    expect(await requestInCluster('agent-made')).toBeUndefined();
  });

  it('create-request: the request appears in the cluster as jane’s; a retry answers it; another spec conflicts', async () => {
    const client = await connect(JANE);
    const input = {
      ...REQUEST,
      name: 'agent-made',
      spec: { enableDataCollection: true },
    };
    const created = await answer(client, 'create-request', input);
    expect(created).toMatchObject({
      created: true,
      name: 'agent-made',
      requester: JANE,
      entityName: 'testenv-default-elastic-cloud-agent-made',
    });
    const object = await requestInCluster('agent-made');
    expect(object?.metadata?.annotations).toMatchObject({
      'backstage.io/kratix-requester': JANE,
    });
    expect(object?.spec).toEqual({ enableDataCollection: true });
    expect(object?.metadata?.uid).toBe(created.uid);

    const again = await answer(client, 'create-request', input);
    expect(again).toMatchObject({ created: false, uid: created.uid });

    const conflict = await failure(client, 'create-request', {
      ...input,
      spec: { enableDataCollection: false },
    });
    expect(conflict).toContain(
      "ConflictError: elastic-cloud request 'default/agent-made' on platform 'testenv' already exists with a different spec (spec.enableDataCollection differs)",
    );
  });

  it('get-request-status: the whole chain of the new request', async () => {
    const client = await connect(JANE);
    const status = await eventually('agent-made to be configured', async () => {
      const s = await answer(client, 'get-request-status', {
        ...REQUEST,
        name: 'agent-made',
      });
      return s.request.outcome === 'succeeded' && s.placements.length
        ? s
        : undefined;
    });
    expect(status.request).toMatchObject({
      name: 'agent-made',
      requester: JANE,
      destinations: ['worker-1'],
    });
    expect(status.runs[0]).toMatchObject({ state: 'succeeded' });
    expect(status.runs[0].stages.map((s: any) => [s.name, s.state])).toEqual([
      ['reader', 'succeeded'],
      ['pipeline-stage-0', 'succeeded'],
      ['work-writer', 'succeeded'],
      ['status-writer', 'succeeded'],
    ]);
    expect(status.works[0].files).toContain('elasticsearch.yaml');
    expect(status.placements[0]).toMatchObject({ destination: 'worker-1' });
    expect(status.workers).toEqual([
      expect.objectContaining({ destination: 'worker-1', reachable: true }),
    ]);
  });

  it('tail-stage-log: lines of a stage; a user without kratix.logs.read is told so', async () => {
    const client = await connect(JANE);
    const tail = await answer(client, 'tail-stage-log', {
      ...REQUEST,
      name: 'agent-made',
      stage: 'pipeline-stage-0',
      tailLines: 5,
    });
    expect(tail).toMatchObject({
      available: true,
      stage: 'pipeline-stage-0',
      source: 'live',
    });
    expect(tail.lines.length).toBeGreaterThan(0);
    expect(tail.lines.length).toBeLessThanOrEqual(5);

    const denied = await failure(await connect(NO_LOGS), 'tail-stage-log', {
      ...REQUEST,
      name: 'agent-made',
    });
    expect(denied).toMatch(
      /^NotAllowedError: Missing permission kratix\.logs\.read/,
    );
    expect(denied).toContain(`You act as ${NO_LOGS}`);
  });

  it('create-request: a user without kratix.resource.create is told so, and nothing is created', async () => {
    const denied = await failure(await connect(NO_CREATE), 'create-request', {
      ...REQUEST,
      name: 'not-allowed',
    });
    expect(denied).toMatch(
      /^NotAllowedError: Missing permission kratix\.resource\.create/,
    );
    expect(denied).toContain(`You act as ${NO_CREATE}`);
    expect(await requestInCluster('not-allowed')).toBeUndefined();
  });

  it('rerun-request: recorded as jane’s, and Kratix runs the workflow again', async () => {
    const client = await connect(JANE);
    const before = await answer(client, 'get-request-status', {
      ...REQUEST,
      name: 'agent-made',
    });
    const rerun = await answer(client, 'rerun-request', {
      ...REQUEST,
      name: 'agent-made',
    });
    expect(rerun).toMatchObject({
      platform: 'testenv',
      operation: 'rerun',
      by: JANE,
      target: { name: 'agent-made', namespace: 'default' },
    });
    const object = await requestInCluster('agent-made');
    expect(object?.metadata?.annotations).toMatchObject({
      'backstage.io/kratix-last-operation': 'rerun',
      'backstage.io/kratix-last-operation-by': JANE,
    });
    const after = await eventually('a second run', async () => {
      const s = await answer(client, 'get-request-status', {
        ...REQUEST,
        name: 'agent-made',
      });
      return s.runsTotal > before.runsTotal ? s : undefined;
    });
    expect(after.request.lastOperation).toMatchObject({
      operation: 'rerun',
      by: JANE,
    });
  });

  /** The request object on the platform's API server (kubectl), or undefined. */
  async function requestInCluster(name: string): Promise<any> {
    const out = await runKubectl(env, 'platform', [
      'get',
      'elastic-clouds.workshop.kratix.io',
      name,
      '--namespace=default',
      '--ignore-not-found',
      '--output=json',
    ]);
    return out.trim() ? JSON.parse(out) : undefined;
  }
});
