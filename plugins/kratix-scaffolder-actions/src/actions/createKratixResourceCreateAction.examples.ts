import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Request an elastic-cloud resource from the Promise of that name',
    example: yaml.stringify({
      steps: [
        {
          id: 'create',
          action: 'kratix:resource:create',
          name: 'Request the resource',
          input: {
            promise: 'elastic-cloud',
            name: 'example',
            namespace: 'default',
            spec: { enableDataCollection: true },
          },
        },
      ],
    }),
  },
  {
    description:
      'Request a resource of the Promise a catalog entity stands for, on a named platform, updating it if it exists',
    example: yaml.stringify({
      steps: [
        {
          id: 'create',
          action: 'kratix:resource:create',
          name: 'Request the resource',
          input: {
            platform: 'production',
            promise: 'component:default/kratix-demo-elastic-cloud',
            name: '${{ parameters.name }}',
            namespace: 'team-a',
            spec: { enableDataCollection: '${{ parameters.dataCollection }}' },
            labels: { team: 'a' },
            updateExisting: true,
          },
        },
      ],
    }),
  },
  {
    description:
      'Check a request with a server-side dry run: nothing is stored',
    example: yaml.stringify({
      steps: [
        {
          id: 'check',
          action: 'kratix:resource:create',
          name: 'Check the request',
          input: {
            promise: 'elastic-cloud',
            name: 'example',
            spec: { enableDataCollection: false },
            dryRun: true,
          },
        },
      ],
    }),
  },
];
