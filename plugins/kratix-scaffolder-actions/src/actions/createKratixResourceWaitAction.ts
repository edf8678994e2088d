import type {
  AuthService,
  DiscoveryService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { KratixCondition } from '@kratix-backstage/plugin-kratix-common';
import { KratixBackendClient } from '../lib/KratixBackendClient';
import { resolveTarget } from '../lib/resolveTarget';
import { followDelivery } from '../lib/followDelivery';
import { requestUrl } from '../lib/requestUrl';
import { asTaskError } from '../lib/taskError';
import { waitForRequest } from '../lib/waitForRequest';
import { examples } from './createKratixResourceWaitAction.examples';
import * as inputs from './inputProperties';

/**
 * `kratix:resource:wait`: follows a resource request (through the Kratix backend's
 * event stream, fed by its watch caches) until its configure workflow completed and
 * its Works are ready, it failed, or the timeout passed. Logs each pipeline stage.
 *
 * @public
 */
export function createKratixResourceWaitAction(options: {
  discovery: DiscoveryService;
  auth: AuthService;
  catalog: CatalogService;
  /** For links to the request's page in the task log (`app.baseUrl`). */
  config?: RootConfigService;
}) {
  const client = new KratixBackendClient(options);
  return createTemplateAction({
    id: 'kratix:resource:wait',
    description:
      "Waits until a Kratix resource request's configure workflow completes, its Works are ready and (unless waitFor is 'platform') the workers' Flux applied them; fails with the failing stage, or the worker and Flux's message, named",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        platform: inputs.platform,
        promise: inputs.promise,
        name: inputs.name,
        namespace: inputs.namespace,
        timeoutSeconds: z =>
          z
            .number({ description: 'How long to wait, in seconds' })
            .int()
            .positive()
            .max(24 * 3600)
            .default(600),
        waitFor: z =>
          z
            .enum(['worker', 'platform'], {
              description:
                "'worker' (default): also wait for the worker clusters' Flux to apply the request's output, and fail naming the worker and Flux's message when it refuses it. 'platform': only for Kratix (configure workflow completed, Works ready)",
            })
            .default('worker'),
        workerTimeoutSeconds: z =>
          z
            .number({
              description:
                "Then how long to wait for the worker clusters' Flux to apply (or refuse) the request's output; 0 does not wait. Included in timeoutSeconds",
            })
            .int()
            .min(0)
            .max(3600)
            .default(120),
      },
      output: {
        message: z =>
          z.string({ description: "The request's final status message" }),
        conditions: z =>
          z.array(
            z.object({
              type: z.string(),
              status: z.string(),
              reason: z.string().optional(),
              message: z.string().optional(),
              lastTransitionTime: z.string().optional(),
            }),
            { description: "The request's final conditions" },
          ),
        succeeded: z =>
          z.boolean({
            description:
              'True when the configure workflow completed and the Works are ready',
          }),
        appliedOn: z =>
          z.array(z.string(), {
            description:
              "Destinations whose worker clusters' Flux confirmed it applied the request's output",
          }),
        url: z =>
          z.string({ description: "The request's page in the catalog" }),
      },
    },
    async handler(ctx) {
      const { name } = ctx.input;
      const namespace = ctx.input.namespace ?? 'default';
      const timeoutSeconds = ctx.input.timeoutSeconds ?? 600;
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would wait up to ${timeoutSeconds}s for request ${namespace}/${name}`,
        );
        ctx.output('message', 'Dry run: not waited for');
        ctx.output('conditions', []);
        ctx.output('succeeded', true);
        ctx.output('appliedOn', []);
        return;
      }
      const credentials = await ctx.getInitiatorCredentials();
      const target = await resolveTarget(ctx.input, {
        client,
        catalog: options.catalog,
        credentials,
      }).catch(error => {
        throw asTaskError(error);
      });
      const request = { ...target, name, namespace };
      const url = requestUrl(options.config, request);
      const what = `${target.promise} request ${namespace}/${name}`;
      const started = Date.now();
      let result;
      try {
        result = await waitForRequest(
          client.requestEvents.bind(client, credentials),
          request,
          {
            timeoutMs: timeoutSeconds * 1000,
            logger: ctx.logger,
            signal: ctx.signal,
          },
        );
      } catch (error) {
        throw asTaskError(error, `See ${url} for its stages and their logs.`);
      }
      ctx.output('message', result.message);
      ctx.output('conditions', result.conditions as KratixCondition[]);
      ctx.output('succeeded', result.succeeded);
      ctx.output('url', url);
      ctx.logger.info(
        `Kratix finished the ${what}: ${
          result.message || 'configure workflow completed'
        }`,
      );

      const workerMs =
        (ctx.input.waitFor ?? 'worker') === 'platform'
          ? 0
          : Math.min(
              (ctx.input.workerTimeoutSeconds ?? 120) * 1000,
              timeoutSeconds * 1000 - (Date.now() - started),
            );
      let delivery = { applied: [] as string[], unconfirmed: [] as string[] };
      if (workerMs > 0) {
        delivery = await followDelivery(
          {
            placement: t => client.getRequestPlacement(credentials, t),
            health: (p, d) => client.getDestinationHealth(credentials, p, d),
          },
          request,
          {
            timeoutMs: workerMs,
            logger: ctx.logger,
            signal: ctx.signal,
            requestUrl: url,
          },
        ).catch(error => {
          throw asTaskError(error, `See ${url}`);
        });
      }
      ctx.output('appliedOn', delivery.applied);
      const where = delivery.applied.length
        ? `applied on ${delivery.applied.join(', ')}`
        : 'written to the state store';
      const open = delivery.unconfirmed.length
        ? ` (not confirmed by the workers of ${delivery.unconfirmed.join(
            ', ',
          )})`
        : '';
      ctx.logger.info(`Done: the ${what} is ${where}${open}. Its page: ${url}`);
    },
  });
}
