import type {
  AuditorService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';
import type { KratixPlatforms } from '@kratix-backstage/plugin-kratix-node';
import { createAuthorize } from './routes/authorize';
import { registerCreateRequestRoutes } from './routes/createRequestRoutes';
import { registerDestinationRoutes } from './routes/destinationRoutes';
import { registerLogRoutes } from './routes/logRoutes';
import { registerOperationRoutes } from './routes/operationRoutes';
import { registerReadRoutes } from './routes/readRoutes';
import { registerRequestEventsRoutes } from './routes/requestEventsRoutes';
import { createKratixServices } from './services';
import type { LogArchive } from './logArchive';

/** @internal */
export interface RouterOptions {
  logger: LoggerService;
  platforms: KratixPlatforms;
  permissions: PermissionsService;
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  logArchive?: LogArchive;
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

  const routeOptions = {
    services: createKratixServices(options.platforms, {
      logArchive: options.logArchive,
    }),
    authorize: createAuthorize(options),
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
