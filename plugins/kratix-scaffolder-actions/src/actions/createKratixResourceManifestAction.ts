import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';
import { examples } from './createKratixResourceManifestAction.examples';

/**
 * `kratix:resource:manifest`: renders a Kratix resource request as YAML, for
 * GitOps flows that publish it instead of applying it.
 *
 * @public
 */
export function createKratixResourceManifestAction() {
  return createTemplateAction({
    id: 'kratix:resource:manifest',
    description:
      'Renders a Kratix resource request as YAML, with a suggested repository path',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        apiVersion: z =>
          z.string({ description: 'API version of the request, group/version' }),
        kind: z => z.string({ description: 'Kind of the request' }),
        name: z =>
          z
            .string({ description: 'Name of the request' })
            .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, {
              message:
                'must be a lowercase RFC 1123 name (letters, digits and -)',
            }),
        namespace: z =>
          z.string({ description: 'Namespace of the request' }).default('default'),
        spec: z =>
          z
            .record(z.unknown(), { description: 'The request spec' })
            .default({}),
        labels: z =>
          z
            .record(z.string(), { description: 'Labels to set' })
            .optional(),
        annotations: z =>
          z
            .record(z.string(), { description: 'Annotations to set' })
            .optional(),
      },
      output: {
        manifest: z => z.string({ description: 'The request as YAML' }),
        path: z =>
          z.string({
            description: 'Suggested path of the file in a GitOps repository',
          }),
      },
    },
    async handler(ctx) {
      const { apiVersion, kind, name, namespace, spec, labels, annotations } =
        ctx.input;
      const metadata: Record<string, unknown> = { name, namespace };
      if (labels && Object.keys(labels).length) metadata.labels = labels;
      if (annotations && Object.keys(annotations).length) {
        metadata.annotations = annotations;
      }
      const manifest = yaml.stringify({ apiVersion, kind, metadata, spec });
      ctx.output('manifest', manifest);
      ctx.output('path', `${namespace}/${kind}/${name}.yaml`);
    },
  });
}
