import type { ServerResponse } from 'node:http';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import {
  elasticCloudPromise,
  workshopScenario,
} from '@kratix-backstage/kratix-simulation';
import {
  json,
  startFakeKubeApiServer,
} from './__testUtils__/fakeKubeApiServer';
import kratixBackend from '.';

const REQUEST = 'kratix:request:fake:default:elastic-cloud:example';

// The plugin on a (fake) API server: a change its watch reports is published as a signal.
describe('kratixPlugin: signals', () => {
  let api: Awaited<ReturnType<typeof startFakeKubeApiServer>>;
  const watches = new Map<string, ServerResponse>();
  const requestObject = {
    ...workshopScenario.requestObject(workshopScenario.requests[0]),
    metadata: { name: 'example', namespace: 'default', resourceVersion: '1' },
  };

  beforeEach(async () => {
    watches.clear();
    api = await startFakeKubeApiServer();
    const list = (items: object[]) => (_req: any, res: any) =>
      json(res, 200, { metadata: { resourceVersion: '1' }, items });
    api.on('GET', /.*/, list([]));
    api.on(
      'GET',
      '/apis/platform.kratix.io/v1alpha1/promises',
      list([elasticCloudPromise]),
    );
    api.on(
      'GET',
      '/apis/workshop.kratix.io/v1alpha1/elastic-clouds',
      list([requestObject]),
    );
    api.on('WATCH', /.*/, (req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.flushHeaders();
      watches.set(req.path, res);
    });
  });

  afterEach(async () => {
    await api.close();
  });

  const start = (signals: object = {}) => {
    const published: any[] = [];
    return startTestBackend({
      features: [
        kratixBackend,
        mockServices.rootConfig.factory({
          data: {
            kratix: {
              signals,
              platforms: [
                {
                  name: 'fake',
                  url: api.url,
                  serviceAccountToken: 't',
                  skipTLSVerify: true,
                },
              ],
            },
          },
        }),
        createServiceFactory({
          service: signalsServiceRef,
          deps: {},
          factory: () => ({
            publish: async (signal: any) => {
              published.push(signal);
            },
          }),
        }),
      ],
    }).then(backend => ({ backend, published }));
  };

  const waitForWatch = async (path: string) => {
    for (let i = 0; i < 100 && !watches.has(path); i++)
      await new Promise(r => setTimeout(r, 50));
    return watches.get(path)!;
  };

  it('publishes a change to a request on its channel, its Promise and the platform, within 2 s', async () => {
    const { backend, published } = await start();
    const watch = await waitForWatch(
      '/apis/workshop.kratix.io/v1alpha1/elastic-clouds',
    );
    expect(watch).toBeDefined();
    await new Promise(r => setTimeout(r, 1500)); // the initial listing's signals, if any
    published.length = 0;
    const changedAt = Date.now();
    watch.write(
      `${JSON.stringify({
        type: 'MODIFIED',
        object: {
          ...requestObject,
          metadata: { ...requestObject.metadata, resourceVersion: '2' },
          spec: { enableDataCollection: false },
        },
      })}\n`,
    );
    for (let i = 0; i < 60 && published.length < 3; i++)
      await new Promise(r => setTimeout(r, 50));
    expect(Date.now() - changedAt).toBeLessThan(2000);
    expect(published).toEqual(
      expect.arrayContaining([
        {
          recipients: { type: 'broadcast' },
          channel: REQUEST,
          message: {
            type: 'changed',
            at: expect.any(String),
            kinds: ['request'],
          },
        },
        expect.objectContaining({
          channel: 'kratix:promise:fake:elastic-cloud',
          message: expect.objectContaining({ kinds: ['requests'] }),
        }),
        expect.objectContaining({
          channel: 'kratix:platform:fake',
          message: expect.objectContaining({ kinds: ['requests'] }),
        }),
      ]),
    );
    await backend.stop();
  });

  it('publishes nothing with kratix.signals.enabled: false', async () => {
    const { backend, published } = await start({ enabled: false });
    const watch = await waitForWatch(
      '/apis/workshop.kratix.io/v1alpha1/elastic-clouds',
    );
    watch?.write(
      `${JSON.stringify({
        type: 'MODIFIED',
        object: {
          ...requestObject,
          metadata: { ...requestObject.metadata, resourceVersion: '2' },
        },
      })}\n`,
    );
    await new Promise(r => setTimeout(r, 1500));
    expect(published).toEqual([]);
    await backend.stop();
  });
});
