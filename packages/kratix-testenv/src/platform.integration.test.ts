import {
  ApiException,
  BatchV1Api,
  CoreV1Api,
  CustomObjectsApi,
  Log,
  V1Job,
  V1Pod,
} from '@kubernetes/client-node';
import { PassThrough } from 'node:stream';
import {
  EXIT_CODE_ANNOTATION,
  FAIL_CONTAINER_ANNOTATION,
  KratixTestEnvironment,
  RUN_DURATION_ANNOTATION,
  startKratixTestEnvironment,
} from '.';
import { resolveReferenceData } from './referenceData';
import { waitFor } from './util/waitFor';

jest.setTimeout(120_000);

const NS = 'default';

/** A Job shaped like a Kratix pipeline: reader, one stage, work-writer; status-writer. */
function pipelineJob(
  name: string,
  annotations: Record<string, string> = {},
): V1Job {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: NS },
    spec: {
      backoffLimit: 0,
      template: {
        metadata: { annotations },
        spec: {
          restartPolicy: 'Never',
          initContainers: [
            {
              name: 'reader',
              image: 'ghcr.io/syntasso/kratix-platform-pipeline-adapter:v0',
            },
            { name: 'pipeline-stage-0', image: 'example.com/stage:v1' },
            {
              name: 'work-writer',
              image: 'ghcr.io/syntasso/kratix-platform-pipeline-adapter:v0',
            },
          ],
          containers: [
            {
              name: 'status-writer',
              image: 'ghcr.io/syntasso/kratix-platform-pipeline-adapter:v0',
            },
          ],
        },
      },
    },
  };
}

describe('platform cluster', () => {
  let env: KratixTestEnvironment;
  let core: CoreV1Api;
  let batch: BatchV1Api;

  const jobCondition = async (name: string) => {
    const job = await batch.readNamespacedJob({ name, namespace: NS });
    return job.status?.conditions?.find(
      c =>
        (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True',
    );
  };
  /** Reads a container's log once through the Log class (which knows sinceTime). */
  const logOnce = async (
    pod: string,
    container: string,
    options: { sinceTime?: string },
  ) => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
    });
    const ended = new Promise(resolve => out.on('end', resolve));
    await new Log(env.platform.kubeConfig).log(
      NS,
      pod,
      container,
      out,
      options,
    );
    await ended;
    return text;
  };
  const podOf = async (job: string): Promise<V1Pod> => {
    const pods = await core.listNamespacedPod({
      namespace: NS,
      labelSelector: `job-name=${job}`,
    });
    expect(pods.items).toHaveLength(1);
    return pods.items[0];
  };

  beforeAll(async () => {
    env = await startKratixTestEnvironment({
      flux: false,
      crdDirs: { kratix: resolveReferenceData().kratixCrdDir },
    });
    process.stdout.write(
      `[kratix-testenv] platform env (no Flux) started: ${JSON.stringify(
        env.timings,
      )}\n`,
    );
    core = env.platform.kubeConfig.makeApiClient(CoreV1Api);
    batch = env.platform.kubeConfig.makeApiClient(BatchV1Api);
  }, 180_000);

  afterAll(async () => {
    await env?.stop();
  }, 60_000);

  it('runs a pipeline Job to Succeeded: init containers Completed, then status-writer', async () => {
    const created = Date.now();
    await batch.createNamespacedJob({ namespace: NS, body: pipelineJob('ok') });
    const condition = await waitFor(
      'Job ok to finish',
      () => jobCondition('ok'),
      { timeoutMs: 30_000 },
    );
    process.stdout.write(
      `[kratix-testenv] Job Complete ${
        Date.now() - created
      } ms after creation\n`,
    );
    expect(condition.type).toBe('Complete');

    const pod = await podOf('ok');
    expect(pod.status?.phase).toBe('Succeeded');
    expect(pod.spec?.nodeName).toBe('kwok-node-0');
    const init = pod.status?.initContainerStatuses ?? [];
    expect(
      init.map(s => [
        s.name,
        s.state?.terminated?.exitCode,
        s.state?.terminated?.reason,
      ]),
    ).toEqual([
      ['reader', 0, 'Completed'],
      ['pipeline-stage-0', 0, 'Completed'],
      ['work-writer', 0, 'Completed'],
    ]);
    const main = pod.status?.containerStatuses ?? [];
    expect(
      main.map(s => [
        s.name,
        s.state?.terminated?.exitCode,
        s.state?.terminated?.reason,
      ]),
    ).toEqual([['status-writer', 0, 'Completed']]);
    for (const s of [...init, ...main]) {
      expect(s.state?.terminated?.startedAt).toBeInstanceOf(Date);
      expect(s.state?.terminated?.finishedAt).toBeInstanceOf(Date);
    }
  });

  it('fails a Job at the annotated init container with its exit code', async () => {
    await batch.createNamespacedJob({
      namespace: NS,
      body: pipelineJob('broken', {
        [FAIL_CONTAINER_ANNOTATION]: 'pipeline-stage-0',
        [EXIT_CODE_ANNOTATION]: '3',
      }),
    });
    const condition = await waitFor(
      'Job broken to finish',
      () => jobCondition('broken'),
      { timeoutMs: 30_000 },
    );
    expect([condition.type, condition.reason]).toEqual([
      'Failed',
      'BackoffLimitExceeded',
    ]);

    const pod = await podOf('broken');
    expect(pod.status?.phase).toBe('Failed');
    const init = pod.status?.initContainerStatuses ?? [];
    expect(
      init.map(s => [
        s.name,
        s.state?.terminated?.exitCode,
        s.state?.terminated?.reason,
        s.state?.waiting?.reason,
      ]),
    ).toEqual([
      ['reader', 0, 'Completed', undefined],
      ['pipeline-stage-0', 3, 'Error', undefined],
      ['work-writer', undefined, undefined, 'PodInitializing'],
    ]);
    expect(
      pod.status?.containerStatuses?.map(s => [
        s.name,
        s.state?.waiting?.reason,
      ]),
    ).toEqual([['status-writer', 'PodInitializing']]);
    expect(
      pod.status?.conditions?.find(c => c.type === 'Initialized'),
    ).toMatchObject({
      status: 'False',
      reason: 'ContainersNotInitialized',
      message:
        'containers with incomplete status: [pipeline-stage-0 work-writer]',
    });
  });

  it('keeps a Job Running for the annotated duration', async () => {
    await batch.createNamespacedJob({
      namespace: NS,
      body: pipelineJob('slow', { [RUN_DURATION_ANNOTATION]: '3s' }),
    });
    const running = await waitFor('Pod of slow to run', async () => {
      const pods = await core.listNamespacedPod({
        namespace: NS,
        labelSelector: 'job-name=slow',
      });
      return pods.items[0]?.status?.phase === 'Running'
        ? pods.items[0]
        : undefined;
    });
    expect(
      running.status?.containerStatuses?.[0].state?.running?.startedAt,
    ).toBeInstanceOf(Date);
    expect(
      running.status?.initContainerStatuses?.every(
        s => s.state?.terminated?.reason === 'Completed',
      ),
    ).toBe(true);
    const condition = await waitFor(
      'Job slow to finish',
      () => jobCondition('slow'),
      { timeoutMs: 30_000 },
    );
    expect(condition.type).toBe('Complete');
  });

  describe('pods/log', () => {
    let pod: string;
    const old = new Date(Date.now() - 10 * 60_000);

    beforeAll(async () => {
      pod = (await podOf('ok')).metadata!.name!;
      await env.platform.setPodLogs!(NS, pod, {
        reader: ['reading the request', 'wrote /kratix/input/object.yaml'],
        'pipeline-stage-0': [
          { text: 'old line 1', time: old },
          { text: 'old line 2', time: old },
          'rendering the deployment',
          'writing /kratix/output/deployment.yaml',
        ],
        'work-writer': ['Work created'],
        'status-writer': ['status updated'],
      });
    });

    it('serves each container, init containers included, after the Pod finished', async () => {
      const read = (container: string) =>
        core.readNamespacedPodLog({ name: pod, namespace: NS, container });
      expect(await read('reader')).toBe(
        'reading the request\nwrote /kratix/input/object.yaml\n',
      );
      expect(await read('pipeline-stage-0')).toBe(
        'old line 1\nold line 2\nrendering the deployment\nwriting /kratix/output/deployment.yaml\n',
      );
      expect(await read('work-writer')).toBe('Work created\n');
      expect(await read('status-writer')).toBe('status updated\n');
    });

    it('honours tailLines, sinceSeconds, timestamps and sinceTime', async () => {
      const base = { name: pod, namespace: NS, container: 'pipeline-stage-0' };
      expect(await core.readNamespacedPodLog({ ...base, tailLines: 1 })).toBe(
        'writing /kratix/output/deployment.yaml\n',
      );
      expect(
        await core.readNamespacedPodLog({ ...base, sinceSeconds: 60 }),
      ).toBe(
        'rendering the deployment\nwriting /kratix/output/deployment.yaml\n',
      );
      const stamped = await core.readNamespacedPodLog({
        ...base,
        tailLines: 2,
        timestamps: true,
      });
      expect(stamped).toMatch(
        /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z rendering the deployment\n\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z writing \/kratix\/output\/deployment\.yaml\n$/,
      );
      // readNamespacedPodLog has no sinceTime: the Log class has.
      const sinceTime = new Date(old.getTime() + 60_000).toISOString();
      expect(await logOnce(pod, 'pipeline-stage-0', { sinceTime })).toBe(
        'rendering the deployment\nwriting /kratix/output/deployment.yaml\n',
      );
    });

    it('streams with follow=true: old lines first, then lines added later', async () => {
      const out = new PassThrough();
      let received = '';
      out.on('data', (chunk: Buffer) => {
        received += chunk.toString('utf8');
      });
      // Log pipes the response into `out`; aborting makes that source emit an AbortError
      // that nobody listens to (an uncaught exception) unless we listen here.
      out.on('pipe', source => source.on('error', () => undefined));
      const controller = await new Log(env.platform.kubeConfig).log(
        NS,
        pod,
        'work-writer',
        out,
        { follow: true },
      );
      try {
        await waitFor('the first line', () => received === 'Work created\n', {
          timeoutMs: 10_000,
        });
        await env.platform.setPodLogs!(NS, pod, {
          'work-writer': ['Work created', 'WorkPlacement scheduled'],
        });
        await waitFor(
          'the appended line',
          () => received === 'Work created\nWorkPlacement scheduled\n',
          {
            timeoutMs: 10_000,
          },
        );
      } finally {
        controller.abort();
      }
      expect(received).toBe('Work created\nWorkPlacement scheduled\n');
    });

    it('accepts lines before the Pod (and its namespace) exist; other containers log nothing', async () => {
      await env.platform.setPodLogs!('later', 'early-bird', {
        main: ['set before the Pod existed'],
      });
      await core.createNamespace({ body: { metadata: { name: 'later' } } });
      await waitFor('ServiceAccount later/default', () =>
        core
          .readNamespacedServiceAccount({ name: 'default', namespace: 'later' })
          .then(() => true),
      );
      await core.createNamespacedPod({
        namespace: 'later',
        body: {
          metadata: { name: 'early-bird' },
          spec: {
            containers: [
              { name: 'main', image: 'x' },
              { name: 'sidecar', image: 'y' },
            ],
          },
        },
      });
      await waitFor(
        'Pod early-bird Running',
        async () =>
          (
            await core.readNamespacedPod({
              name: 'early-bird',
              namespace: 'later',
            })
          ).status?.phase === 'Running',
      );
      const read = (container: string) =>
        core.readNamespacedPodLog({
          name: 'early-bird',
          namespace: 'later',
          container,
        });
      await waitFor(
        'the early lines',
        async () => (await read('main')) === 'set before the Pod existed\n',
        {
          timeoutMs: 10_000,
        },
      );
      expect(await read('sidecar')).toBe('');
    });
  });

  describe('restricted identity (context platform-restricted)', () => {
    const status = async (fn: () => Promise<unknown>) => {
      try {
        await fn();
        return 200;
      } catch (error) {
        if (error instanceof ApiException) return error.code;
        throw error;
      }
    };

    it('may list promises, destinations and jobs, and nothing else', async () => {
      const custom = env.restricted.makeApiClient(CustomObjectsApi);
      const restrictedCore = env.restricted.makeApiClient(CoreV1Api);
      const restrictedBatch = env.restricted.makeApiClient(BatchV1Api);
      const kratix = (plural: string) => () =>
        custom.listClusterCustomObject({
          group: 'platform.kratix.io',
          version: 'v1alpha1',
          plural,
        });
      const pod = (await podOf('ok')).metadata!.name!;
      expect({
        promises: await status(kratix('promises')),
        destinations: await status(kratix('destinations')),
        jobs: await status(() =>
          restrictedBatch.listNamespacedJob({ namespace: NS }),
        ),
        secrets: await status(() =>
          restrictedCore.listNamespacedSecret({ namespace: NS }),
        ),
        podLog: await status(() =>
          restrictedCore.readNamespacedPodLog({
            name: pod,
            namespace: NS,
            container: 'reader',
          }),
        ),
        works: await status(() =>
          custom.listNamespacedCustomObject({
            group: 'platform.kratix.io',
            version: 'v1alpha1',
            namespace: NS,
            plural: 'works',
          }),
        ),
      }).toEqual({
        promises: 200,
        destinations: 200,
        jobs: 200,
        secrets: 403,
        podLog: 403,
        works: 403,
      });
    });
  });

  // Last: the node does not come back.
  it('after stopNode(), pods/log fails with the API server error', async () => {
    const pod = (await podOf('ok')).metadata!.name!;
    await env.platform.stopNode!();
    let error: unknown;
    try {
      await core.readNamespacedPodLog({
        name: pod,
        namespace: NS,
        container: 'reader',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ApiException);
    const e = error as ApiException<string>;
    const body = typeof e.body === 'string' ? JSON.parse(e.body) : e.body;
    process.stdout.write(
      `[kratix-testenv] pods/log with the node gone: ${e.code} ${JSON.stringify(
        body,
      )}\n`,
    );
    expect(e.code).toBe(500);
    expect(body).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      code: 500,
    });
    expect(body.message).toMatch(/connect: connection refused/);
  });
});
