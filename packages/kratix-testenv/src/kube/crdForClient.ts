/**
 * client-node serializes a CustomResourceDefinition through its typed model, whose
 * property names differ from the wire names for some JSON Schema keywords: a plain
 * object with `default`, `enum`, `$ref` or `x-kubernetes-*` keys loses them on the way
 * to the API server (the CRD is created, silently pruned). This renames those keys, in
 * schema positions only, to the model's names so they survive serialization.
 */
const renames: Record<string, string> = {
  $ref: 'ref',
  $schema: 'schema',
  default: '_default',
  enum: '_enum',
  'x-kubernetes-embedded-resource': 'x_kubernetes_embedded_resource',
  'x-kubernetes-int-or-string': 'x_kubernetes_int_or_string',
  'x-kubernetes-list-map-keys': 'x_kubernetes_list_map_keys',
  'x-kubernetes-list-type': 'x_kubernetes_list_type',
  'x-kubernetes-map-type': 'x_kubernetes_map_type',
  'x-kubernetes-preserve-unknown-fields':
    'x_kubernetes_preserve_unknown_fields',
  'x-kubernetes-validations': 'x_kubernetes_validations',
};
const schemaMaps = new Set(['properties', 'patternProperties', 'definitions']);
const schemaLists = new Set(['allOf', 'anyOf', 'oneOf']);
// `items`, `additionalProperties`, `additionalItems` and `dependencies` are typed `any` in
// the model: serialized as they are, so they keep their wire names.
const schemaValues = new Set(['not']);

function schema(node: unknown): unknown {
  if (!node || typeof node !== 'object' || Array.isArray(node)) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    let next = value;
    if (schemaMaps.has(key) && value && typeof value === 'object') {
      next = Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, schema(v)]),
      );
    } else if (schemaLists.has(key) && Array.isArray(value)) {
      next = value.map(schema);
    } else if (schemaValues.has(key)) {
      next = schema(value);
    }
    out[renames[key] ?? key] = next;
  }
  return out;
}

/** The CRD with its schemas' keys renamed for client-node's typed serializer. */
export function crdForClient<T extends { spec?: any }>(crd: T): T {
  const versions = crd.spec?.versions;
  if (!Array.isArray(versions)) return crd;
  return {
    ...crd,
    spec: {
      ...crd.spec,
      versions: versions.map((v: any) =>
        v?.schema?.openAPIV3Schema
          ? {
              ...v,
              schema: {
                ...v.schema,
                openAPIV3Schema: schema(v.schema.openAPIV3Schema),
              },
            }
          : v,
      ),
    },
  };
}
