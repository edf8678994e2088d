/** One field of a Promise's API, flattened from its OpenAPI schema. */
export interface ApiField {
  /** Dotted path below `spec` (`[]` marks array items). */
  path: string;
  type: string;
  required: boolean;
  description?: string;
  default?: unknown;
  allowed?: unknown[];
  constraints: string[];
}

type Schema = {
  type?: string;
  description?: string;
  default?: unknown;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  items?: Schema;
  required?: string[];
  format?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  additionalProperties?: boolean | Schema;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
};

function typeOf(schema: Schema): string {
  if (schema['x-kubernetes-int-or-string']) return 'integer or string';
  if (schema.type === 'array') {
    return `array of ${schema.items ? typeOf(schema.items) : 'anything'}`;
  }
  if (schema.type === 'object' && !schema.properties) {
    if (typeof schema.additionalProperties === 'object') {
      return `map of ${typeOf(schema.additionalProperties)}`;
    }
    return 'object';
  }
  const type = schema.type ?? 'any';
  return schema.format ? `${type} (${schema.format})` : type;
}

function constraintsOf(schema: Schema): string[] {
  const out: string[] = [];
  if (schema.minimum !== undefined) out.push(`≥ ${schema.minimum}`);
  if (schema.maximum !== undefined) out.push(`≤ ${schema.maximum}`);
  if (schema.minLength !== undefined)
    out.push(`at least ${schema.minLength} characters`);
  if (schema.maxLength !== undefined)
    out.push(`at most ${schema.maxLength} characters`);
  if (schema.pattern) out.push(`matches ${schema.pattern}`);
  return out;
}

const tidy = (text?: string) => text?.replace(/\s+/g, ' ').trim() || undefined;

/**
 * The fields a request of a Promise can set: the `spec` of its API's schema, flattened
 * into dotted paths, parents before their children.
 */
export function schemaFields(
  apiSchema: Record<string, unknown> | undefined,
): ApiField[] {
  const spec = (apiSchema as Schema | undefined)?.properties?.spec;
  if (!spec) return [];
  const fields: ApiField[] = [];
  const walk = (schema: Schema, prefix: string) => {
    const required = new Set(schema.required ?? []);
    for (const [name, child] of Object.entries(schema.properties ?? {})) {
      const path = prefix ? `${prefix}.${name}` : name;
      fields.push({
        path,
        type: typeOf(child),
        required: required.has(name),
        description: tidy(child.description),
        default: child.default,
        allowed: child.enum,
        constraints: constraintsOf(child),
      });
      if (child.properties) walk(child, path);
      if (child.type === 'array' && child.items?.properties) {
        walk(child.items, `${path}[]`);
      }
    }
  };
  walk(spec, '');
  return fields;
}
