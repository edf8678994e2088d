import type { KratixCondition } from '@kratix-backstage/plugin-kratix-common';
import type { KubeObject } from '@kratix-backstage/plugin-kratix-node';

/**
 * The platform an object comes from, as every wire type carries it.
 *
 * @public
 */
export interface PlatformContext {
  name: string;
  demo: boolean;
}

/** `{ platform, demo: true }` for the demo platform, `{ platform }` otherwise. */
export function origin(ctx: PlatformContext): {
  platform: string;
  demo?: true;
} {
  return ctx.demo ? { platform: ctx.name, demo: true } : { platform: ctx.name };
}

/** The conditions of an object's status, in wire form. */
export function readConditions(object: { status?: any }): KratixCondition[] {
  const list = object.status?.conditions;
  if (!Array.isArray(list)) return [];
  return list
    .filter((c: any) => c && typeof c.type === 'string')
    .map((c: any) => ({
      type: c.type,
      status:
        c.status === 'True' || c.status === 'False' ? c.status : 'Unknown',
      ...(c.reason ? { reason: String(c.reason) } : {}),
      ...(c.message ? { message: String(c.message) } : {}),
      ...(c.lastTransitionTime
        ? { lastTransitionTime: String(c.lastTransitionTime) }
        : {}),
    }));
}

/** One condition by type. */
export function findCondition(
  conditions: KratixCondition[],
  type: string,
): KratixCondition | undefined {
  return conditions.find(c => c.type === type);
}

/** A condition's status, `Unknown` when absent. */
export function conditionStatus(conditions: KratixCondition[], type: string) {
  return findCondition(conditions, type)?.status ?? 'Unknown';
}

/** Milliseconds between two timestamps, when both are known. */
export function durationMs(start?: string, end?: string): number | undefined {
  if (!start || !end) return undefined;
  const ms = Date.parse(end) - Date.parse(start);
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}

/** A number, or 0. */
export function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

/** Labels of an object (never undefined). */
export function labelsOf(object: KubeObject): Record<string, string> {
  return { ...(object.metadata.labels ?? {}) };
}

/** `metadata.creationTimestamp`, as a string. */
export function createdAt(object: KubeObject): string | undefined {
  const ts = object.metadata.creationTimestamp;
  return ts ? String(ts) : undefined;
}
