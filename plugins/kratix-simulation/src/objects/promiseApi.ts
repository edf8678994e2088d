import { KRATIX_LABELS } from '@kratix-backstage/plugin-kratix-common';
import {
  readPromiseApi,
  type KubeObject,
} from '@kratix-backstage/plugin-kratix-node';

const statusSchema = {
  type: 'object',
  'x-kubernetes-preserve-unknown-fields': true,
  properties: {
    message: { type: 'string' },
    observedGeneration: { type: 'integer', format: 'int64' },
    workflows: { type: 'integer', format: 'int64' },
    workflowsSucceeded: { type: 'integer', format: 'int64' },
    workflowsFailed: { type: 'integer', format: 'int64' },
    conditions: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          lastTransitionTime: { type: 'string', format: 'date-time' },
          message: { type: 'string' },
          reason: { type: 'string' },
          status: { type: 'string' },
          type: { type: 'string' },
        },
      },
    },
  },
};

/**
 * The CRD Kratix installs for a Promise's API: the Promise's own CRD with, on every
 * version, the status subresource, Kratix's status schema and its default printer columns.
 *
 * @public
 */
export function requestCrdFromPromise(
  promise: KubeObject,
): KubeObject | undefined {
  const api = readPromiseApi(promise);
  if (!api) return undefined;
  const source = promise.spec.api;
  const versions = (source.spec.versions as any[]).map(v => {
    const schema = structuredClone(
      v.schema?.openAPIV3Schema ?? { type: 'object' },
    );
    schema.type = schema.type ?? 'object';
    schema.properties = { ...(schema.properties ?? {}), status: statusSchema };
    return {
      ...v,
      subresources: { ...(v.subresources ?? {}), status: {} },
      additionalPrinterColumns: v.additionalPrinterColumns ?? [
        { name: 'message', type: 'string', jsonPath: '.status.message' },
        {
          name: 'status',
          type: 'string',
          jsonPath: '.status.conditions[?(@.type=="Reconciled")].message',
        },
      ],
      schema: { openAPIV3Schema: schema },
    };
  });
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: {
      name: api.crdName,
      labels: {
        ...(source.metadata?.labels ?? {}),
        [KRATIX_LABELS.promiseName]: promise.metadata.name,
      },
    },
    spec: { ...source.spec, versions },
  };
}
