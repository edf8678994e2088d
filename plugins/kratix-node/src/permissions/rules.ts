import type { PermissionRuleParams } from '@backstage/plugin-permission-common';
import {
  KRATIX_OWNER_ANNOTATION,
  KRATIX_PLUGIN_ID,
  KRATIX_REQUEST_RESOURCE_TYPE,
  KRATIX_REQUESTER_ANNOTATION,
} from '@kratix-backstage/plugin-kratix-common';
import {
  createPermissionResourceRef,
  createPermissionRule,
  type PermissionResourceRef,
  type PermissionRule,
} from '@backstage/plugin-permission-node';
import { z } from 'zod';
import { normalizeEntityRef } from './entityRefs';
import type { KratixRequestFilter, KratixRequestResource } from './types';

/**
 * The permission resource ref of Kratix resource requests (`kratix-request`, plugin
 * `kratix`).
 *
 * @public
 */
export const kratixRequestPermissionResourceRef: PermissionResourceRef<
  KratixRequestResource,
  KratixRequestFilter,
  typeof KRATIX_REQUEST_RESOURCE_TYPE,
  typeof KRATIX_PLUGIN_ID
> = createPermissionResourceRef<
  KratixRequestResource,
  KratixRequestFilter
>().with({
  pluginId: KRATIX_PLUGIN_ID,
  resourceType: KRATIX_REQUEST_RESOURCE_TYPE,
});

/**
 * Who asked for the request: its `backstage.io/kratix-requester` annotation, as a full
 * entity ref (a user when the annotation names no kind); undefined without it.
 *
 * @public
 */
export function requesterOf(resource: KratixRequestResource) {
  const value =
    resource.object?.metadata.annotations?.[KRATIX_REQUESTER_ANNOTATION];
  return value ? normalizeEntityRef(value, 'user') : undefined;
}

/**
 * Who owns the request: its `backstage.io/kratix-owner` annotation (a group when it names
 * no kind), else its requester.
 *
 * @public
 */
export function ownerOf(resource: KratixRequestResource) {
  const value =
    resource.object?.metadata.annotations?.[KRATIX_OWNER_ANNOTATION];
  return value ? normalizeEntityRef(value, 'group') : requesterOf(resource);
}

const claimsSchema = z.object({
  claims: z
    .array(z.string())
    .describe(
      'Entity refs to match, usually the ownership claims of the user (user:default/jane, group:default/team-a)',
    ),
});

/** Claims normalized once per parameters object (a list applies them to every request). */
const normalizedClaims = new WeakMap<string[], Set<string>>();

function matchesClaims(value: string | undefined, claims: string[]) {
  if (!value || !Array.isArray(claims)) return false;
  let set = normalizedClaims.get(claims);
  if (!set) {
    set = new Set(claims.map(claim => normalizeEntityRef(claim, 'user')));
    normalizedClaims.set(claims, set);
  }
  return set.has(value);
}

function inList(value: string, values: string[]) {
  return Array.isArray(values) && values.includes(value);
}

const isRequester = createPermissionRule({
  name: 'IS_REQUESTER',
  description:
    'Allow requests whose requester (the backstage.io/kratix-requester annotation) is one of the claims',
  resourceRef: kratixRequestPermissionResourceRef,
  paramsSchema: claimsSchema,
  apply: (resource, { claims }) => matchesClaims(requesterOf(resource), claims),
  toQuery: ({ claims }) => ({
    property: 'requester',
    values: claims.map(c => normalizeEntityRef(c, 'user')),
  }),
});

const isOwner = createPermissionRule({
  name: 'IS_OWNER',
  description:
    'Allow requests whose owner (the backstage.io/kratix-owner annotation, else the requester) is one of the claims',
  resourceRef: kratixRequestPermissionResourceRef,
  paramsSchema: claimsSchema,
  apply: (resource, { claims }) => matchesClaims(ownerOf(resource), claims),
  toQuery: ({ claims }) => ({
    property: 'owner',
    values: claims.map(c => normalizeEntityRef(c, 'user')),
  }),
});

const inNamespace = createPermissionRule({
  name: 'IN_NAMESPACE',
  description: 'Allow requests in one of the given Kubernetes namespaces',
  resourceRef: kratixRequestPermissionResourceRef,
  paramsSchema: z.object({
    namespaces: z.array(z.string()).describe('Kubernetes namespaces'),
  }),
  apply: (resource, { namespaces }) => inList(resource.namespace, namespaces),
  toQuery: ({ namespaces }) => ({ property: 'namespace', values: namespaces }),
});

const ofPromise = createPermissionRule({
  name: 'OF_PROMISE',
  description: 'Allow requests of one of the given Promises',
  resourceRef: kratixRequestPermissionResourceRef,
  paramsSchema: z.object({
    promises: z.array(z.string()).describe('Promise names'),
  }),
  apply: (resource, { promises }) => inList(resource.promise, promises),
  toQuery: ({ promises }) => ({ property: 'promise', values: promises }),
});

const onPlatform = createPermissionRule({
  name: 'ON_PLATFORM',
  description: 'Allow requests on one of the given Kratix platforms',
  resourceRef: kratixRequestPermissionResourceRef,
  paramsSchema: z.object({
    platforms: z
      .array(z.string())
      .describe('Names of configured Kratix platforms'),
  }),
  apply: (resource, { platforms }) => inList(resource.platform, platforms),
  toQuery: ({ platforms }) => ({ property: 'platform', values: platforms }),
});

/**
 * A permission rule of Kratix resource requests.
 *
 * @public
 */
export type KratixRequestPermissionRule<TParams extends PermissionRuleParams> =
  PermissionRule<
    KratixRequestResource,
    KratixRequestFilter,
    typeof KRATIX_REQUEST_RESOURCE_TYPE,
    TParams
  >;

/**
 * The permission rules of Kratix resource requests.
 *
 * @public
 */
export const kratixRequestPermissionRules: {
  isRequester: KratixRequestPermissionRule<{ claims: string[] }>;
  isOwner: KratixRequestPermissionRule<{ claims: string[] }>;
  inNamespace: KratixRequestPermissionRule<{ namespaces: string[] }>;
  ofPromise: KratixRequestPermissionRule<{ promises: string[] }>;
  onPlatform: KratixRequestPermissionRule<{ platforms: string[] }>;
} = {
  isRequester,
  isOwner,
  inNamespace,
  ofPromise,
  onPlatform,
};
