import type { KubeObject } from '@kratix-backstage/plugin-kratix-node';
import type { MetadataPatch } from '@kratix-backstage/plugin-kratix-node';

/** An object with labels and annotations changed as a merge patch would (null removes). */
export function applyPatch(
  object: KubeObject,
  patch: MetadataPatch,
): KubeObject {
  const merge = (
    current: Record<string, string> | undefined,
    change?: Record<string, string | null>,
  ) => {
    const next = { ...(current ?? {}) };
    for (const [k, v] of Object.entries(change ?? {})) {
      if (v === null) delete next[k];
      else next[k] = v;
    }
    return next;
  };
  return {
    ...object,
    metadata: {
      ...object.metadata,
      labels: merge(object.metadata.labels, patch.labels),
      annotations: merge(object.metadata.annotations, patch.annotations),
    },
  };
}
