import { pipeline } from 'node:stream/promises';
import type Router from 'express-promise-router';
import type { RouteOptions } from './types';
import { params, parse, queries } from './validation';

/**
 * The log of one pipeline stage: plain text (chunked while following), a download, or a
 * typed "logs unavailable" answer. kratix.logs.read is checked on the request the Pod ran
 * for (by the log service); the attempt is audited, also when it is refused.
 */
export function registerLogRoutes(
  router: ReturnType<typeof Router>,
  options: RouteOptions,
) {
  const { services, credentials: credentialsOf, auditor } = options;

  router.get(
    '/platforms/:platform/pods/:namespace/:pod/logs/:container',
    async (req, res) => {
      const p = parse(params.logs, req.params, 'path');
      const q = parse(queries.logs, req.query, 'query');
      const credentials = await credentialsOf(req);
      const event = await auditor.createEvent({
        eventId: 'logs-read',
        severityLevel: 'low',
        request: req,
        meta: {
          ...p,
          follow: Boolean(q.follow),
          download: Boolean(q.download),
        },
      });

      const controller = new AbortController();
      res.on('close', () => controller.abort());
      let log;
      try {
        log = await services.logs.read(
          p.platform,
          p.namespace,
          p.pod,
          p.container,
          {
            tailLines: q.tailLines,
            sinceSeconds: q.sinceSeconds,
            limitBytes: q.limitBytes,
            follow: q.follow,
            signal: controller.signal,
          },
          credentials,
        );
      } catch (error) {
        await event.fail({ error: error as Error });
        throw error;
      }
      if ('logsUnavailable' in log) {
        await event.success({ meta: { logsUnavailable: log.reason } });
        res.json(log);
        return;
      }

      await event.success(
        log.archived ? { meta: { archivedAt: log.archived.archivedAt } } : {},
      );
      res.status(200);
      res.setHeader('Content-Type', 'text/plain; charset=utf-8');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      // no-transform keeps compression from buffering a followed stream.
      res.setHeader('Cache-Control', 'no-cache, no-transform');
      if (q.download) {
        res.setHeader(
          'Content-Disposition',
          `attachment; filename="${p.pod}_${p.container}.log"`,
        );
      }
      if (log.archived) {
        // The Pod is gone: the log comes from the archive (a followed log just ends).
        res.setHeader('X-Kratix-Log-Source', 'archive');
        res.setHeader('X-Kratix-Log-Archived-At', log.archived.archivedAt);
        if (log.archived.cutBytes > 0) {
          res.setHeader(
            'X-Kratix-Log-Archive-Cut-Bytes',
            String(log.archived.cutBytes),
          );
        }
      }
      res.setHeader(
        'Access-Control-Expose-Headers',
        'Content-Disposition, X-Kratix-Log-Source, X-Kratix-Log-Archived-At, X-Kratix-Log-Archive-Cut-Bytes',
      );
      if (q.follow) res.flushHeaders();
      try {
        await pipeline(log.stream, res);
      } catch {
        // The client went away, or the cluster ended the stream: nothing left to answer.
        if (!res.writableEnded) res.end();
      }
    },
  );
}
