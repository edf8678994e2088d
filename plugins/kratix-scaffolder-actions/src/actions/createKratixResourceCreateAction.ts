import type {
  AuthService,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  type CreateResourceRequestResult,
  type RequestPreview,
  requestEntityName,
} from '@kratix-backstage/plugin-kratix-common';
import { KratixBackendClient } from '../lib/KratixBackendClient';
import { resolveTarget } from '../lib/resolveTarget';
import { asTaskError, taskError } from '../lib/taskError';
import { examples } from './createKratixResourceCreateAction.examples';
import * as inputs from './inputProperties';

/** One line per file: its path, and the pipeline and directory it comes from. */
function describeFile(file: RequestPreview['files'][number]): string {
  const from = [
    file.pipeline ? `pipeline ${file.pipeline}` : undefined,
    file.directory && file.directory !== '.'
      ? `directory ${file.directory}`
      : undefined,
  ].filter(Boolean);
  return `  ${file.path}${from.length ? ` (${from.join(', ')})` : ''}`;
}

/**
 * `kratix:resource:create`: creates a resource request of a Promise through the Kratix
 * backend plugin, as the user who started the task (recorded on the request). With
 * `dryRun: true` it asks for a preview instead: the files Kratix's DryRun says the
 * Promise's pipelines would write, or the API server's dry run where the platform
 * cannot run one.
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
      "Creates a Kratix resource request of a Promise on its platform, as the task's initiator; the spec is checked against the Promise's schema first. With dryRun it previews instead: the files the Promise's pipelines would write (Kratix's DryRun) or, where the platform cannot run one, the API server's dry run; nothing is requested",
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
                "Preview instead of requesting: Kratix's DryRun (the files the Promise's pipelines would write, and Kratix's summary) where the platform runs it, else the API server's dry run (validated and admitted); nothing is requested",
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
        previewMethod: z =>
          z
            .enum(['kratix-dry-run', 'server-dry-run'], {
              description:
                "With dryRun: how the preview was made (Kratix's DryRun, or the API server's dry run)",
            })
            .optional(),
        previewFiles: z =>
          z
            .array(z.string(), {
              description:
                'With dryRun: the paths of the files the pipelines would write (empty for a server-side dry run)',
            })
            .optional(),
        previewSummary: z =>
          z
            .string({
              description:
                "With dryRun: Kratix's summary of what the request would add, change or remove (Markdown), when its DryRun wrote one",
            })
            .optional(),
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

        let result: Pick<
          CreateResourceRequestResult,
          'name' | 'namespace' | 'kind' | 'apiVersion' | 'platform'
        > & { entityName?: string };
        if (ctx.input.dryRun) {
          // Nothing is requested: a DryRun object (deleted afterwards) or a server-side
          // dry run, as the backend chooses for the platform.
          const preview = await client.previewRequest(
            credentials,
            { platform, promise },
            {
              name,
              namespace,
              spec: ctx.input.spec,
              labels: ctx.input.labels,
              annotations: ctx.input.annotations,
            },
          );
          ctx.logger.info(
            `Preview of the ${where} (${preview.method}): ${preview.note}`,
          );
          if (preview.dryRun && preview.dryRun.state !== 'completed') {
            const message = `Kratix's DryRun ${preview.dryRun.namespace}/${
              preview.dryRun.name
            } of the ${where} ${
              preview.dryRun.state === 'failed' ? 'failed' : 'did not finish'
            }${preview.dryRun.message ? `: ${preview.dryRun.message}` : ''}`;
            if (preview.dryRun.state === 'failed') throw taskError(message);
            ctx.logger.warn(message);
          }
          // A literal array: the scaffolder's templating refuses arrays of another realm
          // (as a parsed fetch body can be), and the paths are strings whatever came.
          const paths: string[] = [];
          for (const file of preview.files) paths.push(String(file.path));
          if (preview.method === 'kratix-dry-run') {
            ctx.logger.info(
              preview.files.length
                ? `The pipelines would write ${preview.files.length} file${
                    preview.files.length === 1 ? '' : 's'
                  }:\n${preview.files.map(describeFile).join('\n')}`
                : 'The pipelines would write no files',
            );
          }
          if (preview.summary) {
            ctx.logger.info(`Kratix's summary:\n${preview.summary}`);
          }
          ctx.output('previewMethod', preview.method);
          ctx.output('previewFiles', paths);
          if (preview.summary) ctx.output('previewSummary', preview.summary);
          result = {
            platform: preview.platform ?? platform,
            name: String(preview.object.metadata?.name ?? name),
            namespace: String(preview.object.metadata?.namespace ?? namespace),
            kind: preview.object.kind,
            apiVersion: preview.object.apiVersion,
          };
        } else if (ctx.isDryRun) {
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
          const created = (await ctx.checkpoint<
            Record<string, string | boolean>
          >({
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
            `${created.updated ? 'Updated' : 'Created'} the ${where} (${
              created.kind
            }), requested by ${created.requester}`,
          );
          result = created;
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
