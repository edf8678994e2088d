import type { Request } from 'express';
import type Router from 'express-promise-router';
import type { OperationTarget } from '../services';
import { type KratixCaller, callerOf } from '../access/types';
import type { RouteOptions } from './types';
import { params, parse, queries } from './validation';

type Operation = 'rerun' | 'pause' | 'resume' | 'resume-workflow';

const EVENT_IDS: Record<Operation | 'delete', string> = {
  rerun: 'workflow-rerun',
  pause: 'reconciliation-pause',
  resume: 'reconciliation-resume',
  'resume-workflow': 'workflow-resume',
  delete: 'request-delete',
};

/**
 * Operations: re-run, pause, resume, resume a suspended workflow (requests and
 * Promises) and delete (requests). Each has its permission, which the operation service
 * checks on the request (a Promise needs an unconditional allow), and is audited with
 * who ran it, also when it is refused.
 */
export function registerOperationRoutes(
  router: ReturnType<typeof Router>,
  options: RouteOptions,
) {
  const { services, credentials, auditor, logger } = options;

  async function audited<T>(
    req: Request,
    operation: Operation | 'delete',
    target: OperationTarget,
    run: (caller: KratixCaller) => Promise<T>,
  ): Promise<T> {
    const caller = callerOf(await credentials(req));
    const actor = caller.actor;
    const meta = { operation, actor, ...target };
    const event = await auditor.createEvent({
      eventId: EVENT_IDS[operation],
      severityLevel: 'medium',
      request: req,
      meta,
    });
    try {
      const result = await run(caller);
      await event.success({ meta });
      logger.info(`Kratix ${operation} by ${actor}`, meta);
      return result;
    } catch (error) {
      await event.fail({ error: error as Error, meta });
      throw error;
    }
  }

  for (const operation of [
    'rerun',
    'pause',
    'resume',
    'resume-workflow',
  ] as const) {
    router.post(
      `/platforms/:platform/promises/:promise/${operation}`,
      async (req, res) => {
        const p = parse(params.promise, req.params, 'path');
        parse(queries.none, req.query, 'query');
        const target: OperationTarget = {
          kind: 'promise',
          platform: p.platform,
          name: p.promise,
        };
        res.json(
          await audited(req, operation, target, caller =>
            services.operations.run(operation, target, caller),
          ),
        );
      },
    );

    router.post(
      `/platforms/:platform/requests/:namespace/:promise/:name/${operation}`,
      async (req, res) => {
        const r = parse(params.request, req.params, 'path');
        parse(queries.none, req.query, 'query');
        const target: OperationTarget = { kind: 'request', ...r };
        res.json(
          await audited(req, operation, target, caller =>
            services.operations.run(operation, target, caller),
          ),
        );
      },
    );
  }

  router.delete(
    '/platforms/:platform/requests/:namespace/:promise/:name',
    async (req, res) => {
      const r = parse(params.request, req.params, 'path');
      parse(queries.none, req.query, 'query');
      const target = { kind: 'request' as const, ...r };
      res
        .status(202)
        .json(
          await audited(req, 'delete', target, caller =>
            services.operations.deleteRequest(target, caller),
          ),
        );
    },
  );
}
