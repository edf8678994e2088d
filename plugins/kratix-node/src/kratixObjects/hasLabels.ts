import type { KubeObject } from './types';

/**
 * Whether an object carries all of these labels.
 *
 * @public
 */
export function hasLabels(
  object: KubeObject,
  labels: Record<string, string> = {},
): boolean {
  const own = object.metadata.labels ?? {};
  return Object.entries(labels).every(([k, v]) => own[k] === v);
}
