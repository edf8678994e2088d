import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  kratixDeletePermission,
  kratixReadPermission,
  kratixRequestReadPermission,
} from '@kratix-backstage/plugin-kratix-common';
import {
  createKratixRequestConditionalDecision,
  kratixPlatformsOf,
  kratixRequestConditions,
  type KubeObject,
} from '@kratix-backstage/plugin-kratix-node';
import { demoPlatform } from '../__testUtils__/testBackend';
import { DefaultKratixAccess, requestResourceOf } from './KratixAccess';

const JANE = 'user:default/jane';
const credentials = mockCredentials.user(JANE);

function object(name: string, requester?: string): KubeObject {
  return {
    apiVersion: 'workshop.kratix.io/v1alpha1',
    kind: 'elastic-cloud',
    metadata: {
      name,
      namespace: 'default',
      ...(requester
        ? { annotations: { 'backstage.io/kratix-requester': requester } }
        : {}),
    },
  };
}

const where = (name: string, requester?: string) => ({
  platform: 'demo',
  promise: 'elastic-cloud',
  namespace: 'default',
  name,
  object: object(name, requester),
});

/** Access over a policy: Jane's own requests (conditional) for request permissions. */
function accessFor(decision: 'allow' | 'deny' | 'own', calls: string[] = []) {
  const permissions = mockServices.permissions.mock({
    authorize: async requests =>
      requests.map(r => {
        calls.push(`authorize ${r.permission.name}`);
        return {
          result:
            decision === 'deny' ? AuthorizeResult.DENY : AuthorizeResult.ALLOW,
        };
      }),
    authorizeConditional: async queries =>
      queries.map(q => {
        calls.push(`conditional ${q.permission.name}`);
        if (decision === 'allow') return { result: AuthorizeResult.ALLOW };
        if (decision === 'deny') return { result: AuthorizeResult.DENY };
        return createKratixRequestConditionalDecision(
          q.permission as ResourcePermission<'kratix-request'>,
          kratixRequestConditions.isRequester({ claims: [JANE] }),
        );
      }),
  });
  return new DefaultKratixAccess({
    permissions,
    platforms: kratixPlatformsOf([demoPlatform()]),
  });
}

describe('DefaultKratixAccess', () => {
  it('filters a list with one conditional decision, applied to each item', async () => {
    const calls: string[] = [];
    const access = accessFor('own', calls);
    const items = [
      where('mine', JANE),
      where('theirs', 'user:default/joe'),
      where('nobodys'),
    ];
    const kept = await access.filterRequests(
      credentials,
      kratixRequestReadPermission,
      items,
      item => item,
    );
    expect(kept.map(i => i.name)).toEqual(['mine']);
    expect(calls).toEqual(['conditional kratix.request.read']);
    expect(
      await accessFor('allow').filterRequests(
        credentials,
        kratixRequestReadPermission,
        items,
        i => i,
      ),
    ).toHaveLength(3);
    expect(
      await accessFor('deny').filterRequests(
        credentials,
        kratixRequestReadPermission,
        items,
        i => i,
      ),
    ).toEqual([]);
  });

  it('filters mapped requests by their requester and owner', async () => {
    const access = accessFor('own');
    const mapped = [
      { name: 'a', requester: JANE },
      { name: 'b', requester: 'user:default/joe' },
      { name: 'c' },
    ].map(r => ({
      platform: 'demo',
      promise: 'elastic-cloud',
      namespace: 'default',
      apiVersion: 'v1',
      kind: 'x',
      ...r,
    }));
    const kept = await access.filterRequests(
      credentials,
      kratixDeletePermission,
      mapped,
      requestResourceOf,
    );
    expect(kept.map(r => r.name)).toEqual(['a']);
  });

  it('authorizes one request: on its object, loaded when not given', async () => {
    const access = accessFor('own');
    await expect(
      access.authorizeRequest(
        credentials,
        kratixDeletePermission,
        where('mine', JANE),
      ),
    ).resolves.toBeUndefined();
    await expect(
      access.authorizeRequest(
        credentials,
        kratixDeletePermission,
        where('theirs', 'user:default/joe'),
      ),
    ).rejects.toThrow(
      'Missing permission kratix.resource.delete on elastic-cloud request default/theirs (platform demo)',
    );
    // The demo's example has no requester: loaded from the platform, then refused.
    const { object: _object, ...example } = where('example');
    await expect(
      access.authorizeRequest(credentials, kratixDeletePermission, example),
    ).rejects.toMatchObject({ name: 'NotAllowedError' });
    // Under an unconditional allow nothing needs loading, not even a missing request.
    await expect(
      accessFor('allow').authorizeRequest(credentials, kratixDeletePermission, {
        ...example,
        name: 'missing',
      }),
    ).resolves.toBeUndefined();
    await expect(
      access.authorizeRequest(credentials, kratixDeletePermission, {
        ...example,
        name: 'missing',
      }),
    ).rejects.toMatchObject({ name: 'NotFoundError' });
  });

  it('on something that is no request, only an unconditional allow allows', async () => {
    await expect(
      accessFor('own').authorizeUnconditional(
        credentials,
        kratixDeletePermission,
        'Promise elastic-cloud',
      ),
    ).rejects.toThrow(
      'Missing permission kratix.resource.delete on Promise elastic-cloud (the policy allows it only on some requests)',
    );
    await expect(
      accessFor('allow').authorizeUnconditional(
        credentials,
        kratixDeletePermission,
        'Promise elastic-cloud',
      ),
    ).resolves.toBeUndefined();
  });

  it('a request the caller may not read is not found', async () => {
    await expect(
      accessFor('own').requireReadable(credentials, where('theirs', 'x:y/z')),
    ).rejects.toThrow(
      "No elastic-cloud request 'default/theirs' on Kratix platform 'demo'",
    );
  });

  it('basic permissions: allowed or NotAllowedError', async () => {
    await expect(
      accessFor('allow').authorize(credentials, kratixReadPermission),
    ).resolves.toBeUndefined();
    await expect(
      accessFor('deny').authorize(credentials, kratixReadPermission),
    ).rejects.toThrow('Missing permission kratix.resource.read');
  });

  it('loads requests by resource ref for the permission backend', async () => {
    const access = accessFor('own');
    const [example, missing, junk] = await access.loadResources([
      'demo:default/elastic-cloud/example',
      'demo:default/elastic-cloud/missing',
      'promise:demo/elastic-cloud',
    ]);
    expect(example).toMatchObject({
      platform: 'demo',
      namespace: 'default',
      promise: 'elastic-cloud',
      name: 'example',
      object: { metadata: { name: 'example' } },
    });
    expect(missing).toBeUndefined();
    expect(junk).toBeUndefined();
  });
});
