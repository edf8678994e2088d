import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  type TestBackend,
} from '@backstage/backend-test-utils';
import { databaseServiceFactory } from '@backstage/backend-defaults/database';
import notificationsBackend from '@backstage/plugin-notifications-backend';
import kratixBackend from '@kratix-backstage/plugin-kratix-backend';
import {
  type KratixDriver,
  type KratixTestEnvironment,
  startWorkshopPlatform,
  waitFor,
} from '@internal/kratix-testenv';
import request from 'supertest';

jest.setTimeout(600_000);

const JANE = 'user:default/jane';
const PROMISE = '/api/kratix/platforms/testenv/promises/elastic-cloud';
const ENTITY = (name: string) =>
  `/catalog/default/resource/testenv-default-elastic-cloud-${name}`;

// Requesters notified through the real notifications backend: the Kratix plugin on the
// test environment's platform (the simulator stands in for Kratix unless the real one is
// built), both plugins' databases in SQLite files that outlive a restart.
describe('notifications of Kratix requests, through the notifications API', () => {
  let env: KratixTestEnvironment;
  let kratix: KratixDriver;
  let backend: TestBackend | undefined;
  let dataDir: string;

  async function start() {
    backend = await startTestBackend({
      features: [
        kratixBackend,
        notificationsBackend,
        databaseServiceFactory,
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: 'http://localhost:3000' },
            backend: {
              database: {
                client: 'better-sqlite3',
                connection: { directory: dataDir },
              },
            },
            kratix: {
              // Requests without a requester notify a user, not a group (no catalog here).
              catalog: { defaultOwner: 'user:default/platform-admin' },
              platforms: [
                {
                  name: 'testenv',
                  title: 'Test environment',
                  kubeconfig: { path: env.kubeconfigPath, context: 'platform' },
                },
              ],
            },
          },
        }),
      ],
    });
    return backend;
  }

  async function notificationsOf(user: string) {
    const res = await request(backend!.server)
      .get('/api/notifications/notifications')
      .set('Authorization', mockCredentials.user.header(user));
    expect(res.status).toBe(200);
    return res.body.notifications as Array<{
      user: string;
      payload: { title: string; description?: string; link?: string };
    }>;
  }

  function eventually<T>(what: string, check: () => Promise<T | undefined>) {
    return waitFor(what, check, { timeoutMs: 120_000, intervalMs: 500 });
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'kratix-notifications-'));
    ({ env, kratix } = await startWorkshopPlatform({
      suite: 'notifications',
      flux: false,
    }));
    await start();
  });

  afterAll(async () => {
    await backend?.stop();
    await kratix?.stop();
    await env?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it("a request jane makes is configured: jane gets exactly one notification, with the entity link; the workshop's older requests none", async () => {
    const created = await request(backend!.server)
      .post(`${PROMISE}/requests`)
      .set('Authorization', mockCredentials.user.header(JANE))
      .send({ name: 'notified', spec: { enableDataCollection: false } });
    expect(created.status).toBe(201);

    const [notification] = await eventually(
      'the success notification',
      async () => {
        const items = await notificationsOf(JANE);
        return items.length ? items : undefined;
      },
    );
    expect(notification.payload).toMatchObject({
      title: 'elastic-cloud request default/notified is configured',
      link: ENTITY('notified'),
    });
    // A few more passes (watch events of its Works, the sweep) change nothing.
    await new Promise(resolve => setTimeout(resolve, 3000));
    expect(await notificationsOf(JANE)).toHaveLength(1);
    // The workshop's requests were configured before the notifier first ran.
    expect(
      (await notificationsOf('user:default/platform-admin')).filter(n =>
        /default\/(example|second-request) is configured/.test(n.payload.title),
      ),
    ).toEqual([]);
  });

  it('after a restart, still one; a request whose pipeline fails notifies jane once, with Kratix’s message', async () => {
    await backend!.stop();
    await start();
    const created = await request(backend!.server)
      .post(`${PROMISE}/requests`)
      .set('Authorization', mockCredentials.user.header(JANE))
      .send({
        name: 'notified-failing',
        spec: { enableDataCollection: false },
        annotations: { 'testenv.kratix.io/fail-container': 'pipeline-stage-0' },
      });
    expect(created.status).toBe(201);

    const failure = await eventually('the failure notification', async () =>
      (
        await notificationsOf(JANE)
      ).find(n => n.payload.title.includes('notified-failing')),
    );
    expect(failure.payload).toMatchObject({
      title:
        'elastic-cloud request default/notified-failing: configure workflow failed',
      link: ENTITY('notified-failing'),
    });
    // The key line is Kratix's own message, as the request's condition holds it.
    const failed = await request(backend!.server)
      .get(
        '/api/kratix/platforms/testenv/requests/default/elastic-cloud/notified-failing',
      )
      .set('Authorization', mockCredentials.user.header(JANE));
    const condition = failed.body.conditions.find(
      (c: any) => c.type === 'ConfigureWorkflowCompleted',
    );
    expect(condition.reason).toBe('ConfigureWorkflowFailed');
    expect(failure.payload.description).toContain(
      condition.message.split('\n')[0].trim(),
    );
    await new Promise(resolve => setTimeout(resolve, 3000));
    const titles = (await notificationsOf(JANE)).map(n => n.payload.title);
    expect(titles.sort()).toEqual([
      'elastic-cloud request default/notified is configured',
      'elastic-cloud request default/notified-failing: configure workflow failed',
    ]);
  });
});
