import type { Entity } from '@backstage/catalog-model';
import {
  KRATIX_ANNOTATIONS,
  KRATIX_SYNTASSO_ANNOTATIONS,
} from '@kratix-backstage/plugin-kratix-common';
import {
  type KubeObject,
  readPromiseApi,
} from '@kratix-backstage/plugin-kratix-node';
import { baseMetadata, type KratixEntityContext } from './entityContext';
import {
  ENTITY_NAMESPACE,
  promiseEntityName,
  templateEntityName,
} from './entityNames';
import { kratixStateMarks } from './kratixStateMarks';

/** The entity ref of a Promise's Component. */
export function promiseEntityRef(platform: string, promise: string) {
  return `component:${ENTITY_NAMESPACE}/${promiseEntityName(
    platform,
    promise,
  )}`;
}

/**
 * A Promise as a Component of type `kratix-promise` (the type Syntasso's plugin matches
 * on). Throws when the Promise is malformed (no name, or a `spec.api` that is not a
 * CRD), so the provider can skip it.
 *
 * @public
 */
export function toPromiseEntity(
  ctx: KratixEntityContext,
  promise: KubeObject,
): Entity {
  const name = promise.metadata?.name;
  if (!name) throw new Error('Promise without metadata.name');
  const api = readPromiseApi(promise);
  // A Promise has no health of its own in Kratix; its workflow can be suspended.
  const marks = kratixStateMarks(promise, { health: false });
  const requestsOut = api && ctx.requestsInCatalog?.(promise) === false;
  const base = baseMetadata(
    ctx,
    `${
      api
        ? `Kratix Promise ${name}: request a ${api.kind} (${api.group}/${api.version}).`
        : `Kratix Promise ${name} (no API: it installs dependencies only).`
    }${
      requestsOut
        ? ' Its requests are not in the catalog: its Kratix tab lists them.'
        : ''
    }${marks.description ? ` ${marks.description}` : ''}`,
  );
  const status = promise.status ?? {};
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: promiseEntityName(ctx.platform.name, name),
      namespace: ENTITY_NAMESPACE,
      title: `${name} (${ctx.platform.title})`,
      ...base,
      ...(Object.keys(marks.labels).length ? { labels: marks.labels } : {}),
      tags: [...base.tags!, 'kratix-promise', ...marks.tags],
      annotations: {
        ...base.annotations,
        [KRATIX_ANNOTATIONS.type]: 'promise',
        [KRATIX_ANNOTATIONS.promiseName]: name,
        ...(api
          ? {
              [KRATIX_ANNOTATIONS.group]: api.group,
              [KRATIX_ANNOTATIONS.version]: api.version,
              [KRATIX_ANNOTATIONS.kind]: api.kind,
              'kratix.io/api-group': api.group,
              'kratix.io/api-name': api.crdName,
              [KRATIX_SYNTASSO_ANNOTATIONS.promiseTemplate]: templateEntityName(
                ctx.platform.name,
                name,
              ),
            }
          : {}),
        'kratix.io/status': JSON.stringify({
          status: status.status ?? 'Unknown',
          ...(status.message ? { message: String(status.message) } : {}),
        }),
      },
    },
    spec: {
      type: 'kratix-promise',
      lifecycle: 'production',
      owner: ctx.defaultOwner,
    },
  };
}
