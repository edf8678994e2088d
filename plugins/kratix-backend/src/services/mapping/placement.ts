import {
  KRATIX_LABELS,
  type KratixCondition,
  type PlacementState,
  type Work,
  type WorkloadFile,
  type WorkPlacement,
} from '@kratix-backstage/plugin-kratix-common';
import {
  decodeWorkload,
  type KubeObject,
} from '@kratix-backstage/plugin-kratix-node';
import { findCondition, readConditions } from './common';

/**
 * Kratix's verdict from the message of a `Ready` condition (how Kratix itself rolls
 * Works up: `Ready`, `Failing`, `Misplaced`, else pending).
 *
 * @public
 */
export function placementState(
  ready: KratixCondition | undefined,
): PlacementState {
  switch (ready?.message) {
    case 'Ready':
      return ready.status === 'True' ? 'ready' : 'pending';
    case 'Failing':
      return 'failing';
    case 'Misplaced':
      return 'misplaced';
    default:
      return 'pending';
  }
}

function file(workload: any, includeContent: boolean): WorkloadFile {
  const path = String(workload?.filepath ?? '');
  try {
    const text = decodeWorkload(String(workload?.content ?? ''));
    return {
      path,
      bytes: Buffer.byteLength(text),
      ...(includeContent ? { content: text } : {}),
    };
  } catch {
    return { path, bytes: 0 };
  }
}

/**
 * A Work with its workload groups and their (decoded) files.
 *
 * @public
 */
export function toWork(
  work: KubeObject,
  options: { includeContent?: boolean } = {},
): Work {
  const conditions = readConditions(work);
  const ready = findCondition(conditions, 'Ready');
  const labels = work.metadata.labels ?? {};
  const spec = work.spec ?? {};
  return {
    name: work.metadata.name,
    namespace: work.metadata.namespace ?? '',
    promise: String(
      spec.promiseName ?? labels[KRATIX_LABELS.promiseName] ?? '',
    ),
    ...(spec.resourceName ? { resource: String(spec.resourceName) } : {}),
    ...(labels[KRATIX_LABELS.pipelineName]
      ? { pipeline: labels[KRATIX_LABELS.pipelineName] }
      : {}),
    ...(labels[KRATIX_LABELS.workType]
      ? { workType: labels[KRATIX_LABELS.workType] }
      : {}),
    state: placementState(ready),
    ...(findCondition(conditions, 'ScheduleSucceeded')?.message
      ? { message: findCondition(conditions, 'ScheduleSucceeded')!.message }
      : {}),
    conditions,
    ...(spec.lastExecutionTimestamp
      ? { lastExecutionTimestamp: String(spec.lastExecutionTimestamp) }
      : {}),
    workloadGroups: (spec.workloadGroups ?? []).map((g: any) => ({
      id: String(g.id ?? ''),
      directory: String(g.directory ?? '.'),
      destinationSelectors: (g.destinationSelectors ?? []).map((s: any) => ({
        matchLabels: { ...(s.matchLabels ?? {}) },
        ...(s.source ? { source: String(s.source) } : {}),
      })),
      files: (g.workloads ?? []).map((w: any) =>
        file(w, Boolean(options.includeContent)),
      ),
    })),
  };
}

/**
 * The Destination a WorkPlacement targets (its spec, else its label).
 *
 * @public
 */
export function placementDestination(placement: KubeObject): string {
  return String(
    placement.spec?.targetDestinationName ??
      placement.metadata.labels?.[KRATIX_LABELS.targetDestinationName] ??
      '',
  );
}

/**
 * A WorkPlacement: its Destination, whether it is scheduled, written, misplaced or
 * pending.
 *
 * @public
 */
export function toWorkPlacement(placement: KubeObject): WorkPlacement {
  const conditions = readConditions(placement);
  const labels = placement.metadata.labels ?? {};
  const spec = placement.spec ?? {};
  const scheduled = findCondition(conditions, 'ScheduleSucceeded');
  const state = placementState(findCondition(conditions, 'Ready'));
  const misplaced =
    labels[KRATIX_LABELS.misplaced] === 'true' ||
    state === 'misplaced' ||
    scheduled?.reason === 'DestinationSelectorMismatch';
  return {
    name: placement.metadata.name,
    namespace: placement.metadata.namespace ?? '',
    ...(labels[KRATIX_LABELS.work] ? { work: labels[KRATIX_LABELS.work] } : {}),
    ...(spec.id ? { workloadGroupId: String(spec.id) } : {}),
    destination: placementDestination(placement),
    ...(spec.promiseName ? { promise: String(spec.promiseName) } : {}),
    ...(spec.resourceName ? { resource: String(spec.resourceName) } : {}),
    state: misplaced ? 'misplaced' : state,
    scheduled,
    written: findCondition(conditions, 'WriteSucceeded'),
    misplaced,
    pending: !misplaced && state === 'pending',
    ...(placement.status?.versionID
      ? { versionID: String(placement.status.versionID) }
      : {}),
    files: (spec.workloads ?? []).map((w: any) => String(w.filepath ?? '')),
    conditions,
  };
}
