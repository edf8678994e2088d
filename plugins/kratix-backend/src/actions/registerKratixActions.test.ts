import type { AuditorService } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import {
  AuthorizeResult,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import { KRATIX_REQUEST_RESOURCE_TYPE } from '@kratix-backstage/plugin-kratix-common';
import { kratixPlatformsOf } from '@kratix-backstage/plugin-kratix-node';
import { demoPlatform, NOW } from '../__testUtils__/testBackend';
import { DefaultKratixAccess } from '../access/KratixAccess';
import { createKratixServices } from '../services';
import { registerKratixActions } from './registerKratixActions';

const JANE = 'user:default/jane';
const jane = mockCredentials.user(JANE);
const DEMO = { platform: 'demo', promise: 'elastic-cloud' };

type Decide = (permission: string) => 'allow' | 'deny' | 'own';

/** The actions over the demo platform, with a policy that answers each permission. */
function setUp(decide: Decide = () => 'allow') {
  let now = NOW;
  const platforms = kratixPlatformsOf([demoPlatform(() => now)]);
  const decision = (name: string): PolicyDecision => {
    const result = decide(name);
    if (result === 'allow') return { result: AuthorizeResult.ALLOW };
    if (result === 'deny') return { result: AuthorizeResult.DENY };
    // "Only their own requests": the requester annotation names them.
    return {
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'kratix',
      resourceType: KRATIX_REQUEST_RESOURCE_TYPE,
      conditions: {
        rule: 'IS_REQUESTER',
        resourceType: KRATIX_REQUEST_RESOURCE_TYPE,
        params: { claims: [JANE] },
      },
    };
  };
  const permissions = mockServices.permissions.mock({
    authorize: async requests =>
      requests.map(r => {
        const d = decision(r.permission.name);
        return {
          result:
            d.result === AuthorizeResult.ALLOW
              ? AuthorizeResult.ALLOW
              : AuthorizeResult.DENY,
        };
      }),
    authorizeConditional: async requests =>
      requests.map(r => decision(r.permission.name)) as any,
  });
  const access = new DefaultKratixAccess({ permissions, platforms });
  const services = createKratixServices(platforms, { access });
  const events: Array<{ eventId: string; meta?: any; outcome?: string }> = [];
  const auditor: AuditorService = {
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
  const registry = actionsRegistryServiceMock();
  registerKratixActions({
    actionsRegistry: registry,
    services,
    access,
    auditor,
    logger: mockServices.logger.mock(),
  });
  const invoke = async (name: string, input: object, credentials = jane) =>
    (
      await registry.invoke({
        id: `test:${name}`,
        input: input as any,
        credentials,
      })
    ).output as any;
  return {
    registry,
    invoke,
    events,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('the Kratix actions', () => {
  it('registers seven actions, each with its attributes', async () => {
    const { registry } = setUp();
    const { actions } = await registry.list();
    expect(
      actions.map(a => [
        a.name,
        a.attributes.readOnly,
        a.attributes.destructive,
        a.attributes.idempotent,
      ]),
    ).toEqual([
      ['list-promises', true, false, true],
      ['describe-promise-api', true, false, true],
      ['validate-request', true, false, true],
      ['create-request', false, false, true],
      ['get-request-status', true, false, true],
      ['tail-stage-log', true, false, true],
      ['rerun-request', false, false, false],
    ]);
    for (const action of actions) {
      expect(action.description.length).toBeGreaterThan(100);
      expect(action.schema.input).toMatchObject({ type: 'object' });
    }
  });

  it('list-promises: each Promise with a summary of its API and how many requests the caller sees', async () => {
    const { invoke } = setUp();
    const { promises, errors } = await invoke('list-promises', {});
    expect(errors).toEqual([]);
    expect(promises).toEqual([
      expect.objectContaining({
        platform: 'demo',
        name: 'elastic-cloud',
        demo: true,
        takesRequests: true,
        kind: 'elastic-cloud',
        group: 'workshop.kratix.io',
        version: 'v1alpha1',
        apiVersion: 'workshop.kratix.io/v1alpha1',
        requiredFields: [],
        status: 'Available',
        description: expect.stringContaining('elastic-cloud'),
      }),
    ]);
    expect(promises[0].requests).toBeGreaterThanOrEqual(2);

    // A policy that shows jane only her own requests: none of the workshop's.
    const own = setUp(p => (p === 'kratix.request.read' ? 'own' : 'allow'));
    const mine = await own.invoke('list-promises', {});
    expect(mine.promises[0].requests).toBe(0);
  });

  it("describe-promise-api: the spec's JSON schema and an example input", async () => {
    const { invoke } = setUp();
    const api = await invoke('describe-promise-api', DEMO);
    expect(api).toMatchObject({
      platform: 'demo',
      promise: 'elastic-cloud',
      kind: 'elastic-cloud',
      apiVersion: 'workshop.kratix.io/v1alpha1',
      plural: 'elastic-clouds',
      requiredFields: [],
    });
    expect(api.specSchema).toMatchObject({
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      additionalProperties: false,
      properties: { enableDataCollection: { type: 'boolean' } },
    });
    expect(api.example).toMatchObject({
      platform: 'demo',
      promise: 'elastic-cloud',
      namespace: 'default',
      spec: expect.any(Object),
    });
    // The example is valid as it is.
    const checked = await invoke('validate-request', api.example);
    expect(checked).toMatchObject({ valid: true, errors: [] });
  });

  it('validate-request: field by field, without creating anything', async () => {
    const { invoke } = setUp();
    const wrong = await invoke('validate-request', {
      ...DEMO,
      name: 'checked',
      spec: { enableDataCollection: 'yes', colour: 'blue' },
    });
    expect(wrong).toMatchObject({ valid: false, dryRun: 'server' });
    expect(wrong.errors).toEqual([
      {
        field: 'spec.enableDataCollection',
        problem: 'must be boolean, got string',
      },
      { field: 'spec.colour', problem: 'is not a field of this API' },
    ]);
    const badName = await invoke('validate-request', {
      ...DEMO,
      name: 'Not_A_Name',
      namespace: 'Team A',
    });
    expect(badName.valid).toBe(false);
    expect(badName.errors.map((e: any) => e.field)).toEqual([
      'name',
      'namespace',
    ]);

    const right = await invoke('validate-request', {
      ...DEMO,
      name: 'checked',
      spec: { enableDataCollection: true },
    });
    expect(right).toMatchObject({
      valid: true,
      errors: [],
      dryRun: 'server',
      object: { metadata: { name: 'checked' } },
    });
    await expect(
      invoke('get-request-status', { ...DEMO, name: 'checked' }),
    ).rejects.toThrow(/No elastic-cloud request 'default\/checked'/);

    // The workshop's example exists: its spec differs from an empty one.
    const taken = await invoke('validate-request', {
      ...DEMO,
      name: 'example',
      spec: {},
    });
    expect(taken).toMatchObject({
      valid: true,
      existing: { createWouldConflict: true },
    });
    expect(taken.message).toContain('would refuse it');
  });

  it('create-request: as the caller, idempotent on retry, a clear conflict on another spec', async () => {
    const { invoke, events } = setUp();
    const input = {
      ...DEMO,
      name: 'agent-made',
      spec: { enableDataCollection: true },
    };
    const first = await invoke('create-request', input);
    expect(first).toMatchObject({
      created: true,
      name: 'agent-made',
      namespace: 'default',
      kind: 'elastic-cloud',
      requester: JANE,
      entityName: 'demo-default-elastic-cloud-agent-made',
    });
    const again = await invoke('create-request', input);
    expect(again).toMatchObject({
      created: false,
      requester: JANE,
      uid: first.uid,
    });
    expect(again.message).toContain('already existed with this spec');

    const error = await invoke('create-request', {
      ...input,
      spec: { enableDataCollection: false },
    }).catch(e => e);
    expect(error.name).toBe('ConflictError');
    expect(error.message).toContain(
      "elastic-cloud request 'default/agent-made' on platform 'demo' already exists with a different spec (spec.enableDataCollection differs)",
    );
    expect(error.message).toContain('Choose another name');

    // Someone else asking for the same request is not a retry.
    const other = await invoke(
      'create-request',
      input,
      mockCredentials.user('user:default/joe'),
    ).catch(e => e);
    expect(other.name).toBe('ConflictError');
    expect(other.message).toContain(`requested by ${JANE}, not by you`);

    expect(
      events
        .filter(e => e.eventId === 'request-create' && !e.meta.dryRun)
        .map(e => [e.meta.actor, e.meta.via, e.outcome]),
    ).toEqual([[JANE, 'action', 'success']]);

    const bad = await invoke('create-request', {
      ...DEMO,
      name: 'agent-bad',
      spec: { enableDataCollection: 'yes' },
    }).catch(e => e);
    expect(bad.name).toBe('InputError');
    expect(bad.message).toContain(
      'spec.enableDataCollection: must be boolean, got string',
    );
    expect(bad.message).toContain('kratix.describe-promise-api');
  });

  it("get-request-status: the whole chain, and the worker's refusal as the key error", async () => {
    const { invoke } = setUp();
    const status = await invoke('get-request-status', {
      ...DEMO,
      name: 'second-request',
    });
    expect(status.request).toMatchObject({
      platform: 'demo',
      name: 'second-request',
      state: 'failing',
      stateReason: 'worker',
      destinations: ['worker-1'],
    });
    expect(status.keyError).toMatchObject({
      source: 'worker',
      destination: 'worker-1',
    });
    expect(status.keyError.message).toContain('already registered id');
    expect(status.summary).toContain('Key error');
    expect(status.runs.length).toBeGreaterThan(0);
    expect(status.runs[0].stages.map((s: any) => s.name)).toEqual([
      'reader',
      'pipeline-stage-0',
      'work-writer',
      'status-writer',
    ]);
    expect(status.works.length).toBeGreaterThan(0);
    expect(status.works[0].files).toContain('elastic-crds.yaml');
    expect(status.placements).toEqual([
      expect.objectContaining({ destination: 'worker-1' }),
    ]);
    expect(status.workers).toEqual([
      expect.objectContaining({
        destination: 'worker-1',
        reachable: true,
        healthy: false,
        request: expect.objectContaining({ state: 'failing' }),
        failing: [
          expect.objectContaining({
            name: 'flux-system/kratix-worker-resources',
            implicatesThisRequest: true,
          }),
        ],
      }),
    ]);
    expect(status.next.join('\n')).toContain('kratix.rerun-request');

    const ready = await invoke('get-request-status', {
      ...DEMO,
      name: 'example',
    });
    expect(ready.request).toMatchObject({
      state: 'ready',
      outcome: 'succeeded',
    });
    expect(ready.keyError).toBeUndefined();
    expect(ready.next).toEqual(['Nothing to do: the request is ready.']);
  });

  it('get-request-status and tail-stage-log: a failed stage is the key error, and its log is the default tail', async () => {
    const { invoke, advance } = setUp();
    await invoke('create-request', {
      ...DEMO,
      name: 'agent-fails',
      annotations: { 'testenv.kratix.io/fail-container': 'pipeline-stage-0' },
    });
    advance(120_000);
    const status = await invoke('get-request-status', {
      ...DEMO,
      name: 'agent-fails',
    });
    expect(status.keyError).toMatchObject({
      source: 'pipeline',
      stage: 'pipeline-stage-0',
      run: status.runs[0].name,
    });
    expect(status.keyError.message).toMatch(
      /^Stage pipeline-stage-0 of pipeline .* failed with exit code 1/,
    );
    expect(status.next[0]).toBe(
      `Read the failed stage's log: kratix.tail-stage-log ${JSON.stringify({
        platform: 'demo',
        promise: 'elastic-cloud',
        namespace: 'default',
        name: 'agent-fails',
        run: status.runs[0].name,
        stage: 'pipeline-stage-0',
      })}`,
    );
    const tail = await invoke('tail-stage-log', {
      ...DEMO,
      name: 'agent-fails',
    });
    expect(tail).toMatchObject({
      available: true,
      run: status.runs[0].name,
      stage: 'pipeline-stage-0',
    });
    expect(tail.lines.length).toBeGreaterThan(0);
  });

  it('get-request-status: a request the caller may not read is not found', async () => {
    const { invoke } = setUp(p =>
      p === 'kratix.request.read' ? 'own' : 'allow',
    );
    const error = await invoke('get-request-status', {
      ...DEMO,
      name: 'example',
    }).catch(e => e);
    expect(error.name).toBe('NotFoundError');
    expect(error.message).toContain(
      "No elastic-cloud request 'default/example'",
    );
    expect(error.message).toContain('kratix.list-promises');
  });

  it('tail-stage-log: the last lines of a stage, and a refusal without kratix.logs.read', async () => {
    const { invoke, events } = setUp();
    const tail = await invoke('tail-stage-log', {
      ...DEMO,
      name: 'example',
      stage: 'pipeline-stage-0',
      tailLines: 2,
    });
    expect(tail).toMatchObject({
      available: true,
      stage: 'pipeline-stage-0',
      stages: ['reader', 'pipeline-stage-0', 'work-writer', 'status-writer'],
      source: 'live',
    });
    expect(tail.lines).toHaveLength(2);
    expect(tail.pod).toEqual(expect.any(String));
    expect(events.find(e => e.eventId === 'logs-read')).toMatchObject({
      outcome: 'success',
    });

    const wrongStage = await invoke('tail-stage-log', {
      ...DEMO,
      name: 'example',
      stage: 'nope',
    }).catch(e => e);
    expect(wrongStage.name).toBe('InputError');
    expect(wrongStage.message).toContain(
      'its stages, in order: reader, pipeline-stage-0, work-writer, status-writer',
    );

    const denied = setUp(p => (p === 'kratix.logs.read' ? 'deny' : 'allow'));
    const error = await denied
      .invoke('tail-stage-log', { ...DEMO, name: 'example' })
      .catch(e => e);
    expect(error.name).toBe('NotAllowedError');
    expect(error.message).toContain('Missing permission kratix.logs.read');
    expect(error.message).toContain(`You act as ${JANE}`);
    expect(denied.events.find(e => e.eventId === 'logs-read')?.outcome).toMatch(
      /^fail: Missing permission kratix.logs.read/,
    );
  });

  it("rerun-request: records who re-ran it; another user's request is refused under an own-requests policy", async () => {
    const { invoke, events } = setUp();
    const result = await invoke('rerun-request', { ...DEMO, name: 'example' });
    expect(result).toMatchObject({
      platform: 'demo',
      operation: 'rerun',
      by: JANE,
      target: { kind: 'elastic-cloud', name: 'example', namespace: 'default' },
    });
    expect(result.message).toContain('re-runs');
    const status = await invoke('get-request-status', {
      ...DEMO,
      name: 'example',
    });
    expect(status.request.lastOperation).toMatchObject({
      operation: 'rerun',
      by: JANE,
    });
    expect(events.find(e => e.eventId === 'workflow-rerun')).toMatchObject({
      outcome: 'success',
      meta: { via: 'action', actor: JANE },
    });

    const own = setUp(p => (p === 'kratix.resource.rerun' ? 'own' : 'allow'));
    const error = await own
      .invoke('rerun-request', { ...DEMO, name: 'example' })
      .catch(e => e);
    expect(error.name).toBe('NotAllowedError');
    expect(error.message).toContain('kratix.resource.rerun');
    // Her own request she may re-run.
    await own.invoke('create-request', { ...DEMO, name: 'janes' });
    await expect(
      own.invoke('rerun-request', { ...DEMO, name: 'janes' }),
    ).resolves.toMatchObject({ operation: 'rerun', by: JANE });
  });
});
