/**
 * Fills in what an OpenAPI v3 structural schema defaults, as the API server does when it
 * stores a custom resource: `default` of absent properties, recursively into objects
 * and array items. Changes and answers `value`.
 */
export function applySchemaDefaults<T>(schema: any, value: T): T {
  if (!schema || typeof schema !== 'object') return value;
  if (Array.isArray(value)) {
    if (schema.items)
      value.forEach(
        (v, i) => (value[i] = applySchemaDefaults(schema.items, v)),
      );
    return value;
  }
  if (value && typeof value === 'object' && schema.properties) {
    const target = value as Record<string, unknown>;
    for (const [name, property] of Object.entries<any>(schema.properties)) {
      if (target[name] === undefined && property && 'default' in property) {
        target[name] = structuredClone(property.default);
      }
      if (target[name] !== undefined)
        target[name] = applySchemaDefaults(property, target[name]);
    }
  }
  return value;
}
