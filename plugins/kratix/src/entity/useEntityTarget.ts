import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { KRATIX_ANNOTATIONS } from '@kratix-backstage/plugin-kratix-common';
import useAsync from 'react-use/esm/useAsync';
import { kratixApiRef } from '../api';
import { kratixEntityTarget, type KratixEntityTarget } from './kratixEntity';

/** An entity's Kratix object, with its platform settled. */
export type ResolvedEntityTarget = KratixEntityTarget & { platform: string };

/**
 * The Kratix object the current entity stands for. Without `kratix.io/platform`, the
 * only configured platform is used; with several, the annotation is required.
 */
export function useEntityTarget():
  | { loading: true }
  | { loading: false; target: ResolvedEntityTarget }
  | { loading: false; missing: string[] }
  | { loading: false; error: Error } {
  const { entity } = useEntity();
  const api = useApi(kratixApiRef);
  const read = kratixEntityTarget(entity);
  const needsPlatform = 'target' in read && !read.target.platform;
  const platforms = useAsync(
    async () => (needsPlatform ? api.listPlatforms() : undefined),
    [api, needsPlatform],
  );
  if ('missing' in read) return { loading: false, missing: read.missing };
  if (read.target.platform) {
    return { loading: false, target: read.target as ResolvedEntityTarget };
  }
  if (platforms.loading) return { loading: true };
  if (platforms.error) return { loading: false, error: platforms.error };
  const names = platforms.value?.items.map(p => p.name) ?? [];
  if (names.length === 1) {
    return { loading: false, target: { ...read.target, platform: names[0] } };
  }
  return { loading: false, missing: [KRATIX_ANNOTATIONS.platform] };
}
