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
            apiVersion: 'workshop.kratix.io/v1alpha1',
            kind: 'elastic-cloud',
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
      'Render a request of a Promise (its API gives the kind) and publish it with the standard publish action',
    example: yaml.stringify({
      steps: [
        {
          id: 'manifest',
          action: 'kratix:resource:manifest',
          name: 'Render the resource request',
          input: {
            promise: 'elastic-cloud',
            name: 'example',
            namespace: 'team-a',
            spec: { enableDataCollection: false },
          },
        },
        {
          id: 'write',
          action: 'roadiehq:utils:fs:write',
          name: 'Write it into the workspace',
          input: {
            path: '${{ steps.manifest.output.path }}',
            content: '${{ steps.manifest.output.manifest }}',
          },
        },
        {
          id: 'publish',
          action: 'publish:github:pull-request',
          name: 'Open a pull request',
          input: {
            repoUrl: 'github.com?owner=acme&repo=platform-requests',
            branchName: 'request-example',
            title: 'Request elastic-cloud example',
            description: 'Requested from Backstage',
          },
        },
      ],
    }),
  },
];
