import { mockServices } from '@backstage/backend-test-utils';
import type {
  KratixObjectEvent,
  KratixPlatform,
  KratixPlatforms,
  KubeObject,
} from '@kratix-backstage/plugin-kratix-node';
import {
  channelsFor,
  KratixSignalPublisher,
  RequestPromiseIndex,
} from './KratixSignalPublisher';

const promise: KubeObject = {
  apiVersion: 'platform.kratix.io/v1alpha1',
  kind: 'Promise',
  metadata: { name: 'postgresql' },
  spec: {
    api: {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'postgresqls.marketplace.kratix.io' },
      spec: {
        group: 'marketplace.kratix.io',
        names: { kind: 'postgresql', plural: 'postgresqls' },
        versions: [{ name: 'v1alpha1', served: true, storage: true }],
      },
    },
  },
};
const request: KubeObject = {
  apiVersion: 'marketplace.kratix.io/v1alpha1',
  kind: 'postgresql',
  metadata: { name: 'db', namespace: 'team-a' },
};
const labelled = (
  kind: string,
  labels: Record<string, string>,
  extra: Partial<KubeObject> = {},
): KubeObject => ({
  apiVersion: 'v1',
  kind,
  metadata: { name: `${kind}-1`, namespace: 'team-a', labels },
  ...extra,
});
const resourceLabels = {
  'kratix.io/promise-name': 'postgresql',
  'kratix.io/resource-name': 'db',
  'kratix.io/workflow-type': 'resource',
};
const REQUEST = 'kratix:request:prod:team-a:postgresql:db';
const PROMISE = 'kratix:promise:prod:postgresql';
const PLATFORM = 'kratix:platform:prod';

describe('channelsFor', () => {
  const index = new RequestPromiseIndex();
  const map = (event: KratixObjectEvent) => channelsFor('prod', event, index);
  beforeAll(() => map({ type: 'added', kind: 'promises', object: promise }));

  it('a Promise: itself and the platform', () => {
    expect(
      map({ type: 'modified', kind: 'promises', object: promise }),
    ).toEqual([
      { channel: PROMISE, kinds: ['promise'] },
      { channel: PLATFORM, kinds: ['promise'] },
    ]);
  });

  it('a request: itself, its Promise (found by its kind) and the platform', () => {
    expect(
      map({ type: 'modified', kind: 'requests', object: request }),
    ).toEqual([
      { channel: REQUEST, kinds: ['request'] },
      { channel: PROMISE, kinds: ['requests'] },
      { channel: PLATFORM, kinds: ['requests'] },
    ]);
  });

  it('a Job or Pod: its request by Kratix labels, or its Promise for a promise workflow', () => {
    expect(
      map({
        type: 'modified',
        kind: 'jobs',
        object: labelled('Job', resourceLabels),
      }),
    ).toEqual([{ channel: REQUEST, kinds: ['runs'] }]);
    expect(
      map({
        type: 'added',
        kind: 'pods',
        object: labelled('Pod', {
          ...resourceLabels,
          'kratix.io/resource-namespace': 'team-b',
        }),
      }),
    ).toEqual([
      {
        channel: 'kratix:request:prod:team-b:postgresql:db',
        kinds: ['runs', 'logs'],
      },
    ]);
    expect(
      map({
        type: 'deleted',
        kind: 'jobs',
        object: labelled('Job', {
          'kratix.io/promise-name': 'postgresql',
          'kratix.io/workflow-type': 'promise',
        }),
      }),
    ).toEqual([{ channel: PROMISE, kinds: ['runs'] }]);
  });

  it('a Work: its request or Promise; a WorkPlacement: that and its Destination', () => {
    expect(
      map({
        type: 'modified',
        kind: 'works',
        object: labelled('Work', {
          'kratix.io/promise-name': 'postgresql',
          'kratix.io/resource-name': 'db',
          'kratix.io/work-type': 'resource',
        }),
      }),
    ).toEqual([{ channel: REQUEST, kinds: ['placement'] }]);
    expect(
      map({
        type: 'modified',
        kind: 'works',
        object: labelled('Work', {
          'kratix.io/promise-name': 'postgresql',
          'kratix.io/work-type': 'promise',
        }),
      }),
    ).toEqual([{ channel: PROMISE, kinds: ['placement'] }]);
    expect(
      map({
        type: 'added',
        kind: 'workplacements',
        object: labelled(
          'WorkPlacement',
          { 'kratix.io/work': 'db-abc' },
          {
            spec: {
              promiseName: 'postgresql',
              resourceName: 'db',
              targetDestinationName: 'worker-1',
            },
          },
        ),
      }),
    ).toEqual([
      { channel: REQUEST, kinds: ['placement'] },
      { channel: 'kratix:destination:prod:worker-1', kinds: ['placement'] },
    ]);
  });

  it('a Destination: itself and the platform; a HealthRecord: its request, Promise and the platform', () => {
    expect(
      map({
        type: 'modified',
        kind: 'destinations',
        object: { ...labelled('Destination', {}), metadata: { name: 'w1' } },
      }),
    ).toEqual([
      { channel: 'kratix:destination:prod:w1', kinds: ['destination'] },
      { channel: PLATFORM, kinds: ['destination'] },
    ]);
    expect(
      map({
        type: 'added',
        kind: 'healthrecords',
        object: {
          ...labelled('HealthRecord', {}),
          data: {
            promiseRef: { name: 'postgresql' },
            resourceRef: { name: 'db', namespace: 'team-a' },
          },
        },
      }),
    ).toEqual([
      { channel: REQUEST, kinds: ['health'] },
      { channel: PROMISE, kinds: ['health'] },
      { channel: PLATFORM, kinds: ['health'] },
    ]);
  });
});

describe('KratixSignalPublisher', () => {
  let listener: (event: KratixObjectEvent) => void;
  const unsubscribe = jest.fn();
  const platform = {
    name: 'prod',
    kratix: {
      subscribe: jest.fn((_kinds, l) => {
        listener = l;
        return unsubscribe;
      }),
    },
  } as unknown as KratixPlatform;
  const platforms = {
    list: () => [platform],
    get: () => platform,
  } as unknown as KratixPlatforms;
  const publish = jest.fn(async (_signal: unknown): Promise<void> => undefined);
  let publisher: KratixSignalPublisher;
  const job = (n: number): KratixObjectEvent => ({
    type: 'modified',
    kind: 'jobs',
    object: { ...labelled('Job', resourceLabels), n },
  });
  const sent = (channel: string) =>
    publish.mock.calls
      .map((c: any[]) => c[0])
      .filter((s: any) => s.channel === channel);

  beforeEach(() => {
    jest.useFakeTimers({ now: new Date('2026-12-01T10:00:00Z') });
    publish.mockClear();
    publisher = new KratixSignalPublisher({
      platforms,
      signals: { publish },
      logger: mockServices.logger.mock(),
    });
    publisher.start();
    listener({ type: 'added', kind: 'promises', object: promise });
  });
  afterEach(() => {
    publisher.stop();
    jest.useRealTimers();
  });

  it('subscribes to every kind the views show, and unsubscribes at stop', () => {
    expect(platform.kratix.subscribe).toHaveBeenCalledWith(
      expect.arrayContaining([
        'promises',
        'requests',
        'jobs',
        'pods',
        'works',
        'workplacements',
        'destinations',
        'healthrecords',
      ]),
      expect.any(Function),
    );
    publisher.stop();
    expect(unsubscribe).toHaveBeenCalled();
  });

  it('publishes a burst of changes once, shortly after its first change', () => {
    publish.mockClear();
    listener(job(1));
    listener({ ...job(2), kind: 'pods' });
    listener({ type: 'modified', kind: 'requests', object: request });
    expect(publish).not.toHaveBeenCalled();
    jest.advanceTimersByTime(100);
    expect(sent(REQUEST)).toEqual([
      {
        recipients: { type: 'broadcast' },
        channel: REQUEST,
        message: {
          type: 'changed',
          at: expect.any(String),
          kinds: ['logs', 'request', 'runs'],
        },
      },
    ]);
  });

  it('sends at most one signal a second per channel, and the last change on the trailing edge', () => {
    publish.mockClear();
    // 30 changes over 3 s, one every 100 ms.
    for (let i = 0; i < 30; i++) {
      listener(job(i));
      jest.advanceTimersByTime(100);
    }
    const times: number[] = [];
    publish.mockImplementation(async () => {
      times.push(Date.now());
    });
    jest.advanceTimersByTime(5000);
    const count = sent(REQUEST).length;
    // 3 s of changes: the first after 100 ms, then one a second, then the trailing one.
    expect(count).toBeGreaterThanOrEqual(3);
    expect(count).toBeLessThanOrEqual(4);
    expect(times).toHaveLength(1); // the trailing edge, after the last change
    publish.mockImplementation(async () => undefined);
  });

  it('spaces signals of one channel by at least the window', () => {
    publish.mockClear();
    const times: number[] = [];
    publish.mockImplementation(async (s: any) => {
      if (s.channel === REQUEST) times.push(Date.now());
    });
    for (let i = 0; i < 50; i++) {
      listener(job(i));
      jest.advanceTimersByTime(73);
    }
    jest.advanceTimersByTime(3000);
    expect(times.length).toBeGreaterThan(2);
    for (let i = 1; i < times.length; i++) {
      expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(1000);
    }
    // The last change (at about 3.6 s) is published, not dropped.
    expect(times[times.length - 1]).toBeGreaterThanOrEqual(
      Date.parse('2026-12-01T10:00:00Z') + 49 * 73,
    );
    publish.mockImplementation(async () => undefined);
  });

  it('keeps channels apart, and publishes a quiet channel again right away', () => {
    publish.mockClear();
    listener(job(1));
    listener({
      type: 'modified',
      kind: 'destinations',
      object: { ...labelled('Destination', {}), metadata: { name: 'w1' } },
    });
    jest.advanceTimersByTime(100);
    expect(sent(REQUEST)).toHaveLength(1);
    expect(sent('kratix:destination:prod:w1')).toHaveLength(1);
    expect(sent(PLATFORM)).toHaveLength(1);
    // Quiet for more than a window: the next change goes out after the settle delay.
    jest.advanceTimersByTime(5000);
    listener(job(2));
    jest.advanceTimersByTime(100);
    expect(sent(REQUEST)).toHaveLength(2);
  });

  it('ignores the initial listing of objects created before it started', () => {
    publish.mockClear();
    listener({
      type: 'added',
      kind: 'requests',
      object: {
        ...request,
        metadata: {
          ...request.metadata,
          creationTimestamp: '2026-11-01T00:00:00Z',
        },
      },
    });
    jest.advanceTimersByTime(2000);
    expect(sent(REQUEST)).toEqual([]);
    expect(publish).not.toHaveBeenCalledWith(
      expect.objectContaining({
        message: expect.objectContaining({ kinds: ['requests'] }),
      }),
    );
  });
});
