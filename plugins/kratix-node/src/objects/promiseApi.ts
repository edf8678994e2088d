import { KRATIX_LABELS } from '@kratix-backstage/plugin-kratix-common';
import type { KubeObject, KratixPipeline, WorkflowAction, WorkflowType } from './types';

/**
 * Where a Promise's resource requests live: the CRD its `spec.api` defines.
 *
 * @public
 */
export interface PromiseApi {
  crdName: string;
  group: string;
  /** The stored version (Kratix uses the one marked `storage: true`, else the first). */
  version: string;
  kind: string;
  plural: string;
  /** The OpenAPI schema of the stored version. */
  schema?: Record<string, unknown>;
}

/**
 * Reads a Promise's API. Returns `undefined` for a Promise without an API
 * ("dependencies only"); throws an Error naming the missing field for a malformed one.
 *
 * @public
 */
export function readPromiseApi(promise: KubeObject): PromiseApi | undefined {
  const api = promise.spec?.api;
  if (!api) return undefined;
  const name = promise.metadata?.name;
  const where = `Promise ${name}: spec.api`;
  if (api.kind !== 'CustomResourceDefinition') {
    throw new Error(`${where} must be a CustomResourceDefinition, got kind ${api.kind}`);
  }
  const spec = api.spec ?? {};
  if (!spec.group) throw new Error(`${where}.spec.group is missing`);
  if (!spec.names?.kind) throw new Error(`${where}.spec.names.kind is missing`);
  if (!spec.names?.plural) throw new Error(`${where}.spec.names.plural is missing`);
  const versions: any[] = Array.isArray(spec.versions) ? spec.versions : [];
  if (!versions.length) throw new Error(`${where}.spec.versions is empty`);
  const stored = versions.find(v => v?.storage === true) ?? versions[0];
  if (!stored?.name) throw new Error(`${where}.spec.versions[].name is missing`);
  return {
    crdName: api.metadata?.name ?? `${spec.names.plural}.${spec.group}`,
    group: spec.group,
    version: stored.name,
    kind: spec.names.kind,
    plural: spec.names.plural,
    schema: stored.schema?.openAPIV3Schema,
  };
}

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
export function requestCrdFromPromise(promise: KubeObject): KubeObject | undefined {
  const api = readPromiseApi(promise);
  if (!api) return undefined;
  const source = promise.spec.api;
  const versions = (source.spec.versions as any[]).map(v => {
    const schema = structuredClone(v.schema?.openAPIV3Schema ?? { type: 'object' });
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

/**
 * The Pipelines of one workflow of a Promise, in the order Kratix runs them.
 *
 * @public
 */
export function workflowPipelines(
  promise: KubeObject,
  type: WorkflowType,
  action: WorkflowAction,
): KratixPipeline[] {
  const list = promise.spec?.workflows?.[type]?.[action];
  return Array.isArray(list) ? list : [];
}
