import {
  KRATIX_OWNER_ANNOTATION,
  KRATIX_REQUESTER_ANNOTATION,
  KRATIX_BACKSTAGE_ANNOTATIONS,
  KRATIX_LABELS,
  type ResourceRequest,
  type ResourceRequestState,
} from '@kratix-backstage/plugin-kratix-common';
import {
  type KubeObject,
  readPipelinePhases,
  readRequestHealth,
  readWorkflowControl,
} from '@kratix-backstage/plugin-kratix-node';
import {
  count,
  createdAt,
  findCondition,
  labelsOf,
  origin,
  type PlatformContext,
  readConditions,
} from './common';
import type { RequestRelations } from './requestIndex';
import { readRequestVersion } from './versions';

/** Status keys Kratix manages; the rest came from pipelines' `status.yaml`. */
const KRATIX_STATUS_KEYS = new Set([
  'message',
  'conditions',
  'observedGeneration',
  'workflows',
  'workflowsSucceeded',
  'workflowsFailed',
  'kratix',
  'lastSuccessfulConfigureWorkflowTime',
  'promiseVersion',
  'resourceBindingVersion',
  'healthStatus',
]);

function stateOf(request: KubeObject, paused: boolean): ResourceRequestState {
  if (request.metadata.deletionTimestamp) return 'deleting';
  if (paused) return 'paused';
  const reconciled = findCondition(readConditions(request), 'Reconciled');
  if (reconciled?.status === 'True') return 'ready';
  if (reconciled?.status === 'False') return 'failing';
  return 'pending';
}

/** `status.kratix.destinations` (kratix issue #823): names, or objects with a `name`. */
function statusDestinations(request: KubeObject): string[] {
  const list = request.status?.kratix?.destinations;
  if (!Array.isArray(list)) return [];
  return list
    .map((d: any) => (typeof d === 'string' ? d : d?.name))
    .filter((d: unknown): d is string => typeof d === 'string' && d !== '');
}

/**
 * A resource request in wire form: its state at a glance, Kratix's status and the
 * fields its pipelines wrote; with what other objects say about it (`relations`: its
 * WorkPlacements' Destinations, ResourceBinding and HealthRecords) when given.
 *
 * @public
 */
export function toResourceRequest(
  ctx: PlatformContext,
  promise: string,
  request: KubeObject,
  relations: Partial<RequestRelations> = {},
): ResourceRequest {
  const status = request.status ?? {};
  const pipelines = readPipelinePhases(request);
  const workflowControl = readWorkflowControl(request, pipelines);
  const health = readRequestHealth(request, relations.healthRecords);
  const version = readRequestVersion(request, relations.binding);
  const destinations = [
    ...new Set([
      ...(relations.destinations ?? []),
      ...statusDestinations(request),
    ]),
  ].sort();
  const labels = labelsOf(request);
  const annotations = request.metadata.annotations ?? {};
  const paused = labels[KRATIX_LABELS.paused] === 'true';
  const statusFields = Object.fromEntries(
    Object.entries(status).filter(([key]) => !KRATIX_STATUS_KEYS.has(key)),
  );
  const operation = annotations[KRATIX_BACKSTAGE_ANNOTATIONS.lastOperation];
  const kratixState = stateOf(request, paused);
  const { worker } = relations;
  // Kratix is done (or redoing it) but a worker's Flux refuses its output: it is failing there.
  const workerFailing =
    worker?.state === 'failing' &&
    (kratixState === 'ready' || kratixState === 'pending');
  return {
    ...origin(ctx),
    promise,
    name: request.metadata.name,
    namespace: request.metadata.namespace ?? 'default',
    apiVersion: request.apiVersion,
    kind: request.kind,
    ...(request.metadata.uid ? { uid: String(request.metadata.uid) } : {}),
    ...(annotations[KRATIX_REQUESTER_ANNOTATION]
      ? { requester: annotations[KRATIX_REQUESTER_ANNOTATION] }
      : {}),
    ...(annotations[KRATIX_OWNER_ANNOTATION]
      ? { owner: annotations[KRATIX_OWNER_ANNOTATION] }
      : {}),
    state: workerFailing ? 'failing' : kratixState,
    ...(workerFailing ? { stateReason: 'worker' as const } : {}),
    ...(status.message ? { message: String(status.message) } : {}),
    conditions: readConditions(request),
    paused,
    ...(typeof request.metadata.generation === 'number'
      ? { generation: request.metadata.generation }
      : {}),
    ...(typeof status.observedGeneration === 'number'
      ? { observedGeneration: status.observedGeneration }
      : {}),
    spec: { ...(request.spec ?? {}) },
    statusFields,
    workflows: {
      count: count(status.workflows),
      succeeded: count(status.workflowsSucceeded),
      failed: count(status.workflowsFailed),
    },
    pipelines,
    ...(workflowControl ? { workflowControl } : {}),
    ...(health ? { health } : {}),
    ...(version ? { version } : {}),
    destinations,
    ...(worker ? { worker } : {}),
    ...(status.lastSuccessfulConfigureWorkflowTime
      ? {
          lastSuccessfulConfigureWorkflowTime: String(
            status.lastSuccessfulConfigureWorkflowTime,
          ),
        }
      : {}),
    labels,
    createdAt: createdAt(request),
    ...(operation
      ? {
          lastOperation: {
            operation,
            by:
              annotations[KRATIX_BACKSTAGE_ANNOTATIONS.lastOperationBy] ??
              'unknown',
            at: annotations[KRATIX_BACKSTAGE_ANNOTATIONS.lastOperationAt] ?? '',
          },
        }
      : {}),
  };
}
