import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type { DatabaseService } from '@backstage/backend-plugin-api';
import { kratixPlatformsOf } from '@kratix-backstage/plugin-kratix-node';
import type { KubeObject } from '@kratix-backstage/plugin-kratix-node';
import {
  FakeKratixSource,
  fakePlatform,
  fakeRequest,
} from '../__testUtils__/fakeKratixSource';
import { RequestService } from '../services/RequestService';
import { NotificationMarkStore } from './NotificationMarkStore';
import { readNotificationsConfig } from './readNotificationsConfig';
import { RequestNotifier, requesterOf } from './RequestNotifier';

jest.setTimeout(60_000);

// SQLite always; PostgreSQL where BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING
// names one (the integration stage of scripts/test.sh), never through Docker.
const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_15'],
  disableDocker: true,
});

function completedRequest(
  name: string,
  options: {
    uid: string;
    generation?: number;
    at?: string;
    requester?: string;
    outcome?: 'True' | 'False';
  },
): KubeObject {
  const object = fakeRequest(name, {
    observedGeneration: options.generation ?? 1,
    conditions: [
      options.outcome === 'False'
        ? {
            type: 'ConfigureWorkflowCompleted',
            status: 'False',
            reason: 'ConfigureWorkflowFailed',
            message: 'A Configure Pipeline has failed: instance-configure',
            lastTransitionTime: options.at ?? new Date().toISOString(),
          }
        : {
            type: 'ConfigureWorkflowCompleted',
            status: 'True',
            reason: 'PipelinesExecutedSuccessfully',
            message: 'Pipelines completed',
            lastTransitionTime: options.at ?? new Date().toISOString(),
          },
    ],
  });
  object.metadata.uid = options.uid;
  object.metadata.generation = options.generation ?? 1;
  if (options.requester) {
    object.metadata.annotations = {
      'backstage.io/kratix-requester': options.requester,
    };
  }
  return object;
}

describe('RequestNotifier', () => {
  async function setUp(
    kratix: object = {},
    id: Parameters<typeof databases.init>[0] = 'SQLITE_3',
  ) {
    const knex = await databases.init(id);
    // Two replicas: each its own DatabaseService and store, one database.
    const database = (): DatabaseService => ({
      getClient: async () => knex,
      migrations: { skip: false },
    });
    const source = new FakeKratixSource();
    const platforms = kratixPlatformsOf([fakePlatform(source)]);
    const config = readNotificationsConfig(
      mockServices.rootConfig({ data: { kratix } }),
    );
    const sent: any[] = [];
    const replica = async () => {
      const store = await NotificationMarkStore.create(database());
      const notifier = new RequestNotifier({
        platforms,
        requests: new RequestService(platforms),
        store,
        notifications: { send: async n => void sent.push(n) },
        logger: mockServices.logger.mock(),
        config,
      });
      return { notifier, store };
    };
    const a = await replica();
    const b = await replica();
    // What the notifier records as its start; transitions before it stay quiet.
    await a.store.installedAt(new Date('2026-12-01T00:00:00Z'));
    return { source, sent, a, b, replica };
  }

  it.each(databases.eachSupportedId())(
    'two replicas on one database (%s) send a success exactly once, to the requester',
    async id => {
      const { source, sent, a, b } = await setUp({}, id);
      source.requests.push(
        completedRequest('example', {
          uid: 'uid-1',
          requester: 'user:default/jane',
        }),
      );
      const counts = await Promise.all([
        a.notifier.sweep('prod'),
        b.notifier.sweep('prod'),
      ]);
      expect(counts.sort()).toEqual([0, 1]);
      expect(sent).toEqual([
        {
          recipients: { type: 'entity', entityRef: 'user:default/jane' },
          payload: expect.objectContaining({
            title: 'elastic-cloud request default/example is configured',
            link: '/catalog/default/resource/prod-default-elastic-cloud-example',
            severity: 'normal',
          }),
        },
      ]);
      // Again, and after a "restart" (a new replica with nothing in memory): nothing new.
      expect(await a.notifier.sweep('prod')).toBe(0);
      expect(await b.notifier.sweep('prod')).toBe(0);
      expect(sent).toHaveLength(1);
      expect(await a.store.marksOf('prod', 'uid-1')).toEqual([
        expect.objectContaining({
          transition: 'succeeded',
          generation: 1,
          recipient: 'user:default/jane',
        }),
      ]);
    },
  );

  it('a new generation that succeeds is told again; one that fails with Kratix’s message', async () => {
    const { source, sent, a, replica } = await setUp();
    source.requests.push(completedRequest('example', { uid: 'uid-1' }));
    await a.notifier.sweep('prod');
    source.requests[0] = completedRequest('example', {
      uid: 'uid-1',
      generation: 2,
    });
    const restarted = await replica();
    expect(await restarted.notifier.sweep('prod')).toBe(1);
    source.requests[0] = completedRequest('example', {
      uid: 'uid-1',
      generation: 3,
      outcome: 'False',
    });
    expect(await restarted.notifier.sweep('prod')).toBe(1);
    expect(sent.map(n => [n.recipients.entityRef, n.payload.title])).toEqual([
      [
        'group:default/platform-team',
        'elastic-cloud request default/example is configured',
      ],
      [
        'group:default/platform-team',
        'elastic-cloud request default/example is configured',
      ],
      [
        'group:default/platform-team',
        'elastic-cloud request default/example: configure workflow failed',
      ],
    ]);
    expect(sent[2].payload.description).toContain(
      'A Configure Pipeline has failed: instance-configure',
    );
  });

  it('records transitions from before it first ran without telling anyone', async () => {
    const { source, sent, a } = await setUp();
    source.requests.push(
      completedRequest('old', { uid: 'uid-old', at: '2026-11-01T00:00:00Z' }),
    );
    expect(await a.notifier.sweep('prod')).toBe(0);
    expect(sent).toEqual([]);
    expect(await a.store.marksOf('prod', 'uid-old')).toEqual([
      expect.objectContaining({ transition: 'succeeded' }),
    ]);
  });

  it('only the configured transitions', async () => {
    const { source, sent, a } = await setUp({
      notifications: { transitions: ['failed'] },
    });
    source.requests.push(completedRequest('example', { uid: 'uid-1' }));
    expect(await a.notifier.sweep('prod')).toBe(0);
    expect(sent).toEqual([]);
  });

  it('gives the mark back when the notification cannot be sent, and sends it later', async () => {
    const knex = await databases.init('SQLITE_3');
    const store = await NotificationMarkStore.create({
      getClient: async () => knex,
    });
    const source = new FakeKratixSource();
    source.requests.push(completedRequest('example', { uid: 'uid-1' }));
    const platforms = kratixPlatformsOf([fakePlatform(source)]);
    const send = jest
      .fn()
      .mockRejectedValueOnce(new Error('Request failed with status 404'))
      .mockResolvedValue(undefined);
    const logger = mockServices.logger.mock();
    const notifier = new RequestNotifier({
      platforms,
      requests: new RequestService(platforms),
      store,
      notifications: { send },
      logger,
      config: readNotificationsConfig(mockServices.rootConfig()),
    });
    await store.installedAt(new Date('2026-12-01T00:00:00Z'));
    expect(await notifier.sweep('prod')).toBe(0);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('will try again'),
    );
    expect(await notifier.sweep('prod')).toBe(1);
    expect(send).toHaveBeenCalledTimes(2);
  });
});

describe('requesterOf', () => {
  const withRequester = (value: string): KubeObject => ({
    apiVersion: 'workshop.kratix.io/v1alpha1',
    kind: 'elastic-cloud',
    metadata: {
      name: 'x',
      annotations: { 'backstage.io/kratix-requester': value },
    },
  });

  it('reads the annotation as the catalog module does', () => {
    expect(requesterOf(withRequester('jane'))).toBe('user:default/jane');
    expect(requesterOf(withRequester('Group:team/ops'))).toBe('group:team/ops');
    // Upper-case namespaces are invalid in the catalog too.
    expect(requesterOf(withRequester('group:Team/ops'))).toBeUndefined();
    expect(requesterOf(withRequester('not a ref!'))).toBeUndefined();
    expect(
      requesterOf({ apiVersion: 'v1', kind: 'x', metadata: { name: 'x' } }),
    ).toBeUndefined();
  });
});

describe('readNotificationsConfig', () => {
  it('defaults, and refuses unknown transitions', () => {
    expect(readNotificationsConfig(mockServices.rootConfig())).toEqual({
      enabled: true,
      transitions: ['succeeded', 'failed', 'workerFailed'],
      defaultOwner: 'group:default/platform-team',
    });
    expect(() =>
      readNotificationsConfig(
        mockServices.rootConfig({
          data: { kratix: { notifications: { transitions: ['done'] } } },
        }),
      ),
    ).toThrow(/Invalid kratix.notifications.transitions: done/);
  });
});
