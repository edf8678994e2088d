import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Render an elastic-cloud request as YAML, to publish it to a GitOps repository',
    example: yaml.stringify({
      steps: [
        {
          id: 'manifest',
          action: 'kratix:resource:manifest',
          name: 'Render the resource request',
          input: {
            apiVersion: 'marketplace.kratix.io/v1alpha1',
            kind: 'elastic-cloud',
            name: 'example',
            namespace: 'default',
            spec: { checkpointsEnabled: true },
          },
        },
      ],
    }),
  },
];
