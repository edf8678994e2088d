import { KRATIX_LABELS } from '@kratix-backstage/plugin-kratix-common';
import type { KubeObject } from '@kratix-backstage/plugin-kratix-node';
import type { KratixPlatforms } from '@kratix-backstage/plugin-kratix-node';

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
  private readonly counts = new Map<string, number>();
  private readonly watching = new Map<
    string,
    { since: string; stop: () => void }
  >();

  constructor(private readonly platforms: KratixPlatforms) {}

  /**
   * Starts counting a platform's deleted Jobs (once; the first view of runs starts it, so
   * a backend that is never asked for runs watches no Jobs). Answers since when.
   */
  watch(platformName: string): string {
    const existing = this.watching.get(platformName);
    if (existing) return existing.since;
    const platform = this.platforms.get(platformName);
    const since = new Date().toISOString();
    if (!platform) return since;
    const stop = platform.kratix.subscribe(['jobs'], event => {
      if (event.type !== 'deleted') return;
      const key = runOwnerKey(platform.name, event.object);
      this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    });
    this.watching.set(platformName, { since, stop });
    return since;
  }

  /** Jobs of the owner (keyed as {@link runOwnerKey}) deleted while watched. */
  pruned(key: string): number {
    return this.counts.get(key) ?? 0;
  }

  stop() {
    this.watching.forEach(w => w.stop());
    this.watching.clear();
  }
}
