import type {
  BackstageCredentials,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import type { BasicPermission } from '@backstage/plugin-permission-common';
import type { Request } from 'express';
import type { KratixAccess } from '../access/KratixAccess';
import { callerOf } from '../access/types';

/**
 * Checks one basic permission for a request; answers its credentials or throws 403.
 * Permissions on requests are checked by the services, on each request, with the
 * credentials from {@link Credentials}.
 *
 * @public
 */
export type Authorize = (
  req: Request,
  permission: BasicPermission,
) => Promise<BackstageCredentials>;

/** The credentials of an HTTP request (a user or a service). */
export type Credentials = (req: Request) => Promise<BackstageCredentials>;

/** The credentials of the request's caller: users and services. */
export function createCredentials(options: {
  httpAuth: HttpAuthService;
}): Credentials {
  return req =>
    options.httpAuth.credentials(req, { allow: ['user', 'service'] });
}

/** The basic permission check of the routes. */
export function createAuthorize(options: {
  credentials: Credentials;
  access: KratixAccess;
}): Authorize {
  return async (req, permission) => {
    const credentials = await options.credentials(req);
    await options.access.authorize(credentials, permission);
    return credentials;
  };
}

/** Who a request runs as: a user entity ref, or the calling service. */
export function actorOf(credentials: BackstageCredentials): string {
  return callerOf(credentials).actor;
}
