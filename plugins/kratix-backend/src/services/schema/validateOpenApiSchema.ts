/**
 * The parts of an OpenAPI v3 schema, as a CustomResourceDefinition holds it, that the
 * validator checks.
 */
export interface OpenApiSchema {
  type?: string;
  required?: string[];
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  items?: OpenApiSchema;
  properties?: Record<string, OpenApiSchema>;
  additionalProperties?: boolean | OpenApiSchema;
  nullable?: boolean;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
}

/** One value that does not fit: where (`spec.replicas`) and why. */
export interface SchemaViolation {
  path: string;
  message: string;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number')
    return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function fitsType(schema: OpenApiSchema, value: unknown): boolean {
  const actual = typeOf(value);
  if (schema['x-kubernetes-int-or-string'])
    return actual === 'integer' || actual === 'string';
  if (!schema.type) return true;
  if (schema.type === 'number')
    return actual === 'number' || actual === 'integer';
  return actual === schema.type;
}

function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key)
    ? `${path}.${key}`
    : `${path}[${JSON.stringify(key)}]`;
}

function checkScalar(
  schema: OpenApiSchema,
  value: unknown,
  path: string,
  out: SchemaViolation[],
) {
  const fail = (message: string) => out.push({ path, message });
  if (schema.enum && !schema.enum.some(e => e === value)) {
    fail(
      `must be one of ${schema.enum.map(e => JSON.stringify(e)).join(', ')}`,
    );
  }
  if (typeof value === 'number') {
    const { minimum: min, maximum: max } = schema;
    if (
      min !== undefined &&
      (schema.exclusiveMinimum ? value <= min : value < min)
    )
      fail(
        `must be ${
          schema.exclusiveMinimum ? 'greater than' : 'at least'
        } ${min}`,
      );
    if (
      max !== undefined &&
      (schema.exclusiveMaximum ? value >= max : value > max)
    )
      fail(
        `must be ${schema.exclusiveMaximum ? 'less than' : 'at most'} ${max}`,
      );
  }
  if (typeof value === 'string') {
    if (schema.minLength !== undefined && value.length < schema.minLength)
      fail(`must be at least ${schema.minLength} characters long`);
    if (schema.maxLength !== undefined && value.length > schema.maxLength)
      fail(`must be at most ${schema.maxLength} characters long`);
    if (
      schema.pattern !== undefined &&
      !new RegExp(schema.pattern, 'u').test(value)
    )
      fail(`must match the pattern ${schema.pattern}`);
  }
}

function check(
  schema: OpenApiSchema,
  value: unknown,
  path: string,
  out: SchemaViolation[],
) {
  if (value === null && schema.nullable) return;
  if (!fitsType(schema, value)) {
    out.push({
      path,
      message: `must be ${
        schema.type ?? 'an integer or a string'
      }, got ${typeOf(value)}`,
    });
    return;
  }
  checkScalar(schema, value, path, out);
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems)
      out.push({
        path,
        message: `must have at least ${schema.minItems} items`,
      });
    if (schema.maxItems !== undefined && value.length > schema.maxItems)
      out.push({ path, message: `must have at most ${schema.maxItems} items` });
    if (schema.items)
      value.forEach((item, i) =>
        check(schema.items!, item, childPath(path, i), out),
      );
    return;
  }
  if (typeOf(value) !== 'object') return;
  const object = value as Record<string, unknown>;
  for (const key of schema.required ?? []) {
    if (object[key] === undefined)
      out.push({ path: childPath(path, key), message: 'is required' });
  }
  const properties = schema.properties ?? {};
  for (const [key, child] of Object.entries(object)) {
    if (child === undefined) continue;
    const known = properties[key];
    if (known) {
      check(known, child, childPath(path, key), out);
    } else if (typeof schema.additionalProperties === 'object') {
      check(schema.additionalProperties, child, childPath(path, key), out);
    } else if (
      schema.additionalProperties === false ||
      (!schema['x-kubernetes-preserve-unknown-fields'] &&
        schema.additionalProperties !== true &&
        schema.properties !== undefined)
    ) {
      // Kubernetes prunes unknown fields silently; refusing them tells the requester
      // that the value they set would be dropped.
      out.push({
        path: childPath(path, key),
        message: 'is not a field of this API',
      });
    }
  }
}

/**
 * Checks a value against an OpenAPI v3 schema of a CustomResourceDefinition: type,
 * required, enum, minimum/maximum, minLength/maxLength, pattern, items,
 * properties, additionalProperties and `x-kubernetes-preserve-unknown-fields`.
 * Answers every violation, each naming the field (`spec.replicas`).
 */
export function validateOpenApiSchema(
  schema: OpenApiSchema,
  value: unknown,
  path: string,
): SchemaViolation[] {
  const out: SchemaViolation[] = [];
  check(schema, value, path, out);
  return out;
}
