import {
  KRATIX_LABELS,
  type PromiseRevisionSummary,
  type RequestPromiseVersion,
} from '@kratix-backstage/plugin-kratix-common';
import type { KubeObject } from '@kratix-backstage/plugin-kratix-node';
import { createdAt, findCondition, readConditions } from './common';

const str = (value: unknown) =>
  value === undefined || value === null || value === ''
    ? undefined
    : String(value);

/**
 * The Promise version a request is bound to: its ResourceBinding (desired, last applied
 * and failed versions, the `UpgradeSucceeded` condition) and `status.promiseVersion`;
 * `undefined` when neither says anything.
 *
 * @public
 */
export function readRequestVersion(
  request: KubeObject,
  binding?: KubeObject,
): RequestPromiseVersion | undefined {
  const current = str(request.status?.promiseVersion);
  if (!binding) return current ? { current } : undefined;
  const desired = str(binding.spec?.version);
  const lastAppliedVersion = str(binding.status?.lastAppliedVersion);
  const failedVersion = str(binding.status?.failedVersion);
  const upgrade = findCondition(readConditions(binding), 'UpgradeSucceeded');
  return {
    binding: binding.metadata.name,
    ...(desired ? { desired } : {}),
    ...(lastAppliedVersion ? { lastAppliedVersion } : {}),
    ...(failedVersion ? { failedVersion } : {}),
    ...(current ? { current } : {}),
    ...(upgrade ? { upgrade } : {}),
  };
}

/**
 * A Promise's PromiseRevisions, newest first, with how many of its requests each one
 * serves (bindings whose `status.lastAppliedVersion` is its version) and how many are
 * pinned to it (bindings whose `spec.version` is its version).
 *
 * @public
 */
export function toPromiseRevisions(
  revisions: KubeObject[],
  bindings: KubeObject[],
): PromiseRevisionSummary[] {
  const applied = new Map<string, number>();
  const pinned = new Map<string, number>();
  const inc = (map: Map<string, number>, k: string | undefined) => {
    if (k) map.set(k, (map.get(k) ?? 0) + 1);
  };
  for (const binding of bindings) {
    inc(applied, str(binding.status?.lastAppliedVersion));
    inc(pinned, str(binding.spec?.version));
  }
  const time = (r: KubeObject) => Date.parse(createdAt(r) ?? '') || 0;
  return revisions
    .map(revision => {
      const version = str(revision.spec?.version) ?? 'not-set';
      const latest =
        revision.status?.latest === true ||
        revision.metadata.labels?.[KRATIX_LABELS.latestRevision] === 'true';
      return {
        revision,
        summary: {
          name: revision.metadata.name,
          version,
          latest,
          ...(createdAt(revision) ? { createdAt: createdAt(revision) } : {}),
          requests: applied.get(version) ?? 0,
          pinned: pinned.get(version) ?? 0,
          conditions: readConditions(revision),
        } as PromiseRevisionSummary,
      };
    })
    .sort(
      (a, b) =>
        time(b.revision) - time(a.revision) ||
        Number(b.summary.latest) - Number(a.summary.latest) ||
        b.summary.version.localeCompare(a.summary.version),
    )
    .map(r => r.summary);
}
