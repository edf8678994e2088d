import {
  type Entity,
  KubernetesValidatorFunctions,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  KRATIX_ANNOTATIONS,
  KRATIX_REQUESTER_ANNOTATION,
  KRATIX_SYNTASSO_ANNOTATIONS,
  type RequestWorkerJudgment,
} from '@kratix-backstage/plugin-kratix-common';
import type { KubeObject } from '@kratix-backstage/plugin-kratix-node';
import { baseMetadata, type KratixEntityContext } from './entityContext';
import {
  ENTITY_NAMESPACE,
  requestEntityName,
  templateEntityName,
} from './entityNames';
import { kratixStateMarks } from './kratixStateMarks';
import { promiseEntityRef } from './toPromiseEntity';

/** The requester annotation as a full entity ref, or undefined when absent or invalid. */
function requesterOf(request: KubeObject): string | undefined {
  const value = request.metadata.annotations?.[KRATIX_REQUESTER_ANNOTATION];
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

function statusOf(
  request: KubeObject,
  worker: RequestWorkerJudgment | undefined,
): string {
  const conditions: any[] = Array.isArray(request.status?.conditions)
    ? request.status.conditions
    : [];
  const reconciled = conditions.find(c => c?.type === 'Reconciled');
  return JSON.stringify({
    reconciled: reconciled?.status ?? 'Unknown',
    ...(request.status?.message
      ? { message: String(request.status.message) }
      : {}),
    ...(worker ? { worker: worker.state } : {}),
  });
}

/**
 * A resource request as a Resource of type `kratix-resource`: it depends on its
 * Promise's Component and is owned by its requester (else the default owner).
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
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: requestEntityName(ctx.platform.name, namespace, promise, name),
      namespace: ENTITY_NAMESPACE,
      title: `${name} (${promise} in ${namespace}, ${ctx.platform.title})`,
      ...base,
      ...(Object.keys(marks.labels).length ? { labels: marks.labels } : {}),
      tags: [...base.tags!, 'kratix-resource', ...marks.tags],
      annotations: {
        ...base.annotations,
        [KRATIX_ANNOTATIONS.type]: 'resource',
        [KRATIX_ANNOTATIONS.promiseName]: promise,
        [KRATIX_ANNOTATIONS.group]: group,
        [KRATIX_ANNOTATIONS.version]: version,
        [KRATIX_ANNOTATIONS.kind]: request.kind,
        [KRATIX_ANNOTATIONS.name]: name,
        [KRATIX_ANNOTATIONS.namespace]: namespace,
        [KRATIX_SYNTASSO_ANNOTATIONS.promiseTemplate]: templateEntityName(
          ctx.platform.name,
          promise,
        ),
        'kratix.io/status': statusOf(request, worker),
        ...marks.annotations,
      },
    },
    spec: {
      type: 'kratix-resource',
      owner: requesterOf(request) ?? ctx.defaultOwner,
      dependsOn: [promiseEntityRef(ctx.platform.name, promise)],
    },
  };
}
