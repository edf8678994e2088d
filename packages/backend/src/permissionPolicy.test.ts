import { ConfigReader } from '@backstage/config';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import type { PolicyQueryUser } from '@backstage/plugin-permission-node';
import {
  kratixDeletePermission,
  kratixReadPermission,
  kratixRequestReadPermission,
} from '@kratix-backstage/plugin-kratix-common';
import { KratixExamplePolicy } from './permissionPolicy';

function user(ref: string, groups: string[] = []): PolicyQueryUser {
  return {
    credentials: {} as PolicyQueryUser['credentials'],
    info: { userEntityRef: ref, ownershipEntityRefs: [ref, ...groups] },
  };
}

const JANE = user('user:default/jane', ['group:default/app-team']);
const ADA = user('user:default/ada', ['group:default/platform-team']);
const catalogRead = createPermission({
  name: 'catalog.entity.read',
  attributes: { action: 'read' },
  resourceType: 'catalog-entity',
});

const policyWith = (data: object) =>
  KratixExamplePolicy.fromConfig(new ConfigReader(data));

describe('KratixExamplePolicy', () => {
  it('allows everything when no platform team is configured (the demo start)', async () => {
    const policy = policyWith({});
    for (const permission of [kratixDeletePermission, kratixReadPermission]) {
      expect(await policy.handle({ permission }, JANE)).toEqual({
        result: AuthorizeResult.ALLOW,
      });
    }
  });

  it('lets the platform team (a group, or a list) do everything', async () => {
    for (const platformTeam of [
      'group:default/platform-team',
      'platform-team',
      ['user:default/someone', 'group:default/platform-team'],
    ]) {
      const policy = policyWith({
        kratix: { permissionPolicy: { platformTeam } },
      });
      expect(
        await policy.handle({ permission: kratixDeletePermission }, ADA),
      ).toEqual({ result: AuthorizeResult.ALLOW });
    }
  });

  it('limits everyone else to the requests they asked for or own', async () => {
    const policy = policyWith({
      kratix: {
        permissionPolicy: { platformTeam: 'group:default/platform-team' },
      },
    });
    const claims = ['user:default/jane', 'group:default/app-team'];
    for (const permission of [
      kratixDeletePermission,
      kratixRequestReadPermission,
    ]) {
      expect(await policy.handle({ permission }, JANE)).toEqual({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'kratix',
        resourceType: 'kratix-request',
        conditions: {
          anyOf: [
            {
              rule: 'IS_REQUESTER',
              resourceType: 'kratix-request',
              params: { claims },
            },
            {
              rule: 'IS_OWNER',
              resourceType: 'kratix-request',
              params: { claims },
            },
          ],
        },
      });
    }
    // Promises and Destinations, other plugins, and backend services: allowed.
    expect(
      await policy.handle({ permission: kratixReadPermission }, JANE),
    ).toEqual({ result: AuthorizeResult.ALLOW });
    expect(await policy.handle({ permission: catalogRead }, JANE)).toEqual({
      result: AuthorizeResult.ALLOW,
    });
    expect(await policy.handle({ permission: kratixDeletePermission })).toEqual(
      {
        result: AuthorizeResult.ALLOW,
      },
    );
  });
});
