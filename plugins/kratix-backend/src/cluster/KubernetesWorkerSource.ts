import type { LoggerService } from '@backstage/backend-plugin-api';
import { CacheSet } from './CacheSet';
import type { KubeHttpClient } from './KubeHttpClient';
import { WORKER_KINDS } from './kinds';
import type { WorkerClusterSource } from './types';

/**
 * A worker cluster's Flux objects through its Kubernetes API, from watch caches.
 *
 * @public
 */
export class KubernetesWorkerSource implements WorkerClusterSource {
  readonly cluster: string;
  private readonly caches: CacheSet;

  constructor(options: {
    client: KubeHttpClient;
    logger: LoggerService;
    requestTimeoutMs: number;
  }) {
    this.cluster = options.client.cluster;
    this.caches = new CacheSet({
      client: options.client,
      readTimeoutMs: options.requestTimeoutMs,
      logger: options.logger,
    });
  }

  listKustomizations() {
    return this.caches.for(WORKER_KINDS.kustomizations).items();
  }

  listGitRepositories() {
    return this.caches.for(WORKER_KINDS.gitrepositories).items();
  }

  listBuckets() {
    return this.caches.for(WORKER_KINDS.buckets).items();
  }

  cacheStatus() {
    return this.caches.status();
  }

  stop() {
    return this.caches.stop();
  }
}
