/**
 * A health state, as Kratix's HealthRecord `data.state` names it.
 *
 * @public
 */
export type HealthState =
  | 'unknown'
  | 'ready'
  | 'healthy'
  | 'degraded'
  | 'unhealthy';

/**
 * The health states from worst to best: Kratix rolls a request's records up to the
 * worst one (unhealthy, degraded, unknown, healthy, ready).
 *
 * @public
 */
export const HEALTH_STATES_WORST_FIRST: readonly HealthState[] = [
  'unhealthy',
  'degraded',
  'unknown',
  'healthy',
  'ready',
];

/**
 * One health check's result: a HealthRecord object, or its copy in the request's
 * `status.healthStatus.healthRecords`.
 *
 * @public
 */
export interface HealthRecordSummary {
  /** The HealthRecord object (`source` in `status.healthStatus`). */
  name?: string;
  namespace?: string;
  state: HealthState;
  /** When the check last ran (ISO 8601; Kratix stores a Unix time). */
  lastRun?: string;
  /** Whatever the check reported (`details`, free-form). */
  details?: unknown;
  /** The request generation the record was written for, when it says. */
  generation?: number;
}

/**
 * A request's health: Kratix's roll-up (`status.healthStatus.state`, the worst of its
 * records) and the records themselves.
 *
 * @public
 */
export interface RequestHealth {
  state: HealthState;
  records: HealthRecordSummary[];
  /**
   * `status` when Kratix's roll-up in the request's status said it, `records` when only
   * HealthRecord objects did (Kratix has not rolled them up yet).
   */
  source: 'status' | 'records';
}
