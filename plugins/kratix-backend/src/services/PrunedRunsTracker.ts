import { KRATIX_LABELS } from '@kratix-backstage/plugin-kratix-common';
import type { KubeObject } from '@kratix-backstage/plugin-kratix-node';
import type { KratixPlatforms } from '../platforms/types';

/** Whose runs a pipeline Job is: platform, Promise, workflow type, request. */
export function runOwnerKey(platform: string, job: KubeObject): string {
  const labels = job.metadata.labels ?? {};
  return [
    platform,
    labels[KRATIX_LABELS.promiseName] ?? '',
    labels[KRATIX_LABELS.workflowType] ?? '',
    job.metadata.namespace ?? '',
    labels[KRATIX_LABELS.resourceName] ?? '',
  ].join('\u0000');
}

/**
 * Counts, per request and Promise, the pipeline Jobs Kratix deleted while this backend
 * watched (Kratix keeps the newest few per pipeline and prunes the rest), from the watch
 * caches' delete events: the cluster is asked nothing more. Forgets at restart.
 */
export class PrunedRunsTracker {
  readonly since = new Date().toISOString();
  private readonly counts = new Map<string, number>();
  private readonly unsubscribe: Array<() => void> = [];

  constructor(platforms: KratixPlatforms) {
    for (const platform of platforms.list()) {
      this.unsubscribe.push(
        platform.kratix.subscribe(['jobs'], event => {
          if (event.type !== 'deleted') return;
          const key = runOwnerKey(platform.name, event.object);
          this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
        }),
      );
    }
  }

  /** Jobs of the owner (keyed as {@link runOwnerKey}) deleted since {@link since}. */
  pruned(key: string): number {
    return this.counts.get(key) ?? 0;
  }

  stop() {
    this.unsubscribe.forEach(u => u());
  }
}
