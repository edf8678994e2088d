import { kratixReadPermission } from '@kratix-backstage/plugin-kratix-common';
import type Router from 'express-promise-router';
import type { RouteOptions } from './types';
import { params, parse, queries } from './validation';

const REQUEST = '/platforms/:platform/requests/:namespace/:promise/:name';
const PROMISE = '/platforms/:platform/promises/:promise';

/**
 * Read routes: platforms, Promises, requests, pipeline runs and placement. Each needs
 * kratix.resource.read; the requests are those the caller may read (kratix.request.read,
 * on each request): lists keep only them, and one outside them is not found.
 */
export function registerReadRoutes(
  router: ReturnType<typeof Router>,
  options: RouteOptions,
) {
  const { services, authorize } = options;

  router.get('/platforms', async (req, res) => {
    parse(queries.none, req.query, 'query');
    await authorize(req, kratixReadPermission);
    res.json({ items: services.platforms.list(), errors: [] });
  });

  router.get('/promises', async (req, res) => {
    const query = parse(queries.promises, req.query, 'query');
    await authorize(req, kratixReadPermission);
    res.json(await services.promises.list(query));
  });

  // Before any route that could take `summary` for a path parameter.
  router.get('/requests/summary', async (req, res) => {
    const query = parse(queries.requests, req.query, 'query');
    const credentials = await authorize(req, kratixReadPermission);
    res.json(await services.requests.summary(query, credentials));
  });

  router.get('/requests', async (req, res) => {
    const query = parse(queries.requestPage, req.query, 'query');
    const credentials = await authorize(req, kratixReadPermission);
    const { platform, namespace, ...paging } = query;
    const paged = Object.values(paging).some(v => v !== undefined);
    res.json(
      paged
        ? await services.requests.listPage(query, credentials)
        : await services.requests.listAll({ platform, namespace }, credentials),
    );
  });

  router.get('/platforms/:platform/promises', async (req, res) => {
    const { platform } = parse(params.platform, req.params, 'path');
    parse(queries.none, req.query, 'query');
    await authorize(req, kratixReadPermission);
    res.json(await services.promises.list({ platform }));
  });

  router.get(PROMISE, async (req, res) => {
    const p = parse(params.promise, req.params, 'path');
    parse(queries.none, req.query, 'query');
    await authorize(req, kratixReadPermission);
    res.json(await services.promises.get(p.platform, p.promise));
  });

  router.get(`${PROMISE}/requests`, async (req, res) => {
    const p = parse(params.promise, req.params, 'path');
    const { namespace } = parse(queries.namespace, req.query, 'query');
    const credentials = await authorize(req, kratixReadPermission);
    res.json(
      await services.requests.listForPromise(
        p.platform,
        p.promise,
        namespace,
        credentials,
      ),
    );
  });

  router.get(`${PROMISE}/runs`, async (req, res) => {
    const p = parse(params.promise, req.params, 'path');
    parse(queries.none, req.query, 'query');
    await authorize(req, kratixReadPermission);
    res.json(await services.runs.forPromise(p.platform, p.promise));
  });

  router.get(`${PROMISE}/placement`, async (req, res) => {
    const p = parse(params.promise, req.params, 'path');
    const { content } = parse(queries.placement, req.query, 'query');
    await authorize(req, kratixReadPermission);
    res.json(
      await services.placement.forPromise(p.platform, p.promise, {
        includeContent: content,
      }),
    );
  });

  router.get(REQUEST, async (req, res) => {
    const r = parse(params.request, req.params, 'path');
    parse(queries.none, req.query, 'query');
    const credentials = await authorize(req, kratixReadPermission);
    res.json(
      await services.requests.get(
        r.platform,
        r.namespace,
        r.promise,
        r.name,
        credentials,
      ),
    );
  });

  router.get(`${REQUEST}/runs`, async (req, res) => {
    const r = parse(params.request, req.params, 'path');
    parse(queries.none, req.query, 'query');
    const credentials = await authorize(req, kratixReadPermission);
    res.json(
      await services.runs.forRequest(
        r.platform,
        r.namespace,
        r.promise,
        r.name,
        credentials,
      ),
    );
  });

  router.get(`${REQUEST}/placement`, async (req, res) => {
    const r = parse(params.request, req.params, 'path');
    const { content } = parse(queries.placement, req.query, 'query');
    const credentials = await authorize(req, kratixReadPermission);
    res.json(
      await services.placement.forRequest(
        r.platform,
        r.namespace,
        r.promise,
        r.name,
        { includeContent: content },
        credentials,
      ),
    );
  });
}
