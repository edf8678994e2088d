import type {
  AuthService,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';
import { KratixBackendClient } from '../lib/KratixBackendClient';
import { resolveTarget } from '../lib/resolveTarget';
import { examples } from './createKratixResourceManifestAction.examples';
import * as inputs from './inputProperties';

/**
 * `kratix:resource:manifest`: renders a Kratix resource request as YAML, for
 * GitOps flows that publish it instead of applying it. The kind comes from the Promise
 * (through the Kratix backend) or from explicit `apiVersion` and `kind`.
 *
 * @public
 */
export function createKratixResourceManifestAction(options?: {
  discovery: DiscoveryService;
  auth: AuthService;
  catalog: CatalogService;
}) {
  const client = options && new KratixBackendClient(options);
  return createTemplateAction({
    id: 'kratix:resource:manifest',
    description:
      'Renders a Kratix resource request as YAML, with a suggested repository path',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        platform: inputs.platform,
        promise: z =>
          inputs
            .promise(z)
            .optional()
            .describe(
              'The Promise (name or entity ref) whose API gives the apiVersion and kind; or give apiVersion and kind',
            ),
        apiVersion: z =>
          z
            .string({
              description: 'API version of the request, group/version',
            })
            .optional(),
        kind: z => z.string({ description: 'Kind of the request' }).optional(),
        name: inputs.name,
        namespace: inputs.namespace,
        spec: inputs.spec,
        labels: inputs.labels,
        annotations: inputs.annotations,
      },
      output: {
        manifest: z => z.string({ description: 'The request as YAML' }),
        path: z =>
          z.string({
            description:
              'Suggested path of the file in a GitOps repository: kratix-requests/<promise>/<namespace>/<name>.yaml',
          }),
      },
    },
    async handler(ctx) {
      const { name, spec = {}, labels, annotations } = ctx.input;
      const namespace = ctx.input.namespace ?? 'default';
      let { apiVersion, kind } = ctx.input;
      let promise = ctx.input.promise;
      if (promise && (!apiVersion || !kind)) {
        if (!client) {
          throw new InputError(
            'apiVersion and kind are required: this action was set up without access to the Kratix backend',
          );
        }
        const credentials = await ctx.getInitiatorCredentials();
        const target = await resolveTarget(
          { platform: ctx.input.platform, promise },
          { client, catalog: options!.catalog, credentials },
        );
        promise = target.promise;
        const summary = await client.getPromise(
          credentials,
          target.platform,
          target.promise,
        );
        if (!summary.api) {
          throw new InputError(
            `promise: Promise '${target.promise}' has no API: it takes no requests`,
          );
        }
        apiVersion ??= summary.api.apiVersion;
        kind ??= summary.api.kind;
      }
      if (!apiVersion || !kind) {
        throw new InputError(
          'Give either promise, or both apiVersion and kind',
        );
      }
      const metadata: Record<string, unknown> = { name, namespace };
      if (labels && Object.keys(labels).length) metadata.labels = labels;
      if (annotations && Object.keys(annotations).length) {
        metadata.annotations = annotations;
      }
      const manifest = yaml.stringify({ apiVersion, kind, metadata, spec });
      ctx.output('manifest', manifest);
      ctx.output(
        'path',
        `kratix-requests/${
          promise ?? kind.toLowerCase()
        }/${namespace}/${name}.yaml`,
      );
    },
  });
}
