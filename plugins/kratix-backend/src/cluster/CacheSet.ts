import type { LoggerService } from '@backstage/backend-plugin-api';
import type { KratixCacheStatus } from '@kratix-backstage/plugin-kratix-common';
import type { KubeHttpClient } from './KubeHttpClient';
import { type KindDescriptor, kindKey } from './kinds';
import { kubeListWatch } from './kubeListWatch';
import { ResourceCache } from './ResourceCache';
import type { KubeObject } from './types';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** Keeps what the views read; drops managedFields and last-applied copies. */
function slim(object: KubeObject): KubeObject {
  const { managedFields: _managed, ...metadata } = object.metadata as any;
  if (metadata.annotations?.[LAST_APPLIED]) {
    const { [LAST_APPLIED]: _last, ...annotations } = metadata.annotations;
    metadata.annotations = annotations;
  }
  return { ...object, metadata };
}

/**
 * The watch caches of one cluster, one per kind, each started on first use.
 *
 * @public
 */
export class CacheSet {
  private readonly caches = new Map<string, ResourceCache>();

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
        transform: slim,
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
    this.caches.delete(key);
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
