import type { Entity } from '@backstage/catalog-model';
import {
  KRATIX_ANNOTATIONS,
  type KratixEntityType,
} from '@kratix-backstage/plugin-kratix-common';

const TYPES: KratixEntityType[] = ['promise', 'resource', 'destination'];

/** The Kratix object type an entity stands for (its `kratix.io/type`), if any. */
export function kratixEntityType(entity: Entity): KratixEntityType | undefined {
  const type = entity.metadata.annotations?.[KRATIX_ANNOTATIONS.type];
  return TYPES.find(t => t === type);
}

/**
 * Whether an entity stands for a Kratix object (it has `kratix.io/type`).
 *
 * @public
 */
export const isKratixEntity = (entity: Entity) =>
  Boolean(kratixEntityType(entity));

/**
 * Whether an entity stands for a Kratix resource request.
 *
 * @public
 */
export const isKratixResource = (entity: Entity) =>
  kratixEntityType(entity) === 'resource';

/**
 * Whether an entity stands for a Kratix Promise.
 *
 * @public
 */
export const isKratixPromise = (entity: Entity) =>
  kratixEntityType(entity) === 'promise';

/**
 * Whether an entity stands for a Kratix Destination.
 *
 * @public
 */
export const isKratixDestination = (entity: Entity) =>
  kratixEntityType(entity) === 'destination';

/** What an entity's annotations point at; the platform may be left to the caller. */
export type KratixEntityTarget =
  | {
      type: 'resource';
      platform?: string;
      namespace: string;
      promise: string;
      name: string;
    }
  | { type: 'promise'; platform?: string; name: string }
  | { type: 'destination'; platform?: string; name: string };

/**
 * Reads the Kratix object an entity stands for, or the annotations it lacks.
 */
export function kratixEntityTarget(
  entity: Entity,
): { target: KratixEntityTarget } | { missing: string[] } {
  const a = entity.metadata.annotations ?? {};
  const type = kratixEntityType(entity);
  const platform = a[KRATIX_ANNOTATIONS.platform] || undefined;
  const need = (...keys: string[]) => keys.filter(k => !a[k]);
  if (type === 'resource') {
    const missing = need(
      KRATIX_ANNOTATIONS.promiseName,
      KRATIX_ANNOTATIONS.namespace,
      KRATIX_ANNOTATIONS.name,
    );
    if (missing.length) return { missing };
    return {
      target: {
        type,
        platform,
        promise: a[KRATIX_ANNOTATIONS.promiseName],
        namespace: a[KRATIX_ANNOTATIONS.namespace],
        name: a[KRATIX_ANNOTATIONS.name],
      },
    };
  }
  if (type === 'promise') {
    const missing = need(KRATIX_ANNOTATIONS.promiseName);
    if (missing.length) return { missing };
    return {
      target: { type, platform, name: a[KRATIX_ANNOTATIONS.promiseName] },
    };
  }
  if (type === 'destination') {
    const name =
      a[KRATIX_ANNOTATIONS.destinationName] || a[KRATIX_ANNOTATIONS.name];
    if (!name) return { missing: [KRATIX_ANNOTATIONS.destinationName] };
    return { target: { type, platform, name } };
  }
  return { missing: [KRATIX_ANNOTATIONS.type] };
}
