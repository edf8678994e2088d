import {
  BatchV1Api,
  CoreV1Api,
  CustomObjectsApi,
} from '@kubernetes/client-node';
import { decodeWorkload } from '@kratix-backstage/plugin-kratix-node';
import {
  METADATA_ANNOTATIONS,
  workshopScenario,
} from '@kratix-backstage/kratix-simulation';
import { KratixTestEnvironment, startKratixTestEnvironment } from '..';
import { resolveReferenceData } from '../referenceData';
import { KratixSimulator, settled } from '.';
import { applyHealthRecord } from '../kratix/healthRecords';
import { WORKFLOW_CONTROL_ONCE_ANNOTATION } from '../scenario/testenvBehaviour';
import { waitFor } from './kube';

jest.setTimeout(300_000);

// The workshop story on real clusters: the simulator writes what Kratix would, KWOK runs
// the pipeline Pods, real Flux applies the placed files to the worker.
describe('Kratix simulator on the test environment', () => {
  const data = resolveReferenceData();
  let env: KratixTestEnvironment;
  let sim: KratixSimulator;
  let core: CoreV1Api;
  let batch: BatchV1Api;
  let platformCustom: CustomObjectsApi;
  let workerCustom: CustomObjectsApi;

  beforeAll(async () => {
    process.stdout.write(
      `[kratix-testenv] simulator suite: ${data.description}\n`,
    );
    env = await startKratixTestEnvironment({
      crdDirs: { kratix: data.kratixCrdDir },
    });
    sim = new KratixSimulator({
      platform: env.platform.kubeConfig,
      setPodLogs: env.platform.setPodLogs!,
      stateStore: env.stateStore,
    });
    core = env.platform.kubeConfig.makeApiClient(CoreV1Api);
    batch = env.platform.kubeConfig.makeApiClient(BatchV1Api);
    platformCustom = env.platform.kubeConfig.makeApiClient(CustomObjectsApi);
    workerCustom = env.worker.kubeConfig.makeApiClient(CustomObjectsApi);
    await sim.playScenario(workshopScenario);
  });

  afterAll(async () => {
    await sim?.stop();
    await env?.stop();
  });

  const request = (name: string) =>
    platformCustom.getNamespacedCustomObject({
      group: 'workshop.kratix.io',
      version: 'v1alpha1',
      namespace: 'default',
      plural: 'elastic-clouds',
      name,
    }) as Promise<any>;
  const resourcesKustomization = () =>
    workerCustom.getNamespacedCustomObject({
      group: 'kustomize.toolkit.fluxcd.io',
      version: 'v1',
      namespace: 'flux-system',
      plural: 'kustomizations',
      name: 'kratix-worker-1-resources',
    }) as Promise<any>;
  const ready = (o: any) =>
    o.status?.conditions?.find((c: any) => c.type === 'Ready');

  it('marks the Destination Ready and installs the request CRD with a status subresource', async () => {
    const dest: any = await platformCustom.getClusterCustomObject({
      group: 'platform.kratix.io',
      version: 'v1alpha1',
      plural: 'destinations',
      name: 'worker-1',
    });
    expect(ready(dest)).toMatchObject({
      status: 'True',
      reason: 'TestDocumentsWritten',
    });
    const promise: any = await platformCustom.getClusterCustomObject({
      group: 'platform.kratix.io',
      version: 'v1alpha1',
      plural: 'promises',
      name: 'elastic-cloud',
    });
    expect(promise.status).toMatchObject({
      status: 'Available',
      kind: 'elastic-cloud',
      apiVersion: 'workshop.kratix.io/v1alpha1',
    });
  });

  it('runs the example request to "Resource requested" and Reconciled', async () => {
    const example = await request('example');
    expect(example.status.message).toBe('Resource requested');
    expect(example.metadata.labels['kratix.io/promise-name']).toBe(
      'elastic-cloud',
    );
    const conditions = Object.fromEntries(
      example.status.conditions.map((c: any) => [c.type, c.reason]),
    );
    expect(conditions).toEqual({
      ConfigureWorkflowCompleted: 'PipelinesExecutedSuccessfully',
      Reconciled: 'Reconciled',
      WorksSucceeded: 'WorksSucceeded',
    });
    expect(example.status).toMatchObject({
      workflows: 1,
      workflowsSucceeded: 1,
      workflowsFailed: 0,
    });
  });

  it("runs a Pod with Kratix's containers in order, each logging what the workshop shows", async () => {
    const pods = await core.listNamespacedPod({
      namespace: 'default',
      labelSelector:
        'kratix.io/promise-name=elastic-cloud,kratix.io/resource-name=example',
    });
    expect(pods.items).toHaveLength(1);
    const pod = pods.items[0];
    expect(pod.status?.phase).toBe('Succeeded');
    expect(pod.spec!.initContainers!.map(c => c.name)).toEqual([
      'reader',
      'pipeline-stage-0',
      'work-writer',
    ]);
    expect(pod.spec!.containers.map(c => c.name)).toEqual(['status-writer']);
    const log = await core.readNamespacedPodLog({
      name: pod.metadata!.name!,
      namespace: 'default',
      container: 'pipeline-stage-0',
    });
    expect(log.split('\n')).toEqual(
      expect.arrayContaining([
        'Downloading Operator...',
        'Copying files to /kratix/output...',
      ]),
    );
  });

  it('writes a Work with the outputs, a Ready WorkPlacement, and the files in the state store', async () => {
    const works: any = await platformCustom.listNamespacedCustomObject({
      group: 'platform.kratix.io',
      version: 'v1alpha1',
      namespace: 'default',
      plural: 'works',
      labelSelector: 'kratix.io/resource-name=example',
    });
    expect(works.items).toHaveLength(1);
    const [group] = works.items[0].spec.workloadGroups;
    const files = Object.fromEntries(
      group.workloads.map((w: any) => [w.filepath, decodeWorkload(w.content)]),
    );
    expect(Object.keys(files).sort()).toEqual([
      'beats.yaml',
      'elastic-crds.yaml',
      'elastic-operator.yaml',
      'elasticsearch.yaml',
      'kibana.yaml',
    ]);
    const wps: any = await platformCustom.listNamespacedCustomObject({
      group: 'platform.kratix.io',
      version: 'v1alpha1',
      namespace: 'default',
      plural: 'workplacements',
      labelSelector: `kratix.io/work=${works.items[0].metadata.name}`,
    });
    expect(
      wps.items.map((w: any) => [
        w.spec.targetDestinationName,
        ready(w)?.message,
      ]),
    ).toEqual([['worker-1', 'Ready']]);
    expect(
      await env.stateStore.readFile(
        'worker-1/resources/default/elastic-cloud/example/resource-configure/5058f/elasticsearch.yaml',
      ),
    ).toBe(files['elasticsearch.yaml']);
  });

  it("makes Flux fail the worker's resources Kustomization on second-request's duplicate CRD", async () => {
    const failing = await waitFor(
      'the resources Kustomization to fail',
      async () => {
        const k = await resourcesKustomization();
        return ready(k)?.status === 'False' &&
          ready(k).message.includes(
            'may not add resource with an already registered id',
          )
          ? k
          : undefined;
      },
      60_000,
      500,
    );
    expect(ready(failing).reason).toBe('BuildFailed');
    expect(ready(failing).message).toContain(
      'CustomResourceDefinition.v1.apiextensions.k8s.io/elasticsearches.elasticsearch.k8s.elastic.co',
    );
    const second = await request('second-request');
    expect(second.status.message).toBe('Resource requested');
  });

  it('fails a request at the chosen stage with its exit code', async () => {
    await env.platform.kubeConfig
      .makeApiClient(CustomObjectsApi)
      .createNamespacedCustomObject({
        group: 'workshop.kratix.io',
        version: 'v1alpha1',
        namespace: 'default',
        plural: 'elastic-clouds',
        body: {
          apiVersion: 'workshop.kratix.io/v1alpha1',
          kind: 'elastic-cloud',
          metadata: {
            name: 'broken',
            namespace: 'default',
            annotations: {
              'testenv.kratix.io/fail-container': 'pipeline-stage-0',
              'testenv.kratix.io/exit-code': '3',
            },
          },
          spec: { enableDataCollection: false },
        },
      });
    const broken = await sim.waitForRequest(
      'default',
      'elastic-cloud',
      'broken',
      settled,
    );
    expect(
      broken.status.conditions.find(
        (c: any) => c.type === 'ConfigureWorkflowCompleted',
      ),
    ).toMatchObject({
      status: 'False',
      reason: 'ConfigureWorkflowFailed',
      message: 'A Configure Pipeline has failed: resource-configure',
    });
    const jobs = await batch.listNamespacedJob({
      namespace: 'default',
      labelSelector: 'kratix.io/resource-name=broken',
    });
    expect(
      jobs.items[0].status?.conditions?.find(c => c.type === 'Failed')?.status,
    ).toBe('True');
    const pods = await core.listNamespacedPod({
      namespace: 'default',
      labelSelector: 'kratix.io/resource-name=broken',
    });
    const stage = pods.items[0].status!.initContainerStatuses!.find(
      s => s.name === 'pipeline-stage-0',
    );
    expect(stage?.state?.terminated?.exitCode).toBe(3);
  });

  it('re-runs the workflow on kratix.io/manual-reconciliation', async () => {
    const before = await batch.listNamespacedJob({
      namespace: 'default',
      labelSelector: 'kratix.io/resource-name=example',
    });
    await platformCustom.patchNamespacedCustomObject({
      group: 'workshop.kratix.io',
      version: 'v1alpha1',
      namespace: 'default',
      plural: 'elastic-clouds',
      name: 'example',
      body: [
        {
          op: 'add',
          path: '/metadata/labels/kratix.io~1manual-reconciliation',
          value: 'true',
        },
      ],
    });
    await waitFor('a second Job for example', async () => {
      const jobs = await batch.listNamespacedJob({
        namespace: 'default',
        labelSelector: 'kratix.io/resource-name=example',
      });
      return jobs.items.length === before.items.length + 1 ? true : undefined;
    });
    const example = await sim.waitForRequest(
      'default',
      'elastic-cloud',
      'example',
      o =>
        !o.metadata.labels?.['kratix.io/manual-reconciliation'] && settled(o),
    );
    expect(example.status.message).toBe('Resource requested');
  });

  it('recovers the Kustomization when the duplicate request is deleted', async () => {
    await platformCustom.deleteNamespacedCustomObject({
      group: 'workshop.kratix.io',
      version: 'v1alpha1',
      namespace: 'default',
      plural: 'elastic-clouds',
      name: 'second-request',
    });
    const k = await waitFor(
      'the resources Kustomization to recover',
      async () => {
        const current = await resourcesKustomization();
        return ready(current)?.status === 'True' ? current : undefined;
      },
      60_000,
      500,
    );
    expect(ready(k).reason).toBe('ReconciliationSucceeded');
    const es: any = await waitFor(
      "example's Elasticsearch on the worker",
      () =>
        workerCustom.getNamespacedCustomObject({
          group: 'elasticsearch.k8s.elastic.co',
          version: 'v1',
          namespace: 'default',
          plural: 'elasticsearches',
          name: 'example',
        }),
      30_000,
      500,
    );
    expect(es.spec.nodeSets[0].count).toBe(1);
    expect(sim.errors).toEqual([]);
  });

  it('suspends a workflow as workflow-control.yaml asks (retry with attempts and next retry, or suspend), and runs it again once the label goes', async () => {
    const create = (name: string, control: unknown) =>
      platformCustom.createNamespacedCustomObject({
        group: 'workshop.kratix.io',
        version: 'v1alpha1',
        namespace: 'default',
        plural: 'elastic-clouds',
        body: {
          apiVersion: 'workshop.kratix.io/v1alpha1',
          kind: 'elastic-cloud',
          metadata: {
            name,
            annotations: {
              [METADATA_ANNOTATIONS.workflowControl]: JSON.stringify(control),
              [WORKFLOW_CONTROL_ONCE_ANNOTATION]: 'true',
            },
          },
          spec: {},
        },
      });
    const suspended = (o: any) =>
      o.metadata.labels?.['kratix.io/workflow-suspended'] === 'true' &&
      o.status?.kratix?.workflows?.pipelines?.[0]?.phase === 'Suspended';
    await create('sim-retry', { retryAfter: '2s', message: 'try again soon' });
    await create('sim-suspend', { suspend: true, message: 'approve me' });
    const retry = await sim.waitForRequest(
      'default',
      'elastic-cloud',
      'sim-retry',
      suspended,
    );
    expect(retry.status.kratix.workflows.pipelines[0]).toMatchObject({
      phase: 'Suspended',
      message: 'try again soon',
      attempts: 1,
      nextRetryAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
    });
    expect(retry.status.kratix.workflows.suspendedGeneration).toBe(1);
    const held = await sim.waitForRequest(
      'default',
      'elastic-cloud',
      'sim-suspend',
      suspended,
    );
    expect(held.status.kratix.workflows.pipelines[0].attempts).toBeUndefined();
    expect(
      held.status.conditions.find((c: any) => c.type === 'Reconciled'),
    ).toMatchObject({
      status: 'Unknown',
      reason: 'WorkflowSuspended',
      message: 'Suspended',
    });
    // The retry time passes: the label goes, the pipeline runs again and (once) completes.
    const done = await sim.waitForRequest(
      'default',
      'elastic-cloud',
      'sim-retry',
      settled,
    );
    expect(
      done.metadata.labels?.['kratix.io/workflow-suspended'],
    ).toBeUndefined();
    expect(done.status.kratix.workflows.pipelines[0].phase).toBe('Succeeded');
    expect(done.status.kratix.workflows.suspendedGeneration).toBeUndefined();
  });

  it('rolls HealthRecords up into the request status, worst state first, as Kratix does', async () => {
    await applyHealthRecord(env.platform.kubeConfig, {
      name: 'example-latency',
      promise: 'elastic-cloud',
      request: { name: 'example', namespace: 'default' },
      state: 'degraded',
      lastRun: 1_700_000_000,
      details: { p99: '850ms' },
    });
    await applyHealthRecord(env.platform.kubeConfig, {
      name: 'example-ping',
      promise: 'elastic-cloud',
      request: { name: 'example', namespace: 'default' },
      state: 'healthy',
      lastRun: 1_700_000_060,
    });
    const example = await waitFor(
      'the health roll-up',
      async () => {
        const o = await request('example');
        return o.status?.healthStatus?.healthRecords?.length === 2
          ? o
          : undefined;
      },
      30_000,
    );
    expect(example.status.healthStatus.state).toBe('degraded');
    expect(example.status.healthStatus.healthRecords).toEqual(
      expect.arrayContaining([
        {
          state: 'degraded',
          lastRun: 1_700_000_000,
          source: { name: 'example-latency', namespace: 'default' },
          details: { p99: '850ms' },
        },
      ]),
    );
  });
});
