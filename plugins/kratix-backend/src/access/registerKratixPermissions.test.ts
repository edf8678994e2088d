import { permissionsRegistryServiceFactory } from '@backstage/backend-defaults/permissionsRegistry';
import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { startKratixBackend } from '../__testUtils__/testBackend';

const WELL_KNOWN = '/api/kratix/.well-known/backstage/permissions';

describe('registered permissions', () => {
  let server: Awaited<ReturnType<typeof startKratixBackend>>['server'];

  beforeAll(async () => {
    ({ server } = await startKratixBackend({
      features: [permissionsRegistryServiceFactory],
    }));
  });

  it('lists the permissions, the kratix-request rules and their parameters', async () => {
    const res = await request(server).get(`${WELL_KNOWN}/metadata`);
    expect(res.status).toBe(200);
    expect(
      res.body.permissions.map((p: any) => [p.name, p.resourceType]).sort(),
    ).toEqual([
      ['kratix.logs.read', 'kratix-request'],
      ['kratix.request.read', 'kratix-request'],
      ['kratix.resource.create', 'kratix-request'],
      ['kratix.resource.delete', 'kratix-request'],
      ['kratix.resource.pause', 'kratix-request'],
      ['kratix.resource.read', undefined],
      ['kratix.resource.rerun', 'kratix-request'],
    ]);
    expect(
      res.body.rules.map((r: any) => [
        r.name,
        r.resourceType,
        Object.keys(r.paramsSchema?.properties ?? {}),
      ]),
    ).toEqual([
      ['IS_REQUESTER', 'kratix-request', ['claims']],
      ['IS_OWNER', 'kratix-request', ['claims']],
      ['IN_NAMESPACE', 'kratix-request', ['namespaces']],
      ['OF_PROMISE', 'kratix-request', ['promises']],
      ['ON_PLATFORM', 'kratix-request', ['platforms']],
    ]);
  });

  it('applies conditions to requests named by resource ref (what usePermission with a resourceRef asks)', async () => {
    const conditions = {
      anyOf: [
        {
          rule: 'IN_NAMESPACE',
          resourceType: 'kratix-request',
          params: { namespaces: ['default'] },
        },
      ],
    };
    const res = await request(server)
      .post(`${WELL_KNOWN}/apply-conditions`)
      .set('Authorization', mockCredentials.service.header())
      .send({
        items: [
          {
            id: '1',
            resourceType: 'kratix-request',
            resourceRef: 'demo:default/elastic-cloud/example',
            conditions,
          },
          {
            id: '2',
            resourceType: 'kratix-request',
            resourceRef: 'demo:default/elastic-cloud/missing',
            conditions,
          },
          {
            id: '3',
            resourceType: 'kratix-request',
            resourceRef: 'demo:default/elastic-cloud/example',
            conditions: {
              rule: 'IS_REQUESTER',
              resourceType: 'kratix-request',
              params: { claims: ['user:default/jane'] },
            },
          },
        ],
      });
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: any) => i.result)).toEqual([
      'ALLOW',
      'DENY',
      'DENY',
    ]);
  });
});
