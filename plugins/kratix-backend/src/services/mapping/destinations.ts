import type {
  Destination,
  StateStoreSummary,
} from '@kratix-backstage/plugin-kratix-common';
import type { KubeObject } from '@kratix-backstage/plugin-kratix-node';
import {
  conditionStatus,
  findCondition,
  labelsOf,
  origin,
  type PlatformContext,
  readConditions,
} from './common';

function stateStoreOf(
  destination: KubeObject,
  stores: KubeObject[],
): StateStoreSummary | undefined {
  const ref = destination.spec?.stateStoreRef;
  if (!ref?.name) return undefined;
  const store = stores.find(
    s => s.kind === ref.kind && s.metadata.name === ref.name,
  );
  if (!store) return { kind: ref.kind, name: ref.name, found: false };
  const conditions = readConditions(store);
  const spec = store.spec ?? {};
  return {
    kind: ref.kind,
    name: ref.name,
    found: true,
    ready: conditionStatus(conditions, 'Ready'),
    ...(findCondition(conditions, 'Ready')?.message
      ? { message: findCondition(conditions, 'Ready')!.message }
      : {}),
    ...(spec.url || spec.endpoint
      ? { url: String(spec.url ?? spec.endpoint) }
      : {}),
    ...(spec.branch ? { branch: String(spec.branch) } : {}),
    ...(spec.bucketName ? { bucketName: String(spec.bucketName) } : {}),
    ...(spec.path ? { path: String(spec.path) } : {}),
  };
}

/**
 * A Destination with its state store and `Ready` condition, and the worker clusters
 * configured to serve it.
 *
 * @public
 */
export function toDestination(
  ctx: PlatformContext,
  destination: KubeObject,
  stateStores: KubeObject[],
  workers: string[],
): Destination {
  const conditions = readConditions(destination);
  const ready = findCondition(conditions, 'Ready');
  const spec = destination.spec ?? {};
  return {
    ...origin(ctx),
    name: destination.metadata.name,
    labels: labelsOf(destination),
    ...(spec.path ? { path: String(spec.path) } : {}),
    strictMatchLabels: spec.strictMatchLabels === true,
    filepathMode: String(spec.filepath?.mode ?? 'nestedByMetadata'),
    ready: ready?.status ?? 'Unknown',
    ...(ready?.reason ? { readyReason: ready.reason } : {}),
    ...(ready?.message ? { readyMessage: ready.message } : {}),
    conditions,
    stateStore: stateStoreOf(destination, stateStores),
    workers,
  };
}
