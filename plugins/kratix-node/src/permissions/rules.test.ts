import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import {
  kratixDeletePermission,
  kratixReadPermission,
  kratixRequestReadPermission,
} from '@kratix-backstage/plugin-kratix-common';
import {
  createKratixRequestConditionalDecision,
  kratixRequestConditions,
} from './conditions';
import { normalizeEntityRef } from './entityRefs';
import { kratixRequestPermissionRules, ownerOf, requesterOf } from './rules';
import type { KratixRequestResource } from './types';

function request(
  annotations: Record<string, string> = {},
  where: Partial<KratixRequestResource> = {},
): KratixRequestResource {
  return {
    platform: 'prod',
    promise: 'postgresql',
    namespace: 'team-a',
    name: 'db',
    object: {
      apiVersion: 'marketplace.kratix.io/v1alpha1',
      kind: 'postgresql',
      metadata: { name: 'db', namespace: 'team-a', annotations },
    },
    ...where,
  };
}

const JANE = { 'backstage.io/kratix-requester': 'user:default/jane' };
const { isRequester, isOwner, inNamespace, ofPromise, onPlatform } =
  kratixRequestPermissionRules;

describe('entity refs', () => {
  it('compares full, lower-case refs, filling kind and namespace', () => {
    expect(normalizeEntityRef('Jane', 'user')).toBe('user:default/jane');
    expect(normalizeEntityRef('user:Jane', 'group')).toBe('user:default/jane');
    expect(normalizeEntityRef('team-a', 'group')).toBe('group:default/team-a');
    expect(normalizeEntityRef(' Group:Ops/Team-A ', 'user')).toBe(
      'group:ops/team-a',
    );
  });
});

describe('kratix-request rules', () => {
  it('isRequester: the requester annotation is one of the claims', () => {
    expect(
      isRequester.apply(request(JANE), { claims: ['user:default/jane'] }),
    ).toBe(true);
    // Claims and annotations compare as entity refs, whatever their case or form.
    expect(
      isRequester.apply(
        request({ 'backstage.io/kratix-requester': 'user:Jane' }),
        { claims: ['User:default/JANE'] },
      ),
    ).toBe(true);
    expect(
      isRequester.apply(request(JANE), { claims: ['user:default/joe'] }),
    ).toBe(false);
    // No requester (the workshop's requests, kubectl-made ones): nobody's.
    expect(
      isRequester.apply(request(), { claims: ['user:default/jane'] }),
    ).toBe(false);
    expect(
      isRequester.apply(
        { ...request(JANE), object: undefined },
        {
          claims: ['user:default/jane'],
        },
      ),
    ).toBe(false);
  });

  it('isOwner: the owner annotation (a group by default), else the requester', () => {
    const owned = request({ ...JANE, 'backstage.io/kratix-owner': 'team-a' });
    expect(ownerOf(owned)).toBe('group:default/team-a');
    expect(requesterOf(owned)).toBe('user:default/jane');
    expect(
      isOwner.apply(owned, {
        claims: ['user:default/joe', 'group:default/team-a'],
      }),
    ).toBe(true);
    // The owner is the group: the requester alone no longer owns it.
    expect(isOwner.apply(owned, { claims: ['user:default/jane'] })).toBe(false);
    expect(
      isOwner.apply(request(JANE), { claims: ['user:default/jane'] }),
    ).toBe(true);
    expect(isOwner.apply(request(), { claims: ['user:default/jane'] })).toBe(
      false,
    );
  });

  it('inNamespace, ofPromise and onPlatform match the request where it is', () => {
    expect(inNamespace.apply(request(), { namespaces: ['team-a'] })).toBe(true);
    expect(inNamespace.apply(request(), { namespaces: ['team-b'] })).toBe(
      false,
    );
    expect(
      ofPromise.apply(request(), { promises: ['postgresql', 'redis'] }),
    ).toBe(true);
    expect(ofPromise.apply(request(), { promises: ['redis'] })).toBe(false);
    expect(onPlatform.apply(request(), { platforms: ['prod'] })).toBe(true);
    expect(onPlatform.apply(request(), { platforms: ['dev'] })).toBe(false);
  });

  it('describe themselves as queries and check their parameters', () => {
    expect(isOwner.toQuery({ claims: ['Team-A'] })).toEqual({
      property: 'owner',
      values: ['user:default/team-a'],
    });
    expect(inNamespace.toQuery({ namespaces: ['a'] })).toEqual({
      property: 'namespace',
      values: ['a'],
    });
    const schema = inNamespace.paramsSchema as any;
    expect(schema.safeParse({ namespaces: ['a'] }).success).toBe(true);
    expect(schema.safeParse({ namespaces: 'a' }).success).toBe(false);
  });
});

describe('condition exports', () => {
  const authorize = createConditionAuthorizer<KratixRequestResource, unknown>(
    Object.values(kratixRequestPermissionRules),
  );

  it('build conditions a policy returns and the backend applies', () => {
    const claims = ['user:default/jane', 'group:default/team-a'];
    const decision = createKratixRequestConditionalDecision(
      kratixDeletePermission,
      {
        anyOf: [
          kratixRequestConditions.isRequester({ claims }),
          kratixRequestConditions.isOwner({ claims }),
        ],
      },
    );
    expect(decision).toEqual({
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
    expect(authorize(decision, request(JANE))).toBe(true);
    expect(
      authorize(
        decision,
        request({
          'backstage.io/kratix-requester': 'user:default/joe',
          'backstage.io/kratix-owner': 'group:default/team-a',
        }),
      ),
    ).toBe(true);
    expect(
      authorize(
        decision,
        request({ 'backstage.io/kratix-requester': 'user:default/joe' }),
      ),
    ).toBe(false);
  });

  it('combine with allOf and not', () => {
    const decision = createKratixRequestConditionalDecision(
      kratixRequestReadPermission,
      {
        allOf: [
          kratixRequestConditions.inNamespace({ namespaces: ['team-a'] }),
          {
            not: kratixRequestConditions.ofPromise({ promises: ['secrets'] }),
          },
        ],
      },
    );
    expect(authorize(decision, request())).toBe(true);
    expect(authorize(decision, request({}, { promise: 'secrets' }))).toBe(
      false,
    );
    expect(authorize(decision, request({}, { namespace: 'team-b' }))).toBe(
      false,
    );
  });

  it('are for permissions of the kratix-request type only', () => {
    expect(kratixRequestReadPermission.resourceType).toBe('kratix-request');
    expect(kratixDeletePermission.resourceType).toBe('kratix-request');
    expect(kratixReadPermission.type).toBe('basic');
  });
});
