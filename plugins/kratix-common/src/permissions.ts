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
 * Every permission the Kratix plugins define.
 *
 * @public
 */
export const kratixPermissions = [
  kratixReadPermission,
  kratixLogsReadPermission,
];
