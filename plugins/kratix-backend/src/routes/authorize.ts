import type {
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  type BasicPermission,
} from '@backstage/plugin-permission-common';
import type { Request } from 'express';
import { callerOf } from '../access/types';

/**
 * Checks one permission for a request; answers its credentials or throws 403.
 *
 * @public
 */
export type Authorize = (
  req: Request,
  permission: BasicPermission,
) => Promise<BackstageCredentials>;

/** The permission check every route runs. */
export function createAuthorize(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
}): Authorize {
  return async (req, permission) => {
    const credentials = await options.httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const [decision] = await options.permissions.authorize([{ permission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`Missing permission ${permission.name}`);
    }
    return credentials;
  };
}

/** Who a request runs as: a user entity ref, or the calling service. */
export function actorOf(credentials: BackstageCredentials): string {
  return callerOf(credentials).actor;
}
