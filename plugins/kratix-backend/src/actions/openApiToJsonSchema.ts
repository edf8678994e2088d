/** A JSON schema (draft-07), as agents and MCP clients read one. */
export type JsonSchema = Record<string, unknown>;

type OpenApi = Record<string, any>;

// Keywords that mean the same in a CRD's OpenAPI v3 schema and in JSON schema draft-07.
const COPIED = [
  'title',
  'description',
  'format',
  'default',
  'enum',
  'minLength',
  'maxLength',
  'pattern',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
  'multipleOf',
] as const;

function convertList(list: unknown): JsonSchema[] | undefined {
  return Array.isArray(list)
    ? list.map(item => convert(item as OpenApi))
    : undefined;
}

function convert(schema: OpenApi | undefined): JsonSchema {
  if (!schema || typeof schema !== 'object') return {};
  const out: JsonSchema = {};
  for (const key of COPIED) {
    if (schema[key] !== undefined) out[key] = schema[key];
  }
  if (schema.example !== undefined) out.examples = [schema.example];

  // OpenAPI 3.0's boolean exclusive bounds are draft-07's numeric ones.
  if (schema.minimum !== undefined) {
    if (schema.exclusiveMinimum === true) out.exclusiveMinimum = schema.minimum;
    else out.minimum = schema.minimum;
  }
  if (schema.maximum !== undefined) {
    if (schema.exclusiveMaximum === true) out.exclusiveMaximum = schema.maximum;
    else out.maximum = schema.maximum;
  }

  if (schema['x-kubernetes-int-or-string']) {
    out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  } else if (schema.type) {
    out.type = schema.nullable ? [schema.type, 'null'] : schema.type;
  }

  if (schema.items) out.items = convert(schema.items);
  const preserveUnknown = schema['x-kubernetes-preserve-unknown-fields'];
  if (schema.properties && typeof schema.properties === 'object') {
    out.properties = Object.fromEntries(
      Object.entries(schema.properties as Record<string, OpenApi>).map(
        ([key, child]) => [key, convert(child)],
      ),
    );
  }
  if (Array.isArray(schema.required) && schema.required.length)
    out.required = schema.required;
  if (typeof schema.additionalProperties === 'object') {
    out.additionalProperties = convert(schema.additionalProperties);
  } else if (schema.additionalProperties === true || preserveUnknown === true) {
    out.additionalProperties = true;
  } else if (schema.additionalProperties === false || schema.properties) {
    // Kubernetes prunes fields a structural schema does not name, and the backend refuses
    // them before sending (a value that would vanish silently): say so to the agent.
    out.additionalProperties = false;
  }

  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    const list = convertList(schema[key]);
    if (!list) continue;
    // x-kubernetes-int-or-string already took anyOf.
    if (key === 'anyOf' && out.anyOf) out.allOf = [{ anyOf: list }];
    else out[key] = list;
  }
  if (schema.not) out.not = convert(schema.not);

  // CEL rules cannot be said in JSON schema: the API server checks them; tell the agent.
  const validations = schema['x-kubernetes-validations'];
  if (Array.isArray(validations) && validations.length) {
    const rules = validations
      .map((v: any) => v?.message ?? v?.rule)
      .filter(Boolean)
      .map(String);
    if (rules.length) {
      const note = `The API server also checks: ${rules.join('; ')}.`;
      out.description = out.description ? `${out.description} ${note}` : note;
    }
  }
  return out;
}

/**
 * The JSON schema (draft-07) of an OpenAPI v3 schema as a CustomResourceDefinition holds
 * it: `nullable` becomes a `null` type, `x-kubernetes-int-or-string` an integer-or-string,
 * `x-kubernetes-preserve-unknown-fields` open objects, boolean exclusive bounds numeric
 * ones, `example` `examples`, CEL rules a sentence of the description; an object that
 * names its properties is closed (`additionalProperties: false`), as Kubernetes prunes
 * the rest and the backend refuses it.
 */
export function openApiToJsonSchema(schema: unknown): JsonSchema {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    ...convert(schema as OpenApi),
  };
}

/**
 * The dotted paths of the fields a request must set: required fields whose parents are
 * required too (`spec.size`, `spec.database.engine`), in schema order.
 */
export function requiredFieldPaths(schema: unknown, path: string): string[] {
  const s = schema as OpenApi | undefined;
  if (!s || typeof s !== 'object' || !s.properties) return [];
  const required: string[] = Array.isArray(s.required) ? s.required : [];
  return required.flatMap(key => {
    const child = `${path}.${key}`;
    return [child, ...requiredFieldPaths(s.properties[key], child)];
  });
}

/** A value of the schema made of its defaults, examples and required fields; for an example request. */
export function exampleOf(schema: unknown): unknown {
  const s = schema as OpenApi | undefined;
  if (!s || typeof s !== 'object') return undefined;
  if (s.default !== undefined) return s.default;
  if (s.example !== undefined) return s.example;
  if (Array.isArray(s.enum) && s.enum.length) return s.enum[0];
  if (s['x-kubernetes-int-or-string']) return 1;
  switch (s.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      const required = new Set<string>(
        Array.isArray(s.required) ? s.required : [],
      );
      for (const [key, child] of Object.entries(
        (s.properties ?? {}) as Record<string, OpenApi>,
      )) {
        // Optional fields only when they say what they would be.
        if (
          !required.has(key) &&
          child?.default === undefined &&
          child?.example === undefined
        )
          continue;
        const value = exampleOf(child);
        if (value !== undefined) out[key] = value;
      }
      return out;
    }
    case 'array':
      return s.minItems ? [exampleOf(s.items)] : [];
    case 'string':
      return s.minLength ? 'x'.repeat(s.minLength) : 'example';
    case 'integer':
    case 'number':
      return s.minimum ?? 1;
    case 'boolean':
      return false;
    default:
      return undefined;
  }
}

/**
 * The value with the schema's defaults applied where it leaves a field out, as the API
 * server defaults a request (recursing into objects the value has).
 */
export function withDefaults(schema: unknown, value: unknown): unknown {
  const s = schema as OpenApi | undefined;
  if (!s || typeof s !== 'object') return value;
  if (value === undefined) return s.default;
  if (Array.isArray(value) && s.items)
    return value.map(item => withDefaults(s.items, item));
  if (
    value &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    s.properties
  ) {
    const out: Record<string, unknown> = { ...(value as object) };
    for (const [key, child] of Object.entries(
      s.properties as Record<string, OpenApi>,
    )) {
      const next = withDefaults(child, out[key]);
      if (next !== undefined) out[key] = next;
    }
    return out;
  }
  return value;
}
