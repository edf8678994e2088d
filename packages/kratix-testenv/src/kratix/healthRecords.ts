import {
  CustomObjectsApi,
  type KubeConfig,
  KubernetesObjectApi,
  PatchStrategy,
} from '@kubernetes/client-node';
import type { KubeObject } from '@kratix-backstage/plugin-kratix-node';
import { statusCode } from '../simulator/kube';

/** A HealthRecord's `data.state`, as Kratix's CRD enumerates them. */
export type TestHealthState =
  | 'unknown'
  | 'ready'
  | 'healthy'
  | 'degraded'
  | 'unhealthy';

/**
 * A HealthRecord for a request, as a health check (a Promise's health pipeline, or an
 * operator's tool) writes it: `platform.kratix.io/v1alpha1` HealthRecord in the
 * request's namespace, `data: {promiseRef, resourceRef, state, lastRun, details}`.
 *
 * @public
 */
export interface TestHealthRecord {
  name: string;
  /** Default: the request's namespace. */
  namespace?: string;
  promise: string;
  request: { name: string; namespace: string };
  state: TestHealthState;
  /** When the check ran (default now); Kratix keeps Unix seconds. */
  lastRun?: Date | number;
  details?: unknown;
}

const GROUP = 'platform.kratix.io';
const VERSION = 'v1alpha1';
const PLURAL = 'healthrecords';

/** The HealthRecord object for {@link TestHealthRecord}. */
export function healthRecordObject(record: TestHealthRecord): KubeObject {
  const lastRun =
    record.lastRun instanceof Date
      ? Math.floor(record.lastRun.getTime() / 1000)
      : record.lastRun ?? Math.floor(Date.now() / 1000);
  return {
    apiVersion: `${GROUP}/${VERSION}`,
    kind: 'HealthRecord',
    metadata: {
      name: record.name,
      namespace: record.namespace ?? record.request.namespace,
    },
    data: {
      promiseRef: { name: record.promise },
      resourceRef: {
        name: record.request.name,
        namespace: record.request.namespace,
      },
      state: record.state,
      lastRun,
      ...(record.details !== undefined ? { details: record.details } : {}),
    },
  } as KubeObject;
}

/**
 * Creates the HealthRecord, or changes its `data` with a merge patch when it exists
 * (keeping what Kratix added, such as its cleanup finalizer). Returns the object as
 * the API server stored it.
 *
 * @public
 */
export async function applyHealthRecord(
  kubeConfig: KubeConfig,
  record: TestHealthRecord,
): Promise<KubeObject> {
  const api = kubeConfig.makeApiClient(CustomObjectsApi);
  const body = healthRecordObject(record);
  const ref = {
    group: GROUP,
    version: VERSION,
    namespace: body.metadata.namespace!,
    plural: PLURAL,
  };
  try {
    return (await api.createNamespacedCustomObject({
      ...ref,
      body,
    })) as KubeObject;
  } catch (error) {
    if (statusCode(error) !== 409) throw error;
  }
  return (await KubernetesObjectApi.makeApiClient(kubeConfig).patch(
    {
      apiVersion: body.apiVersion,
      kind: body.kind,
      metadata: { name: record.name, namespace: ref.namespace },
      data: (body as any).data,
    } as any,
    undefined,
    undefined,
    undefined,
    undefined,
    PatchStrategy.MergePatch,
  )) as unknown as KubeObject;
}

/**
 * Deletes a HealthRecord (Kratix's finalizer then takes it out of the request's
 * `status.healthStatus`).
 *
 * @public
 */
export async function deleteHealthRecord(
  kubeConfig: KubeConfig,
  namespace: string,
  name: string,
): Promise<void> {
  await kubeConfig
    .makeApiClient(CustomObjectsApi)
    .deleteNamespacedCustomObject({
      group: GROUP,
      version: VERSION,
      namespace,
      plural: PLURAL,
      name,
    })
    .catch(error => {
      if (statusCode(error) !== 404) throw error;
    });
}

/** Kratix's order of health states, worst first (its HealthRecord controller's). */
const WORST_FIRST: TestHealthState[] = [
  'unhealthy',
  'degraded',
  'unknown',
  'healthy',
  'ready',
];

/**
 * What Kratix's HealthRecord controller writes to a request's `status.healthStatus`
 * from its records: the worst state (`ready` with none) and one entry per record
 * (`state`, `lastRun`, `source {name, namespace}`, `details`). The simulator writes the
 * same.
 */
export function healthStatusOf(records: KubeObject[]): {
  state: TestHealthState;
  healthRecords: unknown[];
} {
  let state: TestHealthState = 'ready';
  const healthRecords = records.map(r => {
    const data = (r as any).data ?? {};
    const s = data.state as TestHealthState;
    if (WORST_FIRST.indexOf(s) < WORST_FIRST.indexOf(state)) state = s;
    return {
      state: s,
      lastRun: data.lastRun,
      source: { name: r.metadata.name, namespace: r.metadata.namespace },
      ...(data.details !== undefined ? { details: data.details } : {}),
    };
  });
  return { state, healthRecords };
}
