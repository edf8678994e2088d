import { kratixReadPermission } from '@kratix-backstage/plugin-kratix-common';
import type Router from 'express-promise-router';
import type { RouteOptions } from './types';
import { params, parse, queries } from './validation';

/**
 * Destinations and the health of the worker clusters serving them.
 */
export function registerDestinationRoutes(
  router: ReturnType<typeof Router>,
  options: RouteOptions,
) {
  const { services, authorize } = options;

  router.get('/platforms/:platform/destinations', async (req, res) => {
    const { platform } = parse(params.platform, req.params, 'path');
    parse(queries.none, req.query, 'query');
    await authorize(req, kratixReadPermission);
    res.json(await services.destinations.list(platform));
  });

  router.get(
    '/platforms/:platform/destinations/:destination',
    async (req, res) => {
      const d = parse(params.destination, req.params, 'path');
      parse(queries.none, req.query, 'query');
      await authorize(req, kratixReadPermission);
      res.json(await services.destinations.get(d.platform, d.destination));
    },
  );

  // The requests placed on the Destination, computed from the watch caches in one
  // pass: those the caller may read (kratix.request.read), as on the other list routes.
  router.get(
    '/platforms/:platform/destinations/:destination/requests',
    async (req, res) => {
      const d = parse(params.destination, req.params, 'path');
      parse(queries.none, req.query, 'query');
      const credentials = await authorize(req, kratixReadPermission);
      res.json(
        await services.destinations.requests(
          d.platform,
          d.destination,
          credentials,
        ),
      );
    },
  );

  router.get(
    '/platforms/:platform/destinations/:destination/health',
    async (req, res) => {
      const d = parse(params.destination, req.params, 'path');
      parse(queries.none, req.query, 'query');
      await authorize(req, kratixReadPermission);
      res.json(await services.destinations.health(d.platform, d.destination));
    },
  );
}
