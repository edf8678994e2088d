function isObject(value: unknown): value is Record<string, unknown> {
  return Boolean(value) && typeof value === 'object' && !Array.isArray(value);
}

/**
 * The paths where two JSON values differ (`spec.size`, `spec.tags[1]`), in key order;
 * empty when they are equal (objects compared without regard to key order).
 */
export function differingPaths(a: unknown, b: unknown, path: string): string[] {
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return [path];
    return a.flatMap((item, i) => differingPaths(item, b[i], `${path}[${i}]`));
  }
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap(key =>
      // A field set to undefined is a field left out.
      a[key] === undefined && b[key] === undefined
        ? []
        : differingPaths(a[key], b[key], `${path}.${key}`),
    );
  }
  return Object.is(a, b) ? [] : [path];
}
