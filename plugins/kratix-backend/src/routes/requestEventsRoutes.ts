import { kratixReadPermission } from '@kratix-backstage/plugin-kratix-common';
import type Router from 'express-promise-router';
import type { RouteOptions } from './types';
import { params, parse, queries } from './validation';

/**
 * `GET /platforms/:platform/requests/:namespace/:promise/:name/events`: the request's
 * status changes and pipeline stage transitions, as newline-delimited JSON
 * (`application/x-ndjson`), from the shared watch caches. Starts with the current
 * state; ends when the client goes away or the request is deleted. A request the caller
 * may not read (kratix.request.read) is not found.
 */
export function registerRequestEventsRoutes(
  router: ReturnType<typeof Router>,
  options: RouteOptions,
) {
  const { services, authorize } = options;

  router.get(
    '/platforms/:platform/requests/:namespace/:promise/:name/events',
    async (req, res) => {
      const target = parse(params.request, req.params, 'path');
      parse(queries.none, req.query, 'query');
      const credentials = await authorize(req, kratixReadPermission);

      let started = false;
      const start = () => {
        if (started) return;
        started = true;
        res.status(200);
        res.setHeader('Content-Type', 'application/x-ndjson; charset=utf-8');
        // no-transform keeps compression from buffering the stream.
        res.setHeader('Cache-Control', 'no-cache, no-transform');
        res.flushHeaders();
      };
      const stop = await services.events.follow(
        target,
        event => {
          start();
          res.write(`${JSON.stringify(event)}\n`);
        },
        () => res.end(),
        credentials,
      );
      start();
      req.on('close', stop);
      res.on('close', stop);
    },
  );
}
