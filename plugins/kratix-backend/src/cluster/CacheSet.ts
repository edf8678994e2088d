import type { LoggerService } from '@backstage/backend-plugin-api';
import type { KratixCacheStatus } from '@kratix-backstage/plugin-kratix-common';
import type { KubeHttpClient } from './KubeHttpClient';
import { type KindDescriptor, kindKey } from './kinds';
import { kubeListWatch } from './kubeListWatch';
import { ClusterReachability, ResourceCache } from './ResourceCache';
import { trimForCache } from './trim';

/**
 * The watch caches of one cluster, one per kind, each started on first use. Objects are
 * stored trimmed to what the product reads ({@link trimForCache}).
 *
 * @public
 */
export class CacheSet {
  private readonly caches = new Map<string, ResourceCache>();
  private readonly reachability = new ClusterReachability();
  private changes = 0;

  constructor(
    private readonly options: {
      client: KubeHttpClient;
      readTimeoutMs: number;
      logger: LoggerService;
    },
  ) {}

  /** The cache of a kind, created (not yet started) on first use. */
  for(kind: KindDescriptor): ResourceCache {
    const key = kindKey(kind);
    let cache = this.caches.get(key);
    if (!cache) {
      cache = new ResourceCache({
        cluster: this.options.client.cluster,
        kind: key,
        api: kubeListWatch(this.options.client, kind),
        readTimeoutMs: this.options.readTimeoutMs,
        logger: this.options.logger,
        transform: trimForCache(kind),
        reachability: this.reachability,
        onChange: () => {
          this.changes += 1;
        },
      });
      this.caches.set(key, cache);
    }
    return cache;
  }

  /** Whether the cache of a kind exists (was used). */
  has(kind: KindDescriptor): boolean {
    return this.caches.has(kindKey(kind));
  }

  /** Stops and forgets the cache of a kind (the cluster stopped serving it). */
  drop(kind: KindDescriptor): void {
    const key = kindKey(kind);
    this.caches.get(key)?.stop();
    if (this.caches.delete(key)) this.changes += 1;
  }

  /**
   * A number that changes whenever anything the caches hold changes (an object, a cache
   * synced or dropped): what is computed from them can be kept until it changes.
   */
  revision(): number {
    return this.changes;
  }

  /** Why the cluster is down, when the caches' latest call got no answer. */
  down() {
    return this.reachability.down();
  }

  status(): KratixCacheStatus[] {
    return [...this.caches.values()].map(c => c.status());
  }

  async stop(): Promise<void> {
    for (const cache of this.caches.values()) cache.stop();
    this.caches.clear();
    await this.options.client.close();
  }
}
