import type { JsonObject } from '@backstage/types';

/** Keywords copied as they are from a CRD's OpenAPI v3 schema to the form's JSON schema. */
const COPIED = [
  'description',
  'default',
  'enum',
  'format',
  'pattern',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
] as const;

/**
 * A CRD's structural schema (OpenAPI v3) as a JSON schema the scaffolder's form renders:
 * types, descriptions, defaults, enums, bounds, patterns and required-ness, with nested
 * objects and arrays. Kubernetes extensions become plain JSON schema
 * (`x-kubernetes-int-or-string` a string, `x-kubernetes-preserve-unknown-fields` an
 * object open to any property).
 */
export function crdSchemaToFormSchema(schema: any, title?: string): JsonObject {
  const out: JsonObject = {};
  if (title) out.title = title;
  if (!schema || typeof schema !== 'object') return { ...out, type: 'string' };
  for (const key of COPIED) {
    if (schema[key] !== undefined) out[key] = schema[key];
  }
  if (schema['x-kubernetes-int-or-string']) {
    out.type = 'string';
    if (typeof out.default === 'number') out.default = String(out.default);
    return out;
  }
  const type = schema.type ?? (schema.properties ? 'object' : undefined);
  if (type === 'object') {
    out.type = 'object';
    const properties = schema.properties ?? {};
    const names = Object.keys(properties);
    if (names.length) {
      out.properties = Object.fromEntries(
        names.map(n => [n, crdSchemaToFormSchema(properties[n], n)]),
      );
      const required = (
        Array.isArray(schema.required) ? schema.required : []
      ).filter((r: unknown) => typeof r === 'string' && names.includes(r));
      if (required.length) out.required = required;
    }
    if (
      schema.additionalProperties &&
      typeof schema.additionalProperties === 'object'
    ) {
      out.additionalProperties = crdSchemaToFormSchema(
        schema.additionalProperties,
      );
    } else if (
      !names.length ||
      schema['x-kubernetes-preserve-unknown-fields']
    ) {
      out.additionalProperties = true;
    }
    return out;
  }
  if (type === 'array') {
    out.type = 'array';
    out.items = crdSchemaToFormSchema(schema.items ?? { type: 'string' });
    return out;
  }
  if (['string', 'integer', 'number', 'boolean'].includes(type)) {
    out.type = type;
    return out;
  }
  // No type (e.g. preserve-unknown-fields alone): any value, entered as text.
  out.type = schema['x-kubernetes-preserve-unknown-fields']
    ? 'object'
    : 'string';
  if (out.type === 'object') out.additionalProperties = true;
  return out;
}
