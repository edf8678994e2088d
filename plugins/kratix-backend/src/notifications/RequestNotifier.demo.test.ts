import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { kratixPlatformsOf } from '@kratix-backstage/plugin-kratix-node';
import { demoPlatform, NOW } from '../__testUtils__/testBackend';
import { RequestService } from '../services/RequestService';
import { NotificationMarkStore } from './NotificationMarkStore';
import { readNotificationsConfig } from './readNotificationsConfig';
import { RequestNotifier } from './RequestNotifier';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

// The demo platform as the app serves it: its own requests stay quiet (configured before
// the notifier ran, owned by the platform team), a request the guest makes notifies the
// guest that it is configured, then that worker-1 refuses it.
describe('RequestNotifier on the demo platform', () => {
  it('notifies the guest of a request made from the template, and of nothing else', async () => {
    let now = NOW;
    const platform = demoPlatform(() => now);
    const platforms = kratixPlatformsOf([platform]);
    const knex = await databases.init('SQLITE_3');
    const store = await NotificationMarkStore.create({
      getClient: async () => knex,
    });
    const sent: any[] = [];
    const notifier = new RequestNotifier({
      platforms,
      requests: new RequestService(platforms),
      store,
      notifications: { send: async n => void sent.push(n) },
      logger: mockServices.logger.mock(),
      config: readNotificationsConfig(mockServices.rootConfig()),
      clock: () => now,
    });
    await store.installedAt(new Date(NOW));
    await notifier.sweep('demo');
    expect(sent).toEqual([]);

    const promise = (await platform.kratix.getPromise('elastic-cloud'))!;
    await platform.kratix.createRequest(
      promise,
      {
        apiVersion: 'workshop.kratix.io/v1alpha1',
        kind: 'elastic-cloud',
        metadata: {
          name: 'notified-request',
          namespace: 'default',
          annotations: {
            'backstage.io/kratix-requester': 'user:default/guest',
          },
        },
        spec: { enableDataCollection: false },
      },
      {},
    );
    now += 120_000;
    await notifier.sweep('demo');
    expect(
      sent.map(n => [
        n.recipients.entityRef,
        n.payload.title,
        n.payload.description,
      ]),
    ).toEqual([
      [
        'user:default/guest',
        'elastic-cloud request default/notified-request is configured',
        expect.stringContaining('generation 1'),
      ],
      [
        'user:default/guest',
        'elastic-cloud request default/notified-request is failing on worker-1',
        expect.stringContaining('worker-1: '),
      ],
    ]);
    expect(await notifier.sweep('demo')).toBe(0);
  });
});
