import { createHash, randomUUID } from 'node:crypto';

/** md5 hex of a string, as Kratix hashes specs and workload group directories. */
export function md5(text: string): string {
  return createHash('md5').update(text).digest('hex');
}

/**
 * Kratix's object names: the base cut to 56 characters, trailing non-alphanumerics
 * dropped, then `-` and five characters (random unless given).
 *
 * @public
 */
export function generateObjectName(base: string, suffix?: string): string {
  const cut = base.slice(0, 56).replace(/[^a-z0-9]+$/i, '');
  return `${cut}-${(suffix ?? randomUUID()).slice(0, 5)}`;
}
