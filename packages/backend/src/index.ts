import {
  createBackend,
  discoveryFeatureLoader,
} from '@backstage/backend-defaults';
import { kratixExamplePermissionPolicy } from './permissionPolicy';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

backend.add(import('@backstage/plugin-events-backend'));

backend.add(import('@backstage/plugin-permission-backend'));
// The example policy: everything allowed, unless kratix.permissionPolicy.platformTeam
// names the platform team; then everyone else acts on their own Kratix requests only
// (docs/permissions.md).
backend.add(kratixExamplePermissionPolicy);

backend.add(import('@backstage/plugin-scaffolder-backend'));

backend.add(import('@backstage/plugin-signals-backend'));
// Notifications (the bell): Kratix tells requesters when their requests are configured
// or fail (kratix.notifications).
backend.add(import('@backstage/plugin-notifications-backend'));

// MCP: the actions plugins register (Kratix's, see backend.actions.pluginSources) served
// as MCP tools at /api/mcp-actions/v1 (plugins/kratix-backend/README.md#actions-for-agents-mcp).
backend.add(import('@backstage/plugin-mcp-actions-backend'));

backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));

// Kratix: the backend plugin (REST API, platforms), the catalog module, the scaffolder
// actions and the demo platform, found by feature discovery from this package's
// dependencies (backend.packages in app-config.yaml). Apps made with create-app add
// them with backend.add(import(...)) instead, as the plugins' READMEs say; CI runs both.
backend.add(discoveryFeatureLoader);

backend.start();
