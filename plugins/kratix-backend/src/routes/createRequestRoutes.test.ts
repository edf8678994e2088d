import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  permissionsAllowing,
  recordingAuditor,
  startKratixBackend,
} from '../__testUtils__/testBackend';

const REQUESTS = '/api/kratix/platforms/demo/promises/elastic-cloud/requests';
const USER = mockCredentials.user().principal.userEntityRef;

describe('POST /platforms/:platform/promises/:promise/requests', () => {
  const audit = recordingAuditor();
  let server: Awaited<ReturnType<typeof startKratixBackend>>['server'];

  beforeAll(async () => {
    ({ server } = await startKratixBackend({ features: [audit.factory] }));
  });

  it('refuses a spec that does not fit the Promise schema, naming the field', async () => {
    const res = await request(server)
      .post(REQUESTS)
      .send({ name: 'new', spec: { enableDataCollection: 'yes', size: 3 } });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      name: 'InputError',
      message:
        "The spec does not fit Promise 'elastic-cloud': spec.enableDataCollection: must be boolean, got string; spec.size: is not a field of this API",
    });
  });

  it('answers 409 naming the object when a request of that name exists', async () => {
    const res = await request(server)
      .post(REQUESTS)
      .send({ name: 'example', namespace: 'default', spec: {} });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toBe(
      "elastic-cloud 'default/example' on platform 'demo' already exists; ask to update it (updateExisting) or choose another name",
    );
    expect(audit.events.at(-1)).toMatchObject({
      eventId: 'request-create',
      severityLevel: 'medium',
      meta: {
        operation: 'create',
        actor: USER,
        platform: 'demo',
        promise: 'elastic-cloud',
        namespace: 'default',
        name: 'example',
        dryRun: false,
        updateExisting: false,
      },
      outcome: expect.stringMatching(/^fail: /),
    });
  });

  it('refuses bad names, unknown fields and bad query flags', async () => {
    const bad = await request(server)
      .post(REQUESTS)
      .send({ name: 'Not_A_Name', color: 'red' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(
      /^Invalid body: name must be a DNS-1123 subdomain/,
    );
    expect(bad.body.error.message).toContain('unknown color');
    const flag = await request(server)
      .post(`${REQUESTS}?dryRun=maybe`)
      .send({ name: 'x' });
    expect(flag.status).toBe(400);
    expect(flag.body.error.message).toBe(
      'Invalid query: dryRun must be true or false',
    );
  });

  it('the demo platform takes new requests: validated, defaulted, stored, then listed', async () => {
    const dry = await request(server)
      .post(`${REQUESTS}?dryRun=true`)
      .send({ name: 'new', spec: {} });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ dryRun: true, name: 'new' });

    const created = await request(server)
      .post(REQUESTS)
      .send({ name: 'third-request', spec: {} });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'third-request',
      namespace: 'default',
      updated: false,
      requester: USER,
      entityName: expect.stringContaining('third-request'),
    });
    const listed = await request(server).get(
      '/api/kratix/platforms/demo/promises/elastic-cloud/requests',
    );
    expect(listed.body.items.map((r: any) => r.name)).toContain(
      'third-request',
    );

    const again = await request(server)
      .post(REQUESTS)
      .send({ name: 'third-request', spec: {} });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain('already exists');

    const elsewhere = await request(server)
      .post(REQUESTS)
      .send({ name: 'x', namespace: 'team-a', spec: {} });
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.body.error.message).toContain(
      'namespaces "team-a" not found',
    );

    const gone = await request(server).delete(
      '/api/kratix/platforms/demo/requests/default/elastic-cloud/third-request',
    );
    expect(gone.status).toBeLessThan(300);
  });
});

describe('creating requests without the permission', () => {
  it('answers 403 naming kratix.resource.create', async () => {
    const { server } = await startKratixBackend({
      features: [permissionsAllowing(['kratix.resource.read'])],
    });
    const res = await request(server)
      .post(REQUESTS)
      .send({ name: 'new', spec: {} });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(
      'Missing permission kratix.resource.create on elastic-cloud request default/new (platform demo)',
    );
  });
});
