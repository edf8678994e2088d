import type { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
} from '@backstage/catalog-model';
import { KRATIX_ANNOTATIONS } from '@kratix-backstage/plugin-kratix-common';
import type { KubeObject } from '@kratix-backstage/plugin-kratix-node';

/**
 * What every entity of one platform shares.
 *
 * @public
 */
export interface KratixEntityContext {
  platform: { name: string; title: string; demo: boolean };
  /** Owner when the Kratix object names none. */
  defaultOwner: string;
  /**
   * Whether generated Templates end with the "Preview" step (the frontend's
   * `KratixRequestPreview` field). Default: true.
   */
  templatePreview?: boolean;
  /**
   * Whether the catalog gets the requests of a Promise (`kratix.platforms[].catalog`,
   * the Promise label `backstage.io/kratix-catalog-requests`). Default: every Promise's.
   */
  requestsInCatalog?: (promise: KubeObject) => boolean;
}

/** Location, platform and demo marks common to every Kratix entity. */
export function baseMetadata(
  ctx: KratixEntityContext,
  description: string,
): Pick<Entity['metadata'], 'annotations' | 'tags' | 'description'> {
  const location = `kratix:platform/${ctx.platform.name}`;
  return {
    description: ctx.platform.demo
      ? `Demo data (built-in Kratix workshop platform). ${description}`
      : description,
    tags: ctx.platform.demo ? ['kratix', 'demo'] : ['kratix'],
    annotations: {
      [ANNOTATION_LOCATION]: location,
      [ANNOTATION_ORIGIN_LOCATION]: location,
      [KRATIX_ANNOTATIONS.platform]: ctx.platform.name,
    },
  };
}
