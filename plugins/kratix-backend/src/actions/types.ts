import type {
  AuditorService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import type { KratixAccess } from '../access/KratixAccess';
import type { KratixServices } from '../services';

/**
 * What the Kratix actions need: the same services and permission checks the REST API
 * uses, so an agent can do exactly what its user could do in the app.
 *
 * @public
 */
export interface KratixActionsOptions {
  actionsRegistry: ActionsRegistryService;
  services: KratixServices;
  access: KratixAccess;
  auditor: AuditorService;
  logger: LoggerService;
}
