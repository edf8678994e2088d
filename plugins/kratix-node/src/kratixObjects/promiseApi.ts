import type {
  KratixPipeline,
  KubeObject,
  WorkflowAction,
  WorkflowType,
} from './types';

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
    throw new Error(
      `${where} must be a CustomResourceDefinition, got kind ${api.kind}`,
    );
  }
  const spec = api.spec ?? {};
  if (!spec.group) throw new Error(`${where}.spec.group is missing`);
  if (!spec.names?.kind) throw new Error(`${where}.spec.names.kind is missing`);
  if (!spec.names?.plural)
    throw new Error(`${where}.spec.names.plural is missing`);
  const versions: any[] = Array.isArray(spec.versions) ? spec.versions : [];
  if (!versions.length) throw new Error(`${where}.spec.versions is empty`);
  const stored = versions.find(v => v?.storage === true) ?? versions[0];
  if (!stored?.name)
    throw new Error(`${where}.spec.versions[].name is missing`);
  return {
    crdName: api.metadata?.name ?? `${spec.names.plural}.${spec.group}`,
    group: spec.group,
    version: stored.name,
    kind: spec.names.kind,
    plural: spec.names.plural,
    schema: stored.schema?.openAPIV3Schema,
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
