import type {
  AuditorService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { KratixServices } from '../services';
import type { Authorize } from './authorize';

/** What every route module needs. */
export interface RouteOptions {
  services: KratixServices;
  authorize: Authorize;
  auditor: AuditorService;
  logger: LoggerService;
}
