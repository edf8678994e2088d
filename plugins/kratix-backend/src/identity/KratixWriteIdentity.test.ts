import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { KratixPlatform } from '@kratix-backstage/plugin-kratix-node';
import { callerOf } from '../access/types';
import {
  FakeKratixSource,
  fakePlatform,
} from '../__testUtils__/fakeKratixSource';
import {
  CatalogWriteIdentity,
  groupRefsOf,
  serviceOnlyWriteIdentity,
} from './KratixWriteIdentity';

const alice: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name: 'alice', namespace: 'default' },
  spec: { memberOf: ['team-a'] },
  relations: [
    { type: 'memberOf', targetRef: 'group:default/team-a' },
    { type: 'memberOf', targetRef: 'group:eu/ops' },
    { type: 'ownerOf', targetRef: 'component:default/shop' },
  ],
};

const asUser = (extra: Partial<KratixPlatform> = {}) =>
  fakePlatform(new FakeKratixSource(), { writeAs: 'user', ...extra });

describe('groupRefsOf', () => {
  it("takes the memberOf relations and spec.memberOf, as refs of the user's namespace", () => {
    expect(
      groupRefsOf({
        ...alice,
        metadata: { name: 'alice', namespace: 'eu' },
        spec: { memberOf: ['team-a', 'group:default/team-b', 42] },
      }),
    ).toEqual([
      'group:default/team-a',
      'group:eu/ops',
      'group:eu/team-a',
      'group:default/team-b',
    ]);
    expect(groupRefsOf({ ...alice, relations: undefined })).toEqual([
      'group:default/team-a',
    ]);
  });
});

describe('CatalogWriteIdentity', () => {
  function setUp(entities: Entity[] = [alice]) {
    const catalog = catalogServiceMock({ entities });
    const getEntityByRef = jest.spyOn(catalog, 'getEntityByRef');
    let now = 1_000_000;
    const identity = new CatalogWriteIdentity({
      catalog,
      auth: mockServices.auth(),
      now: () => now,
    });
    return {
      identity,
      getEntityByRef,
      advance: (ms: number) => {
        now += ms;
      },
    };
  }

  it('adds nothing on a platform that writes as the service', async () => {
    const { identity, getEntityByRef } = setUp();
    for (const platform of [
      fakePlatform(new FakeKratixSource()),
      fakePlatform(new FakeKratixSource(), { writeAs: 'service' }),
    ]) {
      await expect(
        identity.writeOptions(
          platform,
          callerOf(mockCredentials.user('user:default/alice')),
        ),
      ).resolves.toEqual({});
      await expect(
        identity.writeOptions(
          platform,
          callerOf(mockCredentials.service('plugin:scaffolder')),
        ),
      ).resolves.toEqual({});
    }
    expect(getEntityByRef).not.toHaveBeenCalled();
  });

  it("impersonates the user with the catalog's groups, through the platform's templates", async () => {
    const { identity, getEntityByRef } = setUp();
    const caller = callerOf(mockCredentials.user('user:default/alice'));
    await expect(identity.writeOptions(asUser(), caller)).resolves.toEqual({
      impersonate: { user: 'alice', groups: ['team-a', 'ops'] },
    });
    await expect(
      identity.writeOptions(
        asUser({
          impersonation: {
            userTemplate: 'oidc:{{name}}',
            groupTemplate: '{{namespace}}:{{name}}',
            groupPrefix: 'oidc:',
          },
        }),
        caller,
      ),
    ).resolves.toEqual({
      impersonate: {
        user: 'oidc:alice',
        groups: ['oidc:default:team-a', 'oidc:eu:ops'],
      },
    });
    // Read with the plugin's own credentials, not the user's.
    expect(getEntityByRef).toHaveBeenCalledWith('user:default/alice', {
      credentials: expect.objectContaining({
        principal: expect.objectContaining({ type: 'service' }),
      }),
    });
  });

  it('keeps the groups briefly, then reads them again', async () => {
    const { identity, getEntityByRef, advance } = setUp();
    const caller = callerOf(mockCredentials.user('user:default/alice'));
    await identity.writeOptions(asUser(), caller);
    advance(29_000);
    await identity.writeOptions(asUser(), caller);
    expect(getEntityByRef).toHaveBeenCalledTimes(1);
    advance(2_000);
    await identity.writeOptions(asUser(), caller);
    expect(getEntityByRef).toHaveBeenCalledTimes(2);
  });

  it('impersonates a user the catalog does not know without groups', async () => {
    const { identity } = setUp([]);
    await expect(
      identity.writeOptions(
        asUser(),
        callerOf(mockCredentials.user('user:development/guest')),
      ),
    ).resolves.toEqual({ impersonate: { user: 'guest', groups: [] } });
  });

  it('refuses a service with a 403 that says why', async () => {
    const { identity } = setUp();
    await expect(
      identity.writeOptions(
        asUser(),
        callerOf(mockCredentials.service('plugin:scaffolder')),
      ),
    ).rejects.toMatchObject({
      name: 'NotAllowedError',
      message:
        "Kratix platform 'prod' writes as the signed-in user (writeAs: user): its API server authorizes each write as that user through Kubernetes impersonation, and this call comes from the service 'plugin:scaffolder', with no user to act as. Call on behalf of a user (with the user's credentials), or use a platform that writes as the service",
    });
  });

  it('refuses to write with fewer groups when the catalog cannot be read (503), and asks again next time', async () => {
    const { identity, getEntityByRef } = setUp();
    getEntityByRef.mockRejectedValueOnce(new Error('catalog is down'));
    const caller = callerOf(mockCredentials.user('user:default/alice'));
    await expect(identity.writeOptions(asUser(), caller)).rejects.toMatchObject(
      {
        name: 'ServiceUnavailableError',
        message:
          "Kratix platform 'prod' writes as the signed-in user (writeAs: user), and the groups of user:default/alice cannot be read from the catalog: catalog is down",
      },
    );
    await expect(identity.writeOptions(asUser(), caller)).resolves.toEqual({
      impersonate: { user: 'alice', groups: ['team-a', 'ops'] },
    });
  });
});

describe('serviceOnlyWriteIdentity', () => {
  it('refuses writes on a platform that writes as the user, since it knows no groups', async () => {
    const caller = callerOf(mockCredentials.user('user:default/alice'));
    await expect(
      serviceOnlyWriteIdentity.writeOptions(
        fakePlatform(new FakeKratixSource()),
        caller,
      ),
    ).resolves.toEqual({});
    await expect(
      serviceOnlyWriteIdentity.writeOptions(asUser(), caller),
    ).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
      message: expect.stringContaining('built without a way to read users'),
    });
  });
});
