import {
  type Entity,
  KubernetesValidatorFunctions,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  KRATIX_ANNOTATIONS,
  KRATIX_OWNER_ANNOTATION,
  KRATIX_REQUESTER_ANNOTATION,
  type RequestWorkerJudgment,
} from '@kratix-backstage/plugin-kratix-common';
import type { KubeObject } from '@kratix-backstage/plugin-kratix-node';
import { baseMetadata, type KratixEntityContext } from './entityContext';
import { ENTITY_NAMESPACE, requestEntityName } from './entityNames';
import { kratixStateMarks } from './kratixStateMarks';

/**
 * The request's owner as a full entity ref: its owner annotation (written at create, the
 * requester unless another owner was asked for), else its requester; undefined when
 * neither is there or valid.
 */
function ownerOf(request: KubeObject): string | undefined {
  const annotations = request.metadata.annotations ?? {};
  return (
    entityRefOf(annotations[KRATIX_OWNER_ANNOTATION]) ??
    entityRefOf(annotations[KRATIX_REQUESTER_ANNOTATION])
  );
}

/** An annotation's entity ref in full, or undefined when absent or invalid. */
function entityRefOf(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const ref = parseEntityRef(value, {
      defaultKind: 'user',
      defaultNamespace: 'default',
    });
    const valid =
      /^[a-zA-Z][a-zA-Z0-9]*$/.test(ref.kind) &&
      KubernetesValidatorFunctions.isValidNamespace(ref.namespace) &&
      KubernetesValidatorFunctions.isValidObjectName(ref.name);
    return valid ? stringifyEntityRef(ref) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A resource request as a Resource of type `kratix-resource`, owned by its owner
 * (`backstage.io/kratix-owner`), else its requester, else the default owner. Only what a reader needs: each field is a row of the
 * catalog's search table and each relation a stitch, for every request (see
 * docs/benchmarks.md, "the floor"): no `dependsOn` its Promise, no copy of its status,
 * API group, version and kind, or its Promise's Template (the Promise entity has them),
 * no fixed tags.
 *
 * @public
 */
export function toRequestEntity(
  ctx: KratixEntityContext,
  promise: string,
  request: KubeObject,
  /** What the workers' Flux did with its output, where a worker is watched. */
  worker?: RequestWorkerJudgment,
): Entity {
  const { name } = request.metadata;
  const namespace = request.metadata.namespace ?? 'default';
  const [group, version] = String(request.apiVersion ?? '').split('/');
  if (!name || !group || !version || !request.kind) {
    throw new Error(
      `Malformed ${promise} request ${namespace}/${name}: no name, apiVersion or kind`,
    );
  }
  const marks = kratixStateMarks(request, { health: true, worker });
  const base = baseMetadata(
    ctx,
    `${
      request.kind
    } ${namespace}/${name}, requested from the Kratix Promise ${promise}.${
      marks.description ? ` ${marks.description}` : ''
    }`,
  );
  const tags = [...(ctx.platform.demo ? ['demo'] : []), ...marks.tags];
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: requestEntityName(ctx.platform.name, namespace, promise, name),
      namespace: ENTITY_NAMESPACE,
      title: `${name} (${promise} in ${namespace}, ${ctx.platform.title})`,
      description: base.description,
      ...(Object.keys(marks.labels).length ? { labels: marks.labels } : {}),
      // No fixed tags (`kratix`, `kratix-resource`: two search rows each, for every
      // request; `spec.type` says the same): only the marks, and `demo` on demo data.
      ...(tags.length ? { tags } : {}),
      annotations: {
        ...base.annotations,
        [KRATIX_ANNOTATIONS.type]: 'resource',
        [KRATIX_ANNOTATIONS.promiseName]: promise,
        [KRATIX_ANNOTATIONS.name]: name,
        [KRATIX_ANNOTATIONS.namespace]: namespace,
        ...marks.annotations,
      },
    },
    spec: {
      type: 'kratix-resource',
      owner: ownerOf(request) ?? ctx.defaultOwner,
    },
  };
}
