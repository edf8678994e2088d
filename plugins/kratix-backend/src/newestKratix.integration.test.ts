import {
  CoreV1Api,
  CustomObjectsApi,
  KubernetesObjectApi,
  PatchStrategy,
} from '@kubernetes/client-node';
import { startTestBackend, mockServices } from '@backstage/backend-test-utils';
import {
  applyHealthRecord,
  describeOnRealKratix,
  type KratixTestEnvironment,
  RealKratix,
  startKratixTestEnvironment,
  waitFor,
  WORKFLOW_CONTROL_ONCE_ANNOTATION,
} from '@internal/kratix-testenv';
import {
  METADATA_ANNOTATIONS,
  workshopScenario,
} from '@kratix-backstage/kratix-simulation';
import type { KubeObject } from '@kratix-backstage/plugin-kratix-node';
import request from 'supertest';
import kratixPlugin from '.';
import { recordingAuditor } from './__testUtils__/testBackend';

// What the newest Kratix says about a request (issue 15), read through the backend's REST
// API from the real Kratix controller built from KRATIX_SOURCE_DIR: its pipeline status
// (the layout of the source's commit: status.kratix.workflows.pipelines), HealthRecords
// rolled up by its HealthRecord controller, workflow-control.yaml handled by its
// pipeline-adapter's update-status, PromiseRevisions and ResourceBindings from its
// Promise and binding controllers, WorkPlacements from its scheduler, and DryRuns from its
// DryRun controller (featureFlags.dryRun, a dry-run Destination). Every expectation is
// either a literal Kratix writes (reasons, messages, versions) or what the object in the
// API server says, so a backend that drops or reshapes it fails here.
//
// Without the Kratix source this whole suite is skipped (the simulator does none of
// DryRun, PromiseRevisions, ResourceBindings, or Kratix's scheduler reasons), and says so.

jest.setTimeout(600_000);

const describeReal = describeOnRealKratix('newest-Kratix backend suite');

const API = '/api/kratix';
const PLATFORM = `${API}/platforms/testenv`;
const PROMISE = 'newest';
const GROUP = 'newest.testenv.kratix.io';
const PLURAL = 'newests';
const PIPELINE = 'configure-newest';
const KRATIX = 'platform.kratix.io/v1alpha1';
const req = (name: string) => `${PLATFORM}/requests/default/${PROMISE}/${name}`;

/** A Promise of its own, so the workshop's suites are not disturbed. */
function newestPromise(version: string): KubeObject {
  return {
    apiVersion: KRATIX,
    kind: 'Promise',
    metadata: {
      name: PROMISE,
      labels: { 'kratix.io/promise-version': version },
    },
    spec: {
      destinationSelectors: [{ matchLabels: { environment: 'dev' } }],
      workflows: {
        resource: {
          configure: [
            {
              apiVersion: KRATIX,
              kind: 'Pipeline',
              metadata: { name: PIPELINE },
              spec: {
                containers: [
                  { name: 'provision', image: 'testenv/newest-provision:1' },
                ],
              },
            },
          ],
        },
      },
      api: {
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: `${PLURAL}.${GROUP}` },
        spec: {
          group: GROUP,
          names: { kind: 'Newest', plural: PLURAL, singular: 'newest' },
          scope: 'Namespaced',
          versions: [
            {
              name: 'v1alpha1',
              served: true,
              storage: true,
              schema: {
                openAPIV3Schema: {
                  type: 'object',
                  properties: {
                    spec: {
                      type: 'object',
                      properties: { size: { type: 'string' } },
                    },
                  },
                },
              },
            },
          ],
        },
      },
    },
  } as KubeObject;
}

function eventually<T>(
  what: string,
  check: () => Promise<T | undefined>,
  ms = 120_000,
): Promise<T> {
  return waitFor(what, check, { timeoutMs: ms, intervalMs: 500 });
}

describeReal('the newest Kratix, through the backend REST API', () => {
  let env: KratixTestEnvironment;
  let kratix: RealKratix;
  let server: any;
  let objects: CustomObjectsApi;
  const audit = recordingAuditor();
  const started = Date.now();
  const timings: Record<string, number> = {};

  const createRequest = (
    name: string,
    annotations: Record<string, string> = {},
    spec: Record<string, unknown> = { size: 'small' },
  ) =>
    objects.createNamespacedCustomObject({
      group: GROUP,
      version: 'v1alpha1',
      namespace: 'default',
      plural: PLURAL,
      body: {
        apiVersion: `${GROUP}/v1alpha1`,
        kind: 'Newest',
        metadata: { name, namespace: 'default', annotations },
        spec,
      },
    });

  const raw = (name: string) =>
    objects.getNamespacedCustomObject({
      group: GROUP,
      version: 'v1alpha1',
      namespace: 'default',
      plural: PLURAL,
      name,
    }) as Promise<any>;

  const list = async (
    plural: string,
    labelSelector?: string,
    namespace?: string,
  ): Promise<any[]> =>
    (
      (namespace
        ? await objects.listNamespacedCustomObject({
            group: 'platform.kratix.io',
            version: 'v1alpha1',
            namespace,
            plural,
            labelSelector,
          })
        : await objects.listClusterCustomObject({
            group: 'platform.kratix.io',
            version: 'v1alpha1',
            plural,
            labelSelector,
          })) as any
    ).items;

  const completed = (o: KubeObject) =>
    !!o.status?.conditions?.some(
      (c: any) =>
        c.type === 'ConfigureWorkflowCompleted' && c.status === 'True',
    );
  const suspendedLabel = (o: KubeObject) =>
    o.metadata.labels?.['kratix.io/workflow-suspended'] === 'true' &&
    o.status?.kratix?.workflows?.pipelines?.[0]?.phase === 'Suspended';

  beforeAll(async () => {
    // One real Kratix per machine (port 9443): wait for another run's to finish.
    env = await startKratixTestEnvironment({
      kratix: 'real',
      flux: false,
      kratixPortWaitMs: 600_000,
    });
    timings.environment = Date.now() - started;
    kratix = new RealKratix(env);
    objects = env.platform.kubeConfig.makeApiClient(CustomObjectsApi);
    await kratix.registerDestination(workshopScenario.destinations[0]);
    await kratix.registerDryRunDestination();
    await kratix.installPromise(newestPromise('v1.0.0'));
    ({ server } = await startTestBackend({
      features: [
        kratixPlugin,
        audit.factory,
        mockServices.rootConfig.factory({
          data: {
            kratix: {
              platforms: [
                {
                  name: 'testenv',
                  title: 'Test environment (real Kratix)',
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
    }));
    // The requests the tests read, made at once: Kratix runs their pipelines one after
    // the other meanwhile.
    await createRequest('plain');
    await createRequest('waits-to-retry', {
      [METADATA_ANNOTATIONS.workflowControl]: JSON.stringify({
        retryAfter: '1h',
        message: 'Waiting for the DBA team to approve the schema change',
      }),
      [WORKFLOW_CONTROL_ONCE_ANNOTATION]: 'true',
    });
    await createRequest('suspended', {
      [METADATA_ANNOTATIONS.workflowControl]: JSON.stringify({
        suspend: true,
        message: 'Paused until the change window opens (Tuesday 02:00 UTC)',
      }),
    });
    await createRequest('unscheduled', {
      [METADATA_ANNOTATIONS.destinationSelectors]: JSON.stringify([
        { matchLabels: { region: 'mars' } },
      ]),
    });
    await kratix.waitForRequest('default', PROMISE, 'plain', completed);
    await kratix.waitForRequest(
      'default',
      PROMISE,
      'waits-to-retry',
      suspendedLabel,
    );
    await kratix.waitForRequest(
      'default',
      PROMISE,
      'suspended',
      suspendedLabel,
    );
    await kratix.waitForRequest('default', PROMISE, 'unscheduled', completed);
    timings.setup = Date.now() - started;
  }, 1_020_000);

  afterAll(async () => {
    // eslint-disable-next-line no-console
    console.log(
      `[kratix-testenv] newest-Kratix backend suite timings (ms): ${JSON.stringify(
        { ...timings, total: Date.now() - started },
      )}`,
    );
    await kratix?.stop();
    await env?.stop();
  }, 60_000);

  const timed =
    (name: string, fn: () => Promise<void>): (() => Promise<void>) =>
    async () => {
      const t = Date.now();
      try {
        await fn();
      } finally {
        timings[name] = Date.now() - t;
      }
    };

  it(
    "(a) the pipeline status in the source's layout (status.kratix.workflows.pipelines) reaches `pipelines`, as configure",
    timed('a-pipelines', async () => {
      const object = await raw('plain');
      // Real Kratix at the source's commit writes the old layout: a list, not keyed.
      expect(Array.isArray(object.status.kratix.workflows.pipelines)).toBe(
        true,
      );
      expect(object.status.kratix.workflows.configure).toBeUndefined();
      const [written] = object.status.kratix.workflows.pipelines;
      expect(written).toMatchObject({ name: PIPELINE, phase: 'Succeeded' });

      const res = await request(server).get(req('plain'));
      expect(res.status).toBe(200);
      expect(res.body.pipelines).toEqual([
        expect.objectContaining({
          name: PIPELINE,
          workflow: 'configure',
          phase: 'Succeeded',
          lastTransitionTime: written.lastTransitionTime,
        }),
      ]);
      expect(res.body.workflowControl).toBeUndefined();
      expect(res.body.state).toBe('ready');
    }),
  );

  it(
    '(b) health: HealthRecords rolled up by Kratix show as the request health, filter the request list and count in the summary',
    timed('b-health', async () => {
      const lastRun = Math.floor(Date.parse('2026-11-17T10:00:00Z') / 1000);
      await applyHealthRecord(env.platform.kubeConfig, {
        name: 'plain-latency',
        promise: PROMISE,
        request: { name: 'plain', namespace: 'default' },
        state: 'degraded',
        lastRun,
        details: { p99: '850ms', threshold: '500ms' },
      });
      // The backend may show the record itself first (source `records`); once Kratix's
      // HealthRecord controller rolled it up, the request's own status is the source.
      const degraded = await eventually(
        'health degraded, from the status',
        async () => {
          const r = await request(server).get(req('plain'));
          return r.body.health?.state === 'degraded' &&
            r.body.health?.source === 'status'
            ? r.body
            : undefined;
        },
      );
      // Kratix's roll-up in the status is the source, not the records the backend lists.
      expect((await raw('plain')).status.healthStatus.state).toBe('degraded');
      expect(degraded.health).toEqual({
        state: 'degraded',
        source: 'status',
        records: [
          expect.objectContaining({
            name: 'plain-latency',
            namespace: 'default',
            state: 'degraded',
            lastRun: '2026-11-17T10:00:00.000Z',
            details: { p99: '850ms', threshold: '500ms' },
          }),
        ],
      });

      await applyHealthRecord(env.platform.kubeConfig, {
        name: 'plain-errors',
        promise: PROMISE,
        request: { name: 'plain', namespace: 'default' },
        state: 'unhealthy',
        lastRun: lastRun + 60,
        details: { errorRate: '12%' },
      });
      const unhealthy = await eventually(
        'health unhealthy, from the status',
        async () => {
          const r = await request(server).get(req('plain'));
          return r.body.health?.state === 'unhealthy' &&
            r.body.health?.source === 'status' &&
            r.body.health?.records?.length === 2
            ? r.body
            : undefined;
        },
      );
      expect((await raw('plain')).status.healthStatus.state).toBe('unhealthy');
      expect(
        unhealthy.health.records.map((r: any) => [r.name, r.state]).sort(),
      ).toEqual([
        ['plain-errors', 'unhealthy'],
        ['plain-latency', 'degraded'],
      ]);

      const filtered = await request(server).get(
        `${API}/requests?health=unhealthy`,
      );
      expect(filtered.status).toBe(200);
      expect(
        filtered.body.items.map((r: any) => [r.platform, r.promise, r.name]),
      ).toEqual([['testenv', PROMISE, 'plain']]);
      const none = await request(server).get(`${API}/requests?health=degraded`);
      expect(none.body.items).toEqual([]);

      const summary = await request(server).get(`${API}/requests/summary`);
      expect(summary.status).toBe(200);
      expect(summary.body.byHealth).toEqual({ unhealthy: 1 });
      expect(
        summary.body.byPromise.find((p: any) => p.promise === PROMISE),
      ).toMatchObject({ platform: 'testenv', byHealth: { unhealthy: 1 } });
    }),
  );

  it(
    '(c) workflow control: waiting to retry and suspended, with Kratix message, attempts and next retry; resume-workflow is audited, refused when nothing is suspended, and Kratix resumes the pipeline',
    timed('c-workflow-control', async () => {
      const object = await raw('waits-to-retry');
      const written = object.status.kratix.workflows.pipelines[0];
      expect(written.nextRetryAt).toEqual(expect.any(String));

      const waiting = (await request(server).get(req('waits-to-retry'))).body;
      expect(waiting.workflowControl).toEqual({
        state: 'waiting-to-retry',
        workflow: 'configure',
        pipeline: PIPELINE,
        message: 'Waiting for the DBA team to approve the schema change',
        attempts: 1,
        nextRetryAt: written.nextRetryAt,
        labelled: true,
        suspendedGeneration: object.metadata.generation,
      });
      // Kratix's own condition, verbatim.
      const reconciled = object.status.conditions.find(
        (c: any) => c.type === 'Reconciled',
      );
      expect(reconciled).toMatchObject({
        status: 'Unknown',
        reason: 'WorkflowSuspended',
        message: 'Suspended',
      });
      expect(
        waiting.conditions.find((c: any) => c.type === 'Reconciled'),
      ).toMatchObject({
        status: 'Unknown',
        reason: 'WorkflowSuspended',
        message: 'Suspended',
      });
      expect(waiting.pipelines).toEqual([
        expect.objectContaining({
          name: PIPELINE,
          workflow: 'configure',
          phase: 'Suspended',
          attempts: 1,
          nextRetryAt: written.nextRetryAt,
        }),
      ]);

      const suspended = (await request(server).get(req('suspended'))).body;
      expect(suspended.workflowControl).toMatchObject({
        state: 'suspended',
        workflow: 'configure',
        pipeline: PIPELINE,
        message: 'Paused until the change window opens (Tuesday 02:00 UTC)',
        labelled: true,
      });
      expect(suspended.workflowControl.nextRetryAt).toBeUndefined();
      expect(suspended.workflowControl.attempts).toBeUndefined();

      const summary = await request(server).get(`${API}/requests/summary`);
      expect(summary.body.suspended).toBe(2);

      // Nothing to resume on a request whose workflow is not suspended.
      const refused = await request(server).post(
        `${req('plain')}/resume-workflow`,
      );
      expect(refused.status).toBe(409);

      const events = audit.events.length;
      const resumed = await request(server).post(
        `${req('waits-to-retry')}/resume-workflow`,
      );
      expect(resumed.status).toBe(200);
      expect(resumed.body).toMatchObject({
        operation: 'resume-workflow',
        by: 'user:default/mock',
      });
      expect(audit.events.slice(events)).toEqual([
        expect.objectContaining({
          eventId: 'workflow-resume',
          outcome: 'success',
        }),
      ]);
      expect(
        (await raw('waits-to-retry')).metadata.labels?.[
          'kratix.io/workflow-suspended'
        ],
      ).toBeUndefined();

      // Real Kratix re-runs the suspended pipeline; this time the stage lets it finish.
      const done = await kratix.waitForRequest(
        'default',
        PROMISE,
        'waits-to-retry',
        completed,
      );
      expect(
        done.metadata.labels?.['kratix.io/workflow-suspended'],
      ).toBeUndefined();
      // update-status completes the workflow with the pipeline still `Running` (it clears
      // the suspension that way); the controller marks it Succeeded when it next counts
      // the workflow's runs. Whatever Kratix wrote last is what the backend must show.
      const settledPhase = await waitFor(
        'the resumed pipeline to be marked Succeeded',
        async () => {
          const o = await raw('waits-to-retry');
          return o.status.kratix.workflows.pipelines[0].phase === 'Succeeded'
            ? 'Succeeded'
            : undefined;
        },
        { timeoutMs: 30_000, intervalMs: 500 },
      ).catch(
        async () =>
          (
            await raw('waits-to-retry')
          ).status.kratix.workflows.pipelines[0].phase as string,
      );
      // eslint-disable-next-line no-console
      console.log(
        `[kratix-testenv] resumed pipeline phase as real Kratix left it: ${settledPhase}`,
      );
      const after = (await request(server).get(req('waits-to-retry'))).body;
      expect(after.workflowControl).toBeUndefined();
      expect(after.pipelines).toEqual([
        expect.objectContaining({ name: PIPELINE, phase: settledPhase }),
      ]);
      expect(
        after.conditions.find(
          (c: any) => c.type === 'ConfigureWorkflowCompleted',
        ),
      ).toMatchObject({ status: 'True' });
      // Two runs of the pipeline: the one that asked to retry, and the resumed one.
      const pods = await env.platform.kubeConfig
        .makeApiClient(CoreV1Api)
        .listNamespacedPod({
          namespace: 'default',
          labelSelector: 'kratix.io/resource-name=waits-to-retry',
        });
      expect(pods.items.map(p => p.status?.phase)).toEqual([
        'Succeeded',
        'Succeeded',
      ]);
    }),
  );

  it(
    "(e) the request's Destinations, from its WorkPlacements",
    timed('e-destinations', async () => {
      const works = await list(
        'works',
        `kratix.io/promise-name=${PROMISE},kratix.io/resource-name=plain`,
        'default',
      );
      expect(works).toHaveLength(1);
      const placements = await list(
        'workplacements',
        `kratix.io/work=${works[0].metadata.name}`,
        'default',
      );
      expect(placements.map(p => p.spec.targetDestinationName)).toEqual([
        'worker-1',
      ]);
      const plain = (await request(server).get(req('plain'))).body;
      expect(plain.destinations).toEqual(['worker-1']);
      const unscheduled = (await request(server).get(req('unscheduled'))).body;
      expect(unscheduled.destinations).toEqual([]);
      // The dry-run Destination never takes a real request's workloads.
      const all = await request(server).get(`${API}/requests?platform=testenv`);
      expect(all.body.items.flatMap((r: any) => r.destinations)).not.toContain(
        'dry-run',
      );
    }),
  );

  it(
    "(f) preview: Kratix's DryRun answers with the files the pipeline would write and its summary; nothing real is made",
    timed('f-preview', async () => {
      const events = audit.events.length;
      const res = await request(server)
        .post(`${PLATFORM}/promises/${PROMISE}/requests/preview`)
        .send({
          name: 'preview-me',
          namespace: 'default',
          spec: { size: 'large' },
        });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        platform: 'testenv',
        method: 'kratix-dry-run',
        object: {
          apiVersion: `${GROUP}/v1alpha1`,
          kind: 'Newest',
          spec: { size: 'large' },
        },
        dryRun: { namespace: 'default', state: 'completed' },
      });
      const configmap = res.body.files.find(
        (f: any) => f.path === 'configmap.yaml',
      );
      expect(configmap).toMatchObject({ pipeline: PIPELINE });
      // The stage saw the request under its intended name (Kratix's reader renames the
      // ephemeral request), so the file says what the real request would get.
      expect(configmap.content).toContain(`name: ${PROMISE}-preview-me`);
      expect(configmap.content).toContain('request: preview-me');
      expect(res.body.summary).toContain('# Kratix Dry Run Summary');
      expect(res.body.summary).toContain(`## Pipeline: \`${PIPELINE}\``);
      expect(res.body.note).toEqual(expect.any(String));
      expect(env.kratix!.runner.runs.some(r => r.dryRun)).toBe(true);
      expect(audit.events.slice(events)).toEqual([
        expect.objectContaining({
          eventId: 'request-preview',
          severityLevel: 'low',
          outcome: 'success',
        }),
      ]);

      // Nothing real: no request, no Work for it outside the dry run, no DryRun left.
      await expect(raw('preview-me')).rejects.toMatchObject({ code: 404 });
      const realWorks = (
        await list('works', 'kratix.io/resource-name=preview-me', 'default')
      ).filter(w => w.metadata.labels?.['kratix.io/dry-run'] !== 'true');
      expect(realWorks).toEqual([]);
      await eventually(
        'the DryRun and its ephemeral request to be gone',
        async () => {
          const dryRuns = await list('dryruns', undefined, 'default');
          const ephemeral = (
            (await objects.listNamespacedCustomObject({
              group: GROUP,
              version: 'v1alpha1',
              namespace: 'default',
              plural: PLURAL,
              labelSelector: 'kratix.io/dry-run=true',
            })) as any
          ).items;
          return dryRuns.length === 0 && ephemeral.length === 0
            ? true
            : undefined;
        },
      );
      expect(
        (
          await request(server).get(`${API}/requests?platform=testenv`)
        ).body.items
          .map((r: any) => r.name)
          .sort(),
      ).toEqual(['plain', 'suspended', 'unscheduled', 'waits-to-retry']);
    }),
  );

  it(
    "(g1) a Work no Destination matches: ScheduleSucceeded False with Kratix's reason and message, verbatim",
    timed('g1-unscheduled', async () => {
      const [work] = await list(
        'works',
        `kratix.io/promise-name=${PROMISE},kratix.io/resource-name=unscheduled`,
        'default',
      );
      const written = work.status.conditions.find(
        (c: any) => c.type === 'ScheduleSucceeded',
      );
      // Kratix's code says UnscheduledWorkloads; its docs say UnscheduledWorkloadGroups.
      // This is what the controller writes.
      expect(written).toMatchObject({
        status: 'False',
        reason: 'UnscheduledWorkloads',
      });
      expect(written.message).toMatch(
        /^No matching destination found for workloadGroups: \[.+\]$/,
      );
      const placement = (
        await request(server).get(`${req('unscheduled')}/placement`)
      ).body;
      expect(placement.works).toHaveLength(1);
      expect(
        placement.works[0].conditions.find(
          (c: any) => c.type === 'ScheduleSucceeded',
        ),
      ).toMatchObject({
        status: 'False',
        reason: 'UnscheduledWorkloads',
        message: written.message,
      });
      expect(placement.workPlacements).toEqual([]);
    }),
  );

  it(
    "(d) versions: the request's ResourceBinding and the Promise's revisions with their requests; a new version label makes a second revision",
    timed('d-versions', async () => {
      const [binding] = await list(
        'resourcebindings',
        `kratix.io/promise-name=${PROMISE},kratix.io/resource-name=plain`,
        'default',
      );
      expect(binding.spec.version).toBe('latest');
      expect(binding.status.lastAppliedVersion).toBe('v1.0.0');
      const plain = (await request(server).get(req('plain'))).body;
      expect(plain.version).toMatchObject({
        binding: binding.metadata.name,
        desired: 'latest',
        lastAppliedVersion: 'v1.0.0',
      });

      const bindings = await list(
        'resourcebindings',
        `kratix.io/promise-name=${PROMISE}`,
      );
      const applied = (v: string) =>
        bindings.filter(b => b.status?.lastAppliedVersion === v).length;
      const one = (await request(server).get(`${PLATFORM}/promises/${PROMISE}`))
        .body;
      expect(
        one.revisions.map((r: any) => [r.version, r.latest, r.requests]),
      ).toEqual([['v1.0.0', true, applied('v1.0.0')]]);
      expect(one.revisions[0].requests).toBeGreaterThanOrEqual(1);

      // A new version of the Promise: Kratix makes a second PromiseRevision, latest.
      await KubernetesObjectApi.makeApiClient(env.platform.kubeConfig).patch(
        {
          apiVersion: KRATIX,
          kind: 'Promise',
          metadata: {
            name: PROMISE,
            labels: { 'kratix.io/promise-version': 'v1.1.0' },
          },
        },
        undefined,
        undefined,
        undefined,
        undefined,
        PatchStrategy.MergePatch,
      );
      const two = await eventually('a second revision', async () => {
        const r = await request(server).get(`${PLATFORM}/promises/${PROMISE}`);
        return r.body.revisions?.length === 2 ? r.body : undefined;
      });
      const revisions = await list(
        'promiserevisions',
        `kratix.io/promise-name=${PROMISE}`,
      );
      expect(revisions.map(r => r.spec.version).sort()).toEqual([
        'v1.0.0',
        'v1.1.0',
      ]);
      expect(two.revisions.map((r: any) => [r.version, r.latest])).toEqual([
        ['v1.1.0', true],
        ['v1.0.0', false],
      ]);
      // Floating bindings (`latest`) move to the new version as Kratix re-runs them; the
      // counts follow the bindings, whatever they say at the time.
      await eventually('the counts to match the bindings', async () => {
        const now = await list(
          'resourcebindings',
          `kratix.io/promise-name=${PROMISE}`,
        );
        const count = (v: string) =>
          now.filter(b => b.status?.lastAppliedVersion === v).length;
        const r = await request(server).get(`${PLATFORM}/promises/${PROMISE}`);
        const shown = r.body.revisions.map((x: any) => [x.version, x.requests]);
        return JSON.stringify(shown) ===
          JSON.stringify([
            ['v1.1.0', count('v1.1.0')],
            ['v1.0.0', count('v1.0.0')],
          ])
          ? true
          : undefined;
      });
    }),
  );

  it(
    '(g2) a Destination relabelled after placement: the WorkPlacement says DestinationSelectorMismatch, verbatim',
    timed('g2-mismatch', async () => {
      const gold = {
        name: 'worker-2',
        labels: { environment: 'dev', tier: 'gold' },
        path: 'worker-2',
        stateStore: { kind: 'GitStateStore' as const, name: 'default' },
      };
      await kratix.registerDestination(gold);
      await createRequest('gold', {
        [METADATA_ANNOTATIONS.destinationSelectors]: JSON.stringify([
          { matchLabels: { tier: 'gold' } },
        ]),
      });
      await kratix.waitForRequest('default', PROMISE, 'gold', completed);
      const placed = await eventually('gold placed on worker-2', async () => {
        const r = await request(server).get(req('gold'));
        return r.body.destinations?.length ? r.body : undefined;
      });
      expect(placed.destinations).toEqual(['worker-2']);

      // The platform team takes the tier off the Destination.
      await kratix.registerDestination({
        ...gold,
        labels: { environment: 'dev' },
      });
      const wp = await eventually(
        'the WorkPlacement to be misplaced',
        async () => {
          const works = await list(
            'works',
            `kratix.io/promise-name=${PROMISE},kratix.io/resource-name=gold`,
            'default',
          );
          const [p] = await list(
            'workplacements',
            `kratix.io/work=${works[0]?.metadata.name}`,
            'default',
          );
          const c = p?.status?.conditions?.find(
            (x: any) => x.type === 'ScheduleSucceeded',
          );
          return c?.reason === 'DestinationSelectorMismatch' ? p : undefined;
        },
      );
      const written = wp.status.conditions.find(
        (c: any) => c.type === 'ScheduleSucceeded',
      );
      expect(written).toMatchObject({
        status: 'False',
        reason: 'DestinationSelectorMismatch',
        message: 'Target destination no longer matches destinationSelectors',
      });
      const placement = (await request(server).get(`${req('gold')}/placement`))
        .body;
      expect(placement.workPlacements).toEqual([
        expect.objectContaining({
          destination: 'worker-2',
          misplaced: true,
          scheduled: expect.objectContaining({
            status: 'False',
            reason: 'DestinationSelectorMismatch',
            message: written.message,
          }),
        }),
      ]);
    }),
  );
});
