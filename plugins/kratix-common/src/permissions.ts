import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Read Promises, resource requests, pipeline runs, Works and Destinations.
 *
 * @public
 */
export const kratixReadPermission = createPermission({
  name: 'kratix.resource.read',
  attributes: { action: 'read' },
});

/**
 * Read the container logs of pipeline stages. Separate from
 * {@link kratixReadPermission} because logs can hold more than status does.
 *
 * @public
 */
export const kratixLogsReadPermission = createPermission({
  name: 'kratix.logs.read',
  attributes: { action: 'read' },
});

/**
 * Re-run the workflows of a resource request or Promise (Kratix's
 * `kratix.io/manual-reconciliation` label).
 *
 * @public
 */
export const kratixRerunPermission = createPermission({
  name: 'kratix.resource.rerun',
  attributes: { action: 'update' },
});

/**
 * Pause and resume the reconciliation of a resource request or Promise (Kratix's
 * `kratix.io/paused` label).
 *
 * @public
 */
export const kratixPausePermission = createPermission({
  name: 'kratix.resource.pause',
  attributes: { action: 'update' },
});

/**
 * Delete a resource request (Kratix then runs its delete workflow).
 *
 * @public
 */
export const kratixDeletePermission = createPermission({
  name: 'kratix.resource.delete',
  attributes: { action: 'delete' },
});

/**
 * Create a resource request of a Promise (for example from a scaffolder template).
 *
 * @public
 */
export const kratixCreatePermission = createPermission({
  name: 'kratix.resource.create',
  attributes: { action: 'create' },
});

/**
 * Every permission the Kratix plugins define.
 *
 * @public
 */
export const kratixPermissions = [
  kratixReadPermission,
  kratixLogsReadPermission,
  kratixRerunPermission,
  kratixPausePermission,
  kratixDeletePermission,
  kratixCreatePermission,
];
