import type {
  AuditorService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { KratixServices } from '../services';
import type { Authorize, Credentials } from './authorize';

/** What every route module needs. */
export interface RouteOptions {
  services: KratixServices;
  /** Basic permissions (kratix.resource.read); answers the credentials. */
  authorize: Authorize;
  /** The caller's credentials, for the services' checks on each request. */
  credentials: Credentials;
  auditor: AuditorService;
  logger: LoggerService;
}
