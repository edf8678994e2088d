import type Router from 'express-promise-router';
import { z } from 'zod';
import { callerOf } from '../access/types';
import type { RouteOptions } from './types';
import { dnsLabel, dnsSubdomain, params, parse, queries } from './validation';

const stringMap = z.record(z.string(), z.string());

const requestFields = {
  name: dnsSubdomain,
  namespace: dnsLabel.default('default'),
  spec: z.record(z.string(), z.unknown()).default({}),
  labels: stringMap.optional(),
  annotations: stringMap.optional(),
  /** Who owns the request (an entity ref); default: the requester. */
  owner: z.string().min(1).max(253).optional(),
};

const body = z
  .object({ ...requestFields, updateExisting: z.boolean().optional() })
  .strict();

const previewBody = z.object(requestFields).strict();

const query = z
  .object({
    dryRun: z
      .enum(['true', 'false'], { message: 'must be true or false' })
      .transform(v => v === 'true')
      .optional(),
  })
  .strict();

/**
 * `POST /platforms/:platform/promises/:promise/requests`: creates a resource request of
 * a Promise as the calling user, who is recorded on it (and its owner). Audited.
 *
 * `POST /platforms/:platform/promises/:promise/requests/preview`: what the request would
 * do (Kratix's DryRun, else a server-side dry run); nothing is kept. Audited.
 *
 * Both need kratix.resource.create on the request about to be created, checked by the
 * creation service; a refusal is audited too.
 */
export function registerCreateRequestRoutes(
  router: ReturnType<typeof Router>,
  options: RouteOptions,
) {
  const { services, credentials, auditor, logger } = options;

  router.post(
    '/platforms/:platform/promises/:promise/requests',
    async (req, res) => {
      const p = parse(params.promise, req.params, 'path');
      const { dryRun } = parse(query, req.query, 'query');
      const input = parse(body, req.body ?? {}, 'body');
      const caller = callerOf(await credentials(req));
      const actor = caller.actor;
      const meta = {
        operation: 'create',
        actor,
        platform: p.platform,
        promise: p.promise,
        namespace: input.namespace,
        name: input.name,
        ...(input.owner ? { owner: input.owner } : {}),
        dryRun: Boolean(dryRun),
        updateExisting: Boolean(input.updateExisting),
      };
      const event = await auditor.createEvent({
        eventId: 'request-create',
        severityLevel: dryRun ? 'low' : 'medium',
        request: req,
        meta,
      });
      try {
        const created = await services.creation.create(
          { ...input, platform: p.platform, promise: p.promise, dryRun },
          caller,
        );
        await event.success({ meta });
        if (!dryRun) logger.info(`Kratix request created by ${actor}`, meta);
        const { object: _object, ...result } = created;
        res.status(dryRun || created.updated ? 200 : 201).json(result);
      } catch (error) {
        await event.fail({ error: error as Error, meta });
        throw error;
      }
    },
  );

  router.post(
    '/platforms/:platform/promises/:promise/requests/preview',
    async (req, res) => {
      const p = parse(params.promise, req.params, 'path');
      parse(queries.none, req.query, 'query');
      const input = parse(previewBody, req.body ?? {}, 'body');
      const caller = callerOf(await credentials(req));
      const actor = caller.actor;
      const meta = {
        operation: 'preview',
        actor,
        platform: p.platform,
        promise: p.promise,
        namespace: input.namespace,
        name: input.name,
      };
      const event = await auditor.createEvent({
        eventId: 'request-preview',
        severityLevel: 'low',
        request: req,
        meta,
      });
      try {
        const preview = await services.preview.preview(
          { ...input, platform: p.platform, promise: p.promise },
          caller,
        );
        const outcome = {
          ...meta,
          method: preview.method,
          ...(preview.dryRun ? { dryRun: preview.dryRun.state } : {}),
        };
        await event.success({ meta: outcome });
        res.json(preview);
      } catch (error) {
        await event.fail({ error: error as Error, meta });
        throw error;
      }
    },
  );
}
