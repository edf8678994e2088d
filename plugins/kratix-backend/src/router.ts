import type {
  AuditorService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';
import type { KratixPlatforms } from '@kratix-backstage/plugin-kratix-node';
import { createAuthorize, createCredentials } from './routes/authorize';
import { registerCreateRequestRoutes } from './routes/createRequestRoutes';
import { registerDestinationRoutes } from './routes/destinationRoutes';
import { registerLogRoutes } from './routes/logRoutes';
import { registerOperationRoutes } from './routes/operationRoutes';
import { registerReadRoutes } from './routes/readRoutes';
import { registerRequestEventsRoutes } from './routes/requestEventsRoutes';
import { createKratixServices, type KratixServices } from './services';
import type { LogArchive } from './logArchive';
import type { KratixWriteIdentity } from './identity/KratixWriteIdentity';
import {
  DefaultKratixAccess,
  type KratixAccessChecks,
} from './access/KratixAccess';

/** @internal */
export interface RouterOptions {
  logger: LoggerService;
  platforms: KratixPlatforms;
  permissions: PermissionsService;
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  logArchive?: LogArchive;
  /** The permission checks (default: over `permissions`, with the built-in rules). */
  access?: KratixAccessChecks;
  /** The services the routes serve (default: built over `platforms` with `access`). */
  services?: KratixServices;
  /** Who writes reach platforms as (needed by platforms with `writeAs: user`). */
  identity?: KratixWriteIdentity;
}

/** @internal */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const router = Router();
  router.use(express.json());

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  const access =
    options.access ??
    new DefaultKratixAccess({
      permissions: options.permissions,
      platforms: options.platforms,
    });
  const credentials = createCredentials(options);
  const routeOptions = {
    services:
      options.services ??
      createKratixServices(options.platforms, {
        logArchive: options.logArchive,
        access,
        identity: options.identity,
      }),
    authorize: createAuthorize({ credentials, access }),
    credentials,
    auditor: options.auditor,
    logger: options.logger,
  };
  registerReadRoutes(router, routeOptions);
  registerDestinationRoutes(router, routeOptions);
  registerLogRoutes(router, routeOptions);
  registerOperationRoutes(router, routeOptions);
  registerCreateRequestRoutes(router, routeOptions);
  registerRequestEventsRoutes(router, routeOptions);
  return router;
}
