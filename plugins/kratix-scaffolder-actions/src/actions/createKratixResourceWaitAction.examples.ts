import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Create a request, then wait up to 10 minutes for its workflow and Works',
    example: yaml.stringify({
      steps: [
        {
          id: 'create',
          action: 'kratix:resource:create',
          name: 'Request the resource',
          input: { promise: 'elastic-cloud', name: 'example' },
        },
        {
          id: 'wait',
          action: 'kratix:resource:wait',
          name: 'Wait for the resource',
          input: {
            platform: '${{ steps.create.output.platform }}',
            promise: 'elastic-cloud',
            name: '${{ steps.create.output.name }}',
            namespace: '${{ steps.create.output.namespace }}',
            timeoutSeconds: 600,
          },
        },
      ],
    }),
  },
];
