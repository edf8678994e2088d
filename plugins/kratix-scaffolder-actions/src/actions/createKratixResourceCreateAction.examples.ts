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
      "Preview a request before making it: the files the Promise's pipelines would write (Kratix's DryRun; the API server's dry run where the platform has none), shown in the task's output; nothing is requested",
    example: yaml.stringify({
      steps: [
        {
          id: 'check',
          action: 'kratix:resource:create',
          name: 'Preview the request',
          input: {
            promise: 'elastic-cloud',
            name: 'example',
            spec: { enableDataCollection: false },
            dryRun: true,
          },
        },
      ],
      output: {
        text: [
          {
            title:
              'What Kratix would write (${{ steps.check.output.previewMethod }})',
            content:
              "${{ steps.check.output.previewSummary or steps.check.output.previewFiles | join(', ') }}",
          },
        ],
      },
    }),
  },
];
