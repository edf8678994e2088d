import {
  BatchV1Api,
  CoreV1Api,
  CustomObjectsApi,
} from '@kubernetes/client-node';
import { workshopScenario } from '@kratix-backstage/kratix-simulation';
import { readKustomizations } from '../flux/FluxKustomizationStatus';
import { startKratixTestEnvironment } from '../startKratixTestEnvironment';
import type { KratixTestEnvironment } from '../KratixTestEnvironment';
import { waitFor } from '../util/waitFor';
import { describeOnRealKratix } from './describeOnRealKratix';
import { RealKratix } from './RealKratix';
import { startKratixController } from './startKratixController';
import { METADATA_ANNOTATIONS } from '@kratix-backstage/kratix-simulation';

// The workshop on the real Kratix controller, built from KRATIX_SOURCE_DIR: every object
// below is written by Kratix itself (pipeline Jobs, Works, WorkPlacements, the state
// store's files, request status), its pipeline-adapter runs as the Pods' containers, and
// real Flux applies (or refuses) the result on the worker.

const DUPLICATE = 'may not add resource with an already registered id';

// Runs where the real Kratix can be built (KRATIX_SOURCE_DIR; CI sets it), else says it is skipped.
const describeReal = describeOnRealKratix('real-Kratix suite');

describeReal('the workshop on the real Kratix controller', () => {
  let env: KratixTestEnvironment;
  let kratix: RealKratix;

  beforeAll(async () => {
    env = await startKratixTestEnvironment({ kratix: 'real' });
    kratix = new RealKratix(env);
    await kratix.playScenario(workshopScenario);
  }, 300_000);

  afterAll(async () => {
    await kratix?.stop();
    await env?.stop();
  }, 60_000);

  const TIMEOUT = 120_000;

  const create = (name: string, annotations: Record<string, string>) =>
    env.platform.kubeConfig
      .makeApiClient(CustomObjectsApi)
      .createNamespacedCustomObject({
        group: 'workshop.kratix.io',
        version: 'v1alpha1',
        namespace: 'default',
        plural: 'elastic-clouds',
        body: {
          apiVersion: 'workshop.kratix.io/v1alpha1',
          kind: 'elastic-cloud',
          metadata: { name, namespace: 'default', annotations },
          spec: {},
        },
      });

  it(
    "runs each request's pipeline: reader, the Promise's stage, work-writer, status-writer, in order, from Kratix's own Pod spec",
    async () => {
      const core = env.platform.kubeConfig.makeApiClient(CoreV1Api);
      const pods = await core.listNamespacedPod({
        namespace: 'default',
        labelSelector: 'kratix.io/resource-name=example',
      });
      expect(pods.items).toHaveLength(1);
      const pod = pods.items[0];
      expect(
        [...pod.spec!.initContainers!, ...pod.spec!.containers].map(
          c => c.name,
        ),
      ).toEqual(['reader', 'pipeline-stage-0', 'work-writer', 'status-writer']);
      expect(pod.status?.phase).toBe('Succeeded');
      const run = env.kratix!.runner.runs.find(
        r => r.pod === pod.metadata!.name,
      )!;
      expect(run.containers.map(c => [c.name, c.kind, c.exitCode])).toEqual([
        ['reader', 'adapter', 0],
        ['pipeline-stage-0', 'behaviour', 0],
        ['work-writer', 'adapter', 0],
        ['status-writer', 'adapter', 0],
      ]);
      // pods/log serves what each container wrote.
      const log = await core.readNamespacedPodLog({
        name: pod.metadata!.name!,
        namespace: 'default',
        container: 'pipeline-stage-0',
      });
      expect(log).toContain('Downloading CRDS...');
    },
    TIMEOUT,
  );

  it(
    'Kratix writes the Work, schedules it to worker-1 and marks the request done',
    async () => {
      const objects = env.platform.kubeConfig.makeApiClient(CustomObjectsApi);
      const example = (await objects.getNamespacedCustomObject({
        group: 'workshop.kratix.io',
        version: 'v1alpha1',
        namespace: 'default',
        plural: 'elastic-clouds',
        name: 'example',
      })) as any;
      const types = example.status.conditions.map(
        (c: any) => `${c.type}=${c.status}`,
      );
      expect(types).toEqual(
        expect.arrayContaining([
          'ConfigureWorkflowCompleted=True',
          'WorksSucceeded=True',
        ]),
      );
      const works = (await objects.listNamespacedCustomObject({
        group: 'platform.kratix.io',
        version: 'v1alpha1',
        namespace: 'default',
        plural: 'works',
        labelSelector: 'kratix.io/resource-name=example',
      })) as any;
      expect(works.items).toHaveLength(1);
      const placements = (await objects.listNamespacedCustomObject({
        group: 'platform.kratix.io',
        version: 'v1alpha1',
        namespace: 'default',
        plural: 'workplacements',
      })) as any;
      expect(
        placements.items.map((p: any) => p.spec.targetDestinationName),
      ).toContain('worker-1');
      // eslint-disable-next-line no-console
      console.log(
        'WPSTATUS',
        JSON.stringify(placements.items.map((p: any) => p.status)),
      );
      const files = await env.stateStore.listFiles(
        'worker-1/resources/default/elastic-cloud/example/',
      );
      expect(files.map(f => f.split('/').pop())).toEqual(
        expect.arrayContaining([
          'elastic-crds.yaml',
          'elasticsearch.yaml',
          'kibana.yaml',
        ]),
      );
    },
    TIMEOUT,
  );

  it(
    "real Flux refuses second-request's output with kustomize's own duplicate-CRD error",
    async () => {
      const failing = await waitFor(
        'the resources Kustomization to fail',
        async () => {
          const ks = await readKustomizations(env.worker.kubeConfig);
          return ks.find(
            k => k.ready === 'False' && k.message?.includes(DUPLICATE),
          );
        },
        { timeoutMs: 60_000, intervalMs: 500 },
      );
      expect(failing.message).toContain(
        "'./default/elastic-cloud/second-request/",
      );
    },
    TIMEOUT,
  );

  it(
    "a failing Promise stage fails the Pod at that container, and Kratix marks the request's workflow failed",
    async () => {
      await create('broken', {
        'testenv.kratix.io/fail-container': 'pipeline-stage-0',
        'testenv.kratix.io/exit-code': '3',
      });
      const broken = await kratix.waitForRequest(
        'default',
        'elastic-cloud',
        'broken',
        o =>
          o.status?.conditions?.some(
            (c: any) =>
              c.type === 'ConfigureWorkflowCompleted' &&
              c.status === 'False' &&
              c.reason === 'ConfigureWorkflowFailed',
          ),
      );
      expect(broken.metadata.name).toBe('broken');
      const batch = env.platform.kubeConfig.makeApiClient(BatchV1Api);
      const jobs = await batch.listNamespacedJob({
        namespace: 'default',
        labelSelector: 'kratix.io/resource-name=broken',
      });
      expect(
        jobs.items[0].status?.conditions?.some(
          c => c.type === 'Failed' && c.status === 'True',
        ),
      ).toBe(true);
    },
    TIMEOUT,
  );

  it(
    "a stage's status.yaml and destination-selectors.yaml reach the request's status and its Work, through the real update-status and work-creator",
    async () => {
      await create('with-metadata', {
        [METADATA_ANNOTATIONS.status]: JSON.stringify({
          url: 'https://with-metadata.example.test',
        }),
        [METADATA_ANNOTATIONS.destinationSelectors]: JSON.stringify([
          { matchLabels: { environment: 'dev', tier: 'gold' } },
        ]),
      });
      const done = await kratix.waitForRequest(
        'default',
        'elastic-cloud',
        'with-metadata',
        o =>
          o.status?.conditions?.some(
            (c: any) =>
              c.type === 'ConfigureWorkflowCompleted' && c.status === 'True',
          ),
      );
      expect(done.status.url).toBe('https://with-metadata.example.test');
      const works = (await env.platform.kubeConfig
        .makeApiClient(CustomObjectsApi)
        .listNamespacedCustomObject({
          group: 'platform.kratix.io',
          version: 'v1alpha1',
          namespace: 'default',
          plural: 'works',
          labelSelector: 'kratix.io/resource-name=with-metadata',
        })) as any;
      expect(
        works.items[0].spec.workloadGroups[0].destinationSelectors,
      ).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            matchLabels: { environment: 'dev', tier: 'gold' },
            source: 'resource-workflow',
          }),
        ]),
      );
    },
    TIMEOUT,
  );

  it(
    'a stage that writes workflow-control.yaml suspends the workflow, with its message, as real Kratix does',
    async () => {
      await create('suspended', {
        [METADATA_ANNOTATIONS.workflowControl]: JSON.stringify({
          suspend: true,
          message: 'waiting for approval',
        }),
      });
      const suspended = await kratix.waitForRequest(
        'default',
        'elastic-cloud',
        'suspended',
        // update-status labels the object first, then writes the pipeline's status in a
        // second update: wait for both (reading at the label alone raced on a busy machine).
        o =>
          o.metadata.labels?.['kratix.io/workflow-suspended'] === 'true' &&
          o.status?.kratix?.workflows?.pipelines?.[0]?.phase !== 'Running',
      );
      const pipeline = suspended.status?.kratix?.workflows?.pipelines?.[0];
      expect(pipeline).toMatchObject({
        phase: 'Suspended',
        message: 'waiting for approval',
      });
    },
    TIMEOUT,
  );

  it(
    'says plainly that port 9443 is taken when a second controller would start on this machine',
    async () => {
      await expect(
        startKratixController(
          undefined as any,
          { kratix: {} } as any,
          undefined as any,
          '/nonexistent',
        ),
      ).rejects.toThrow(
        "port 9443 is taken: the Kratix controller's webhook server always listens there (fixed in its main.go), so only one real Kratix can run on a machine at a time",
      );
    },
    TIMEOUT,
  );
});
