import { ApiException, CoreV1Api } from '@kubernetes/client-node';
import {
  RESOURCES_KUSTOMIZATION,
  KratixTestEnvironment,
  startKratixTestEnvironment,
} from '.';
import { waitFor } from './util/waitFor';

jest.setTimeout(120_000);

const REQUEST_DIR = 'worker-1/resources/default/redis/example/5058f';

function crd(plural: string, group: string, kind: string) {
  return `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: ${plural}.${group}
spec:
  group: ${group}
  names: { kind: ${kind}, listKind: ${kind}List, plural: ${plural}, singular: ${kind.toLowerCase()} }
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema: { type: object, x-kubernetes-preserve-unknown-fields: true }
`;
}

describe('worker cluster with Flux and the git state store', () => {
  let env: KratixTestEnvironment;
  let core: CoreV1Api;

  beforeAll(async () => {
    env = await startKratixTestEnvironment();
    const mb = (n: number) => Math.round(n / 2 ** 20);
    const memory = env.memory();
    process.stdout.write(
      `[kratix-testenv] full env started: ${JSON.stringify(
        env.timings,
      )}; RSS ${mb(memory.reduce((a, m) => a + m.rssBytes, 0))} MB: ${memory
        .map(m => `${m.name} ${mb(m.rssBytes)}`)
        .join(', ')}\n`,
    );
    core = env.worker.kubeConfig.makeApiClient(CoreV1Api);
  }, 180_000);

  afterAll(async () => {
    if (env) {
      const peak = env.memory().reduce((sum, m) => sum + m.peakRssBytes, 0);
      process.stdout.write(
        `[kratix-testenv] peak RSS (sum over processes): ${Math.round(
          peak / 2 ** 20,
        )} MB\n`,
      );
    }
    const started = Date.now();
    await env?.stop();
    process.stdout.write(
      `[kratix-testenv] stop() took ${Date.now() - started} ms\n`,
    );
  }, 60_000);

  const configMap = (name: string) =>
    core.readNamespacedConfigMap({ name, namespace: 'default' }).then(
      cm => cm,
      (e: unknown) => {
        if (e instanceof ApiException && e.code === 404) return undefined;
        throw e;
      },
    );

  it('starts from the Kratix canary files, applied on the worker', async () => {
    expect(await env.stateStore.listFiles()).toEqual([
      'worker-1/dependencies/kratix-canary-namespace.yaml',
      'worker-1/resources/kratix-canary-configmap.yaml',
    ]);
    const canary = await core.readNamespacedConfigMap({
      name: 'kratix-info',
      namespace: 'kratix-worker-system',
    });
    expect(canary.data).toEqual({
      canary:
        'this confirms your infrastructure is reading from Kratix state stores',
    });
  });

  it('applies a committed ConfigMap on the worker, and prunes it when deleted', async () => {
    const file = `${REQUEST_DIR}/configmap.yaml`;
    const started = Date.now();
    const sha = await env.stateStore.commit(
      {
        [file]:
          'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: redis-example\n  namespace: default\ndata:\n  size: small\n',
      },
      'redis example',
    );
    expect(sha).toMatch(/^[0-9a-f]{40}$/);
    expect(await env.stateStore.readFile(file)).toContain(
      'name: redis-example',
    );
    expect(
      await env.stateStore.listFiles('worker-1/resources/default/'),
    ).toEqual([file]);
    const cm = await waitFor(
      'ConfigMap redis-example on the worker',
      () => configMap('redis-example'),
      {
        timeoutMs: 30_000,
      },
    );
    process.stdout.write(
      `[kratix-testenv] commit -> applied on the worker in ${
        Date.now() - started
      } ms\n`,
    );
    expect(cm.data).toEqual({ size: 'small' });
    const statuses = await env.waitForFlux(sha);
    expect(statuses.map(s => [s.name, s.ready, s.lastAppliedRevision])).toEqual(
      [
        ['kratix-worker-1-dependencies', 'True', `main@sha1:${sha}`],
        ['kratix-worker-1-resources', 'True', `main@sha1:${sha}`],
      ],
    );

    await env.stateStore.commit({ [file]: null }, 'delete redis example');
    await waitFor(
      'ConfigMap redis-example pruned',
      async () => (await configMap('redis-example')) === undefined,
      {
        timeoutMs: 30_000,
      },
    );
    expect(await env.stateStore.readFile(file)).toBeUndefined();
  });

  it('fails the resources Kustomization on a CRD defined twice, and recovers when one goes', async () => {
    const first = 'worker-1/resources/default/elastic/first/5058f/crds.yaml';
    const second = 'worker-1/resources/default/elastic/second/9a1b2/crds.yaml';
    const definition = crd(
      'elasticsearches',
      'elasticsearch.k8s.elastic.co',
      'Elasticsearch',
    );
    const broken = await env.stateStore.commit(
      { [first]: definition, [second]: definition },
      'two requests',
    );
    const statuses = await env.waitForFlux(broken);
    const resources = statuses.find(s => s.name === RESOURCES_KUSTOMIZATION)!;
    expect(resources.ready).toBe('False');
    expect(resources.reason).toBe('BuildFailed');
    expect(resources.message).toContain(
      'may not add resource with an already registered id',
    );
    expect(resources.message).toContain(
      'CustomResourceDefinition.v1.apiextensions.k8s.io/elasticsearches.elasticsearch.k8s.elastic.co',
    );

    const fixed = await env.stateStore.commit(
      { [second]: null },
      'delete the second request',
    );
    const after = await env.waitForFlux(fixed);
    expect(after.map(s => [s.name, s.ready])).toEqual([
      ['kratix-worker-1-dependencies', 'True'],
      ['kratix-worker-1-resources', 'True'],
    ]);
  });
});
