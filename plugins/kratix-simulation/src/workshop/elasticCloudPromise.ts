import type { KubeObject } from '@kratix-backstage/plugin-kratix-node';

/**
 * The workshop's `elastic-cloud` Promise ("Delivering your service on demand"): an API
 * with one field, `enableDataCollection`, and one resource configure pipeline.
 *
 * @public
 */
export const elasticCloudPromise: KubeObject = {
  apiVersion: 'platform.kratix.io/v1alpha1',
  kind: 'Promise',
  metadata: {
    name: 'elastic-cloud',
    labels: { 'kratix.io/promise-version': 'v0.1.0' },
  },
  spec: {
    destinationSelectors: [{ matchLabels: { environment: 'dev' } }],
    workflows: {
      resource: {
        configure: [
          {
            apiVersion: 'platform.kratix.io/v1alpha1',
            kind: 'Pipeline',
            metadata: { name: 'resource-configure' },
            spec: {
              containers: [
                {
                  name: 'pipeline-stage-0',
                  image: 'kratix-workshop/elastic-pipeline:dev',
                },
              ],
            },
          },
        ],
      },
    },
    api: {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'elastic-clouds.workshop.kratix.io' },
      spec: {
        group: 'workshop.kratix.io',
        names: {
          kind: 'elastic-cloud',
          plural: 'elastic-clouds',
          singular: 'elastic-cloud',
        },
        scope: 'Namespaced',
        versions: [
          {
            name: 'v1alpha1',
            served: true,
            storage: true,
            schema: {
              openAPIV3Schema: {
                type: 'object',
                properties: {
                  spec: {
                    type: 'object',
                    properties: {
                      enableDataCollection: {
                        type: 'boolean',
                        default: false,
                        description:
                          'If enabled, you will receive tools for\nmetric, log, and trace collection that\ncan be used to populate the elastic\ncloud instance.\n',
                      },
                    },
                  },
                },
              },
            },
          },
        ],
      },
    },
  },
};
