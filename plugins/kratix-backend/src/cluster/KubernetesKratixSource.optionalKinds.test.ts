import type { ServerResponse } from 'node:http';
import { mockServices } from '@backstage/backend-test-utils';
import type { KratixObjectEvent } from '@kratix-backstage/plugin-kratix-node';
import {
  json,
  startFakeKubeApiServer,
  status,
} from '../__testUtils__/fakeKubeApiServer';
import { KubeHttpClient } from './KubeHttpClient';
import { kubeConfigFor } from './kubeConfigFor';
import { KubernetesKratixSource } from './KubernetesKratixSource';

const GROUP = '/apis/platform.kratix.io/v1alpha1';
const OLDER = ['promises', 'works', 'workplacements', 'destinations'];
const NEWER = [
  'healthrecords',
  'promiserevisions',
  'resourcebindings',
  'dryruns',
];

const discovery = (plurals: string[]) => ({
  kind: 'APIResourceList',
  groupVersion: 'platform.kratix.io/v1alpha1',
  resources: plurals.flatMap(name => [
    { name, namespaced: true, kind: name },
    { name: `${name}/status`, namespaced: true, kind: name },
  ]),
});

const healthRecord = (name: string, state: string) => ({
  metadata: { name, namespace: 'default', resourceVersion: '1' },
  data: {
    promiseRef: { name: 'elastic-cloud' },
    resourceRef: { name: 'example', namespace: 'default' },
    state,
  },
});

describe('KubernetesKratixSource: kinds of newer Kratix versions', () => {
  let api: Awaited<ReturnType<typeof startFakeKubeApiServer>>;
  let source: KubernetesKratixSource;
  let served: string[];
  const watches: Array<{ path: string; res: ServerResponse }> = [];
  const logger = mockServices.logger.mock();

  async function until(
    what: string,
    condition: () => boolean | Promise<boolean>,
  ) {
    for (let i = 0; i < 300; i++) {
      if (await condition()) return;
      await new Promise(r => setTimeout(r, 10));
    }
    throw new Error(`timed out waiting for ${what}`);
  }
  const hits = (path: string) =>
    api.requests.filter(r => r.path === path && !r.query.get('watch')).length;

  function connect(discoveryIntervalMs?: number) {
    const kc = kubeConfigFor(
      {
        type: 'url',
        configKey: 'k',
        url: api.url,
        serviceAccountToken: 't',
        skipTLSVerify: true,
      },
      'platform',
    );
    source = new KubernetesKratixSource({
      client: new KubeHttpClient(kc, 'platform', 1000),
      logger,
      requestTimeoutMs: 1000,
      discoveryIntervalMs,
    });
    return source;
  }

  beforeEach(async () => {
    served = OLDER;
    api = await startFakeKubeApiServer();
    api.on('GET', GROUP, (_req, res) => json(res, 200, discovery(served)));
    api.on('GET', `${GROUP}/healthrecords`, (_req, res) =>
      json(res, 200, {
        metadata: { resourceVersion: '5' },
        items: [healthRecord('es-health', 'degraded')],
      }),
    );
    api.on('GET', `${GROUP}/promiserevisions`, (_req, res) =>
      json(res, 200, {
        metadata: { resourceVersion: '5' },
        items: [
          {
            metadata: {
              name: 'elastic-cloud-aaaaa',
              labels: { 'kratix.io/promise-name': 'elastic-cloud' },
            },
            spec: { version: 'v0.1.0', promiseRef: { name: 'elastic-cloud' } },
          },
          {
            metadata: { name: 'redis-bbbbb' },
            spec: { version: 'v1', promiseRef: { name: 'redis' } },
          },
        ],
      }),
    );
    api.on('GET', `${GROUP}/resourcebindings`, (_req, res) =>
      json(res, 200, {
        metadata: { resourceVersion: '5' },
        items: [
          {
            metadata: {
              name: 'example-elastic-cloud-1a2b3',
              namespace: 'default',
              labels: {
                'kratix.io/promise-name': 'elastic-cloud',
                'kratix.io/resource-name': 'example',
              },
            },
            spec: { version: 'latest' },
          },
        ],
      }),
    );
    api.on('WATCH', /.*/, (req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.flushHeaders();
      watches.push({ path: req.path, res });
    });
  });

  afterEach(async () => {
    await source?.stop();
    watches.length = 0;
    await api.close();
  });

  it('answers [] for kinds the platform does not serve, without starting a cache', async () => {
    connect();
    expect(await source.optionalKinds()).toEqual({
      healthRecords: false,
      promiseRevisions: false,
      resourceBindings: false,
      dryRuns: false,
    });
    expect(await source.listHealthRecords()).toEqual([]);
    expect(await source.listPromiseRevisions('elastic-cloud')).toEqual([]);
    expect(await source.listResourceBindings()).toEqual([]);
    const events: KratixObjectEvent[] = [];
    const stop = source.subscribe(['healthrecords', 'resourcebindings'], e =>
      events.push(e),
    );
    await new Promise(r => setTimeout(r, 50));
    stop();
    expect(events).toEqual([]);
    expect(hits(`${GROUP}/healthrecords`)).toBe(0);
    expect(hits(`${GROUP}/resourcebindings`)).toBe(0);
    expect(source.cacheStatus()).toEqual([]);
    // Discovered once, not at every read.
    expect(hits(GROUP)).toBe(1);
  });

  it('reads served kinds from watch caches, and reports their events', async () => {
    served = [...OLDER, ...NEWER];
    connect();
    expect(await source.optionalKinds()).toEqual({
      healthRecords: true,
      promiseRevisions: true,
      resourceBindings: true,
      dryRuns: true,
    });
    expect(
      (await source.listHealthRecords()).map(r => [r.kind, r.metadata.name]),
    ).toEqual([['HealthRecord', 'es-health']]);
    expect(
      (await source.listPromiseRevisions('elastic-cloud')).map(
        r => r.metadata.name,
      ),
    ).toEqual(['elastic-cloud-aaaaa']);
    expect(await source.listPromiseRevisions()).toHaveLength(2);
    expect(
      await source.listResourceBindings({
        'kratix.io/resource-name': 'example',
      }),
    ).toHaveLength(1);
    expect(
      await source.listResourceBindings({ 'kratix.io/resource-name': 'other' }),
    ).toEqual([]);
    await source.listHealthRecords();
    expect(hits(`${GROUP}/healthrecords`)).toBe(1);

    const events: string[] = [];
    source.subscribe(['healthrecords'], e =>
      events.push(`${e.type} ${e.kind} ${e.object.metadata.name}`),
    );
    await until('the initial event', () =>
      events.includes('added healthrecords es-health'),
    );
    await until('the watch', () =>
      watches.some(w => w.path === `${GROUP}/healthrecords`),
    );
    watches
      .find(w => w.path === `${GROUP}/healthrecords`)!
      .res.write(
        `${JSON.stringify({
          type: 'MODIFIED',
          object: {
            ...healthRecord('es-health', 'unhealthy'),
            metadata: {
              name: 'es-health',
              namespace: 'default',
              resourceVersion: '6',
            },
          },
        })}\n`,
      );
    await until('the change', () =>
      events.includes('modified healthrecords es-health'),
    );
    expect(((await source.listHealthRecords())[0] as any).data.state).toBe(
      'unhealthy',
    );
  });

  it('treats a failed discovery as nothing served, and asks again later', async () => {
    let fail = true;
    api.on('GET', GROUP, (_req, res) =>
      fail
        ? status(res, 503, 'ServiceUnavailable', 'etcd is down')
        : json(res, 200, discovery([...OLDER, ...NEWER])),
    );
    connect(100);
    expect(await source.listHealthRecords()).toEqual([]);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        'Cannot discover the Kratix kinds platform serves',
      ),
    );
    fail = false;
    // The retry comes after 30 s at the latest; with a short interval, sooner.
    await until(
      'a later discovery',
      async () => (await source.listHealthRecords()).length === 1,
    );
  });

  it('starts reading a kind the platform serves later, and drops it when it stops serving it', async () => {
    connect(50);
    const events: string[] = [];
    source.subscribe(['healthrecords'], e =>
      events.push(`${e.type} ${e.object.metadata.name}`),
    );
    expect(await source.listHealthRecords()).toEqual([]);
    served = [...OLDER, 'healthrecords'];
    await until(
      'the new kind',
      async () => (await source.listHealthRecords()).length === 1,
    );
    await until('its events', () => events.includes('added es-health'));
    served = OLDER;
    await until(
      'the kind gone',
      async () => (await source.listHealthRecords()).length === 0,
    );
    await until('its cache stopped', () =>
      source
        .cacheStatus()
        .every(c => c.kind !== 'healthrecords.platform.kratix.io'),
    );
  });

  it('creates, reads (from the API server) and deletes DryRuns', async () => {
    served = [...OLDER, ...NEWER];
    const stored: Record<string, any> = {};
    const PATH = `${GROUP}/namespaces/default/dryruns`;
    api.on('POST', PATH, (req, res) => {
      const body = JSON.parse(req.body);
      expect(req.query.get('fieldManager')).toBe('backstage-kratix');
      stored[body.metadata.name] = {
        ...body,
        metadata: { ...body.metadata, uid: 'u1' },
      };
      json(res, 201, stored[body.metadata.name]);
    });
    api.on('GET', new RegExp(`^${PATH}/`), (req, res) => {
      const name = req.path.split('/').pop()!;
      if (!stored[name]) {
        status(
          res,
          404,
          'NotFound',
          `dryruns.platform.kratix.io "${name}" not found`,
        );
        return;
      }
      json(res, 200, {
        ...stored[name],
        status: { conditions: [{ type: 'Completed', status: 'True' }] },
      });
    });
    api.on('DELETE', new RegExp(`^${PATH}/`), (req, res) => {
      const name = req.path.split('/').pop()!;
      expect(req.query.get('propagationPolicy')).toBe('Background');
      if (!stored[name]) {
        status(res, 404, 'NotFound', 'not found');
        return;
      }
      delete stored[name];
      json(res, 200, { kind: 'Status', status: 'Success' });
    });
    connect();
    const created = await source.createDryRun({
      apiVersion: 'platform.kratix.io/v1alpha1',
      kind: 'DryRun',
      metadata: { name: 'example-preview-abc', namespace: 'default' },
      spec: {
        promiseRef: { name: 'elastic-cloud' },
        resourceRequestRef: { name: 'example', namespace: 'default' },
        resource: { enableDataCollection: true },
      },
    });
    expect(created.metadata.uid).toBe('u1');
    const read = await source.getDryRun('default', 'example-preview-abc');
    expect(read?.status.conditions[0].type).toBe('Completed');
    await source.deleteDryRun('default', 'example-preview-abc');
    expect(
      await source.getDryRun('default', 'example-preview-abc'),
    ).toBeUndefined();
    // Deleting what is gone is not an error.
    await expect(
      source.deleteDryRun('default', 'example-preview-abc'),
    ).resolves.toBeUndefined();
    // Straight from the API server, every time: no DryRun cache.
    expect(source.cacheStatus()).toEqual([]);
  });
});
