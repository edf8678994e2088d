import { createPermission } from '@backstage/plugin-permission-common';

/**
 * The permission resource type of a Kratix resource request. A request is named by its
 * resource ref, {@link kratixRequestResourceRef}: `<platform>:<namespace>/<promise>/<name>`.
 * Rules (isRequester, isOwner, inNamespace, ofPromise, onPlatform) and conditions for
 * policies come from `@kratix-backstage/plugin-kratix-node`.
 *
 * @public
 */
export const KRATIX_REQUEST_RESOURCE_TYPE = 'kratix-request';

/**
 * The resource ref of a resource request in permission checks (for example the
 * `resourceRef` of `usePermission`): `<platform>:<namespace>/<promise>/<name>`. Platform
 * names have no `:`, and namespaces, Promise and request names no `/`.
 *
 * @public
 */
export function kratixRequestResourceRef(request: {
  platform: string;
  namespace: string;
  promise: string;
  name: string;
}): string {
  return `${request.platform}:${request.namespace}/${request.promise}/${request.name}`;
}

/**
 * Reads a resource ref made by {@link kratixRequestResourceRef}; undefined when it is not one.
 *
 * @public
 */
export function parseKratixRequestResourceRef(
  ref: string,
):
  | { platform: string; namespace: string; promise: string; name: string }
  | undefined {
  const match = /^([^:/]+):([^/]+)\/([^/]+)\/([^/]+)$/.exec(ref);
  if (!match) return undefined;
  const [, platform, namespace, promise, name] = match;
  return { platform, namespace, promise, name };
}

/**
 * Read Promises, Destinations, platforms and the overview: everything but the requests
 * themselves, which {@link kratixRequestReadPermission} decides one by one.
 *
 * @public
 */
export const kratixReadPermission = createPermission({
  name: 'kratix.resource.read',
  attributes: { action: 'read' },
});

/**
 * Which resource requests a caller sees: lists (requests, summary counts, a Promise's or a
 * Destination's requests) keep only these, and one request outside them is not found.
 * A policy can answer it with conditions (for example "their own requests").
 *
 * @public
 */
export const kratixRequestReadPermission = createPermission({
  name: 'kratix.request.read',
  attributes: { action: 'read' },
  resourceType: KRATIX_REQUEST_RESOURCE_TYPE,
});

/**
 * Read the container logs of pipeline stages. Separate from
 * {@link kratixReadPermission} because logs can hold more than status does. Checked on
 * the request whose pipeline the Pod ran (a Promise's pipeline logs need an
 * unconditional allow).
 *
 * @public
 */
export const kratixLogsReadPermission = createPermission({
  name: 'kratix.logs.read',
  attributes: { action: 'read' },
  resourceType: KRATIX_REQUEST_RESOURCE_TYPE,
});

/**
 * Re-run the workflows of a resource request or Promise (Kratix's
 * `kratix.io/manual-reconciliation` label). Checked on the request; on a Promise only
 * an unconditional allow allows.
 *
 * @public
 */
export const kratixRerunPermission = createPermission({
  name: 'kratix.resource.rerun',
  attributes: { action: 'update' },
  resourceType: KRATIX_REQUEST_RESOURCE_TYPE,
});

/**
 * Pause and resume the reconciliation of a resource request or Promise (Kratix's
 * `kratix.io/paused` label). Checked on the request; on a Promise only an
 * unconditional allow allows.
 *
 * @public
 */
export const kratixPausePermission = createPermission({
  name: 'kratix.resource.pause',
  attributes: { action: 'update' },
  resourceType: KRATIX_REQUEST_RESOURCE_TYPE,
});

/**
 * Delete a resource request (Kratix then runs its delete workflow).
 *
 * @public
 */
export const kratixDeletePermission = createPermission({
  name: 'kratix.resource.delete',
  attributes: { action: 'delete' },
  resourceType: KRATIX_REQUEST_RESOURCE_TYPE,
});

/**
 * Create a resource request of a Promise (for example from a scaffolder template).
 * Checked on the request about to be created (its platform, Promise, namespace, requester
 * and owner), so a policy can allow it in some namespaces only. Also guards previews.
 *
 * @public
 */
export const kratixCreatePermission = createPermission({
  name: 'kratix.resource.create',
  attributes: { action: 'create' },
  resourceType: KRATIX_REQUEST_RESOURCE_TYPE,
});

/**
 * Every permission the Kratix plugins define.
 *
 * @public
 */
export const kratixPermissions = [
  kratixReadPermission,
  kratixRequestReadPermission,
  kratixLogsReadPermission,
  kratixRerunPermission,
  kratixPausePermission,
  kratixDeletePermission,
  kratixCreatePermission,
];
