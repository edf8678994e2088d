import type {
  AuthService,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  type CreateResourceRequestResult,
  requestEntityName,
} from '@kratix-backstage/plugin-kratix-common';
import { KratixBackendClient } from '../lib/KratixBackendClient';
import { resolveTarget } from '../lib/resolveTarget';
import { asTaskError } from '../lib/taskError';
import { examples } from './createKratixResourceCreateAction.examples';
import * as inputs from './inputProperties';

/**
 * `kratix:resource:create`: creates a resource request of a Promise through the Kratix
 * backend plugin, as the user who started the task (recorded on the request).
 *
 * @public
 */
export function createKratixResourceCreateAction(options: {
  discovery: DiscoveryService;
  auth: AuthService;
  catalog: CatalogService;
}) {
  const client = new KratixBackendClient(options);
  return createTemplateAction({
    id: 'kratix:resource:create',
    description:
      "Creates a Kratix resource request of a Promise on its platform, as the task's initiator; the spec is checked against the Promise's schema first",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        platform: inputs.platform,
        promise: inputs.promise,
        name: inputs.name,
        namespace: inputs.namespace,
        spec: inputs.spec,
        labels: inputs.labels,
        annotations: inputs.annotations,
        dryRun: z =>
          z
            .boolean({
              description:
                'Only ask the API server to validate and admit the request (server-side dry run); nothing is stored',
            })
            .default(false),
        updateExisting: z =>
          z
            .boolean({
              description:
                'Update the request when one of that name exists, instead of failing',
            })
            .default(false),
      },
      output: {
        name: z => z.string({ description: 'Name of the request' }),
        namespace: z => z.string({ description: 'Namespace of the request' }),
        kind: z => z.string({ description: 'Kind of the request' }),
        apiVersion: z =>
          z.string({ description: 'API version of the request' }),
        platform: z => z.string({ description: 'Platform it was created on' }),
        entityRef: z =>
          z.string({
            description: 'Ref of the catalog entity the request will have',
          }),
        url: z =>
          z.string({ description: "Path of the request's catalog page" }),
      },
    },
    async handler(ctx) {
      try {
        const credentials = await ctx.getInitiatorCredentials();
        const { platform, promise } = await resolveTarget(ctx.input, {
          client,
          catalog: options.catalog,
          credentials,
        });
        const { name } = ctx.input;
        const namespace = ctx.input.namespace ?? 'default';
        const body = {
          name,
          namespace,
          spec: ctx.input.spec,
          labels: ctx.input.labels,
          annotations: ctx.input.annotations,
          updateExisting: ctx.input.updateExisting,
        };
        const where = `${promise} request ${namespace}/${name} on platform ${platform}`;

        let result: CreateResourceRequestResult;
        if (ctx.isDryRun || ctx.input.dryRun) {
          // A template dry run has no side effects; the server-side dry run has none either
          // and still checks the spec, the name and the permissions.
          result = await client.createRequest(
            credentials,
            { platform, promise, dryRun: true },
            body,
          );
          ctx.logger.info(`Dry run: the API server would admit the ${where}`);
        } else {
          // The stored checkpoint answers a retried task, which then does not create twice.
          result = (await ctx.checkpoint<Record<string, string | boolean>>({
            key: `kratix.resource.create.${platform}.${namespace}.${promise}.${name}`,
            fn: async () => ({
              ...(await client.createRequest(
                credentials,
                { platform, promise },
                body,
              )),
            }),
          })) as unknown as CreateResourceRequestResult;
          ctx.logger.info(
            `${result.updated ? 'Updated' : 'Created'} the ${where} (${
              result.kind
            }), requested by ${result.requester}`,
          );
        }

        const entityName =
          result.entityName ??
          requestEntityName(platform, namespace, promise, name);
        ctx.output('name', result.name);
        ctx.output('namespace', result.namespace);
        ctx.output('kind', result.kind);
        ctx.output('apiVersion', result.apiVersion);
        ctx.output('platform', result.platform);
        ctx.output('entityRef', `resource:default/${entityName}`);
        ctx.output('url', `/catalog/default/resource/${entityName}`);
      } catch (error) {
        // One line in the task log: what failed and why, not a stack trace.
        throw asTaskError(error);
      }
    },
  });
}
