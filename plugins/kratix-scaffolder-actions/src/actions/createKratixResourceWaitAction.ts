import type {
  AuthService,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { KratixCondition } from '@kratix-backstage/plugin-kratix-common';
import { KratixBackendClient } from '../lib/KratixBackendClient';
import { resolveTarget } from '../lib/resolveTarget';
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
}) {
  const client = new KratixBackendClient(options);
  return createTemplateAction({
    id: 'kratix:resource:wait',
    description:
      "Waits until a Kratix resource request's configure workflow completes and its Works are ready; fails with the failing stage named",
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
        return;
      }
      const credentials = await ctx.getInitiatorCredentials();
      const target = await resolveTarget(ctx.input, {
        client,
        catalog: options.catalog,
        credentials,
      });
      const result = await waitForRequest(
        client.requestEvents.bind(client, credentials),
        { ...target, name, namespace },
        {
          timeoutMs: timeoutSeconds * 1000,
          logger: ctx.logger,
          signal: ctx.signal,
        },
      );
      ctx.output('message', result.message);
      ctx.output('conditions', result.conditions as KratixCondition[]);
      ctx.output('succeeded', result.succeeded);
    },
  });
}
