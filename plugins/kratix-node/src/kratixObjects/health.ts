import {
  HEALTH_STATES_WORST_FIRST,
  type HealthRecordSummary,
  type HealthState,
  type RequestHealth,
} from '@kratix-backstage/plugin-kratix-common';
import type { KubeObject } from './types';

/** A state as Kratix names it; anything else counts as `unknown`. */
function healthStateOf(value: unknown): HealthState {
  return HEALTH_STATES_WORST_FIRST.includes(value as HealthState)
    ? (value as HealthState)
    : 'unknown';
}

/**
 * The worst of some health states (unhealthy, degraded, unknown, healthy, ready), as
 * Kratix rolls a request's records up; `undefined` for none.
 *
 * @public
 */
export function worstHealthState(
  states: Iterable<HealthState>,
): HealthState | undefined {
  let worst: number | undefined;
  for (const state of states) {
    const rank = HEALTH_STATES_WORST_FIRST.indexOf(state);
    if (rank >= 0 && (worst === undefined || rank < worst)) worst = rank;
  }
  return worst === undefined ? undefined : HEALTH_STATES_WORST_FIRST[worst];
}

/** Kratix stores `lastRun` as Unix seconds; an ISO string, when it is a time. */
function lastRunOf(value: unknown): string | undefined {
  let seconds: number | undefined;
  if (typeof value === 'number') seconds = value;
  else if (typeof value === 'string' && /^\d+$/.test(value))
    seconds = Number(value);
  if (seconds !== undefined) {
    const date = new Date(seconds * 1000);
    return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
  }
  if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) {
    return new Date(value).toISOString();
  }
  return undefined;
}

/**
 * Where a HealthRecord points: its Promise and request (`data.promiseRef`,
 * `data.resourceRef`; the request's namespace defaults to the record's).
 *
 * @public
 */
export function healthRecordTarget(
  record: KubeObject,
): { promise?: string; namespace: string; name: string } | undefined {
  const data = (record as { data?: any }).data ?? {};
  const name = data.resourceRef?.name;
  if (typeof name !== 'string' || !name) return undefined;
  return {
    ...(typeof data.promiseRef?.name === 'string'
      ? { promise: data.promiseRef.name }
      : {}),
    namespace: String(
      data.resourceRef?.namespace || record.metadata.namespace || 'default',
    ),
    name,
  };
}

/**
 * A HealthRecord object in wire form.
 *
 * @public
 */
export function toHealthRecordSummary(record: KubeObject): HealthRecordSummary {
  const data = (record as { data?: any }).data ?? {};
  const lastRun = lastRunOf(data.lastRun);
  const generation = data.resourceRef?.generation;
  return {
    name: record.metadata.name,
    ...(record.metadata.namespace
      ? { namespace: record.metadata.namespace }
      : {}),
    state: healthStateOf(data.state),
    ...(lastRun ? { lastRun } : {}),
    ...(data.details !== undefined ? { details: data.details } : {}),
    ...(typeof generation === 'number' ? { generation } : {}),
  };
}

/**
 * A request's health: Kratix's roll-up in `status.healthStatus` when it wrote one,
 * else the worst state of the HealthRecord objects that point at the request (Kratix
 * has not rolled them up yet); `undefined` when it has neither.
 *
 * @public
 */
export function readRequestHealth(
  request: KubeObject,
  records: KubeObject[] = [],
): RequestHealth | undefined {
  const status = request.status?.healthStatus;
  if (status && typeof status === 'object' && status.state !== undefined) {
    const list = Array.isArray(status.healthRecords)
      ? status.healthRecords
      : [];
    return {
      state: healthStateOf(status.state),
      records: list
        .filter((r: any) => r && typeof r === 'object')
        .map((r: any): HealthRecordSummary => {
          const lastRun = lastRunOf(r.lastRun);
          return {
            ...(r.source?.name ? { name: String(r.source.name) } : {}),
            ...(r.source?.namespace
              ? { namespace: String(r.source.namespace) }
              : {}),
            state: healthStateOf(r.state),
            ...(lastRun ? { lastRun } : {}),
            ...(r.details !== undefined ? { details: r.details } : {}),
          };
        }),
      source: 'status',
    };
  }
  if (!records.length) return undefined;
  const summaries = records
    .map(toHealthRecordSummary)
    .sort((a, b) => (a.name ?? '').localeCompare(b.name ?? ''));
  return {
    state: worstHealthState(summaries.map(r => r.state)) ?? 'unknown',
    records: summaries,
    source: 'records',
  };
}
