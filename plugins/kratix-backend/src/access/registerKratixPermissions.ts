import type {
  PermissionsRegistryService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { isResourcePermission } from '@backstage/plugin-permission-common';
import { kratixPermissions } from '@kratix-backstage/plugin-kratix-common';
import {
  type KratixPlatforms,
  kratixRequestPermissionResourceRef,
  kratixRequestPermissionRules,
} from '@kratix-backstage/plugin-kratix-node';
import {
  DefaultKratixAccess,
  loadKratixRequestResources,
} from './KratixAccess';

/**
 * Registers the Kratix permissions, the `kratix-request` resource type with its rules
 * and a loader of requests by resource ref (for conditional decisions the permission
 * backend resolves, such as `usePermission` with a `resourceRef`), and answers the
 * checks the routes, services and actions share: over the registered ruleset, so rules
 * other modules add for the resource type apply too.
 */
export function registerKratixPermissions(options: {
  permissionsRegistry: PermissionsRegistryService;
  permissions: PermissionsService;
  platforms: KratixPlatforms;
}): DefaultKratixAccess {
  const { permissionsRegistry, permissions, platforms } = options;
  permissionsRegistry.addPermissions(
    kratixPermissions.filter(p => !isResourcePermission(p)),
  );
  permissionsRegistry.addResourceType({
    resourceRef: kratixRequestPermissionResourceRef,
    permissions: kratixPermissions.filter(p => isResourcePermission(p)),
    rules: Object.values(kratixRequestPermissionRules),
    getResources: refs => loadKratixRequestResources(platforms, refs),
  });
  return new DefaultKratixAccess({
    permissions,
    platforms,
    ruleset: permissionsRegistry.getPermissionRuleset(
      kratixRequestPermissionResourceRef,
    ),
  });
}
