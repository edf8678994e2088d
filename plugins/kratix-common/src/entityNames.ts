const MAX_NAME_LENGTH = 63;
const HASH_LENGTH = 6;

/** FNV-1a, 32 bits: stable, short, and available in browsers and Node alike. */
function shortHash(value: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) {
    hash ^= value.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0)
    .toString(36)
    .padStart(HASH_LENGTH, '0')
    .slice(-HASH_LENGTH);
}

/**
 * The name of the catalog entity (kind Resource) that stands for a resource request:
 * `<platform>-<namespace>-<promise>-<name>`, lower case. A name longer than 63
 * characters is cut and ends with a short hash of the full name, so it stays unique.
 *
 * @public
 */
export function requestEntityName(
  platform: string,
  namespace: string,
  promise: string,
  name: string,
): string {
  const full = [platform, namespace, promise, name]
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9._-]/g, '-');
  if (full.length <= MAX_NAME_LENGTH) return full;
  const head = full
    .slice(0, MAX_NAME_LENGTH - HASH_LENGTH - 1)
    .replace(/[-._]+$/, '');
  return `${head}-${shortHash(full)}`;
}
