import type { LoggerService } from '@backstage/backend-plugin-api';
import type { KratixCacheStatus } from '@kratix-backstage/plugin-kratix-common';
import { hasLabels } from '@kratix-backstage/plugin-kratix-node';
import { CacheSet } from './CacheSet';
import type { KubeHttpClient } from './KubeHttpClient';
import { type KindDescriptor, kindPath, PLATFORM_KINDS } from './kinds';
import { RequestKindResolver } from './RequestKindResolver';
import { readKubeLogs } from './readKubeLogs';
import type {
  CreateRequestOptions,
  KratixClusterSource,
  KratixEventKind,
  KratixObjectEvent,
  KratixTarget,
  KubeObject,
  LogOptions,
  MetadataPatch,
} from './types';

const EVENT_KINDS: Partial<Record<KratixEventKind, KindDescriptor>> = {
  promises: PLATFORM_KINDS.promises,
  jobs: PLATFORM_KINDS.jobs,
  pods: PLATFORM_KINDS.pods,
  works: PLATFORM_KINDS.works,
  workplacements: PLATFORM_KINDS.workplacements,
  destinations: PLATFORM_KINDS.destinations,
};

/**
 * A Kratix platform cluster through its Kubernetes API: reads come from watch caches
 * (one per kind, started on first use), writes go straight to the API server.
 *
 * @public
 */
export class KubernetesKratixSource implements KratixClusterSource {
  readonly cluster: string;
  private readonly caches: CacheSet;
  private readonly kinds: RequestKindResolver;

  constructor(
    private readonly options: {
      client: KubeHttpClient;
      logger: LoggerService;
      requestTimeoutMs: number;
    },
  ) {
    this.cluster = options.client.cluster;
    this.caches = new CacheSet({
      client: options.client,
      readTimeoutMs: options.requestTimeoutMs,
      logger: options.logger,
    });
    this.kinds = new RequestKindResolver(options.client);
  }

  listPromises() {
    return this.caches.for(PLATFORM_KINDS.promises).items();
  }

  getPromise(name: string) {
    return this.caches.for(PLATFORM_KINDS.promises).get(undefined, name);
  }

  async listRequests(promise: KubeObject, namespace?: string) {
    const kind = await this.kinds.resolve(promise);
    if (!kind) return [];
    const items = await this.caches.for(kind).items();
    return namespace
      ? items.filter(i => i.metadata.namespace === namespace)
      : items;
  }

  async getRequest(promise: KubeObject, namespace: string, name: string) {
    const kind = await this.kinds.resolve(promise);
    return kind ? this.caches.for(kind).get(namespace, name) : undefined;
  }

  async listJobs(labels: Record<string, string>) {
    return (await this.caches.for(PLATFORM_KINDS.jobs).items()).filter(j =>
      hasLabels(j, labels),
    );
  }

  async listPods(labels: Record<string, string>) {
    return (await this.caches.for(PLATFORM_KINDS.pods).items()).filter(p =>
      hasLabels(p, labels),
    );
  }

  getPod(namespace: string, name: string) {
    // The Pod cache holds Kratix-managed Pods only: any other Pod is not found.
    return this.caches.for(PLATFORM_KINDS.pods).get(namespace, name);
  }

  async listWorks(labels?: Record<string, string>) {
    return (await this.caches.for(PLATFORM_KINDS.works).items()).filter(w =>
      hasLabels(w, labels),
    );
  }

  async listWorkPlacements(labels?: Record<string, string>) {
    const items = await this.caches.for(PLATFORM_KINDS.workplacements).items();
    return items.filter(w => hasLabels(w, labels));
  }

  listDestinations() {
    return this.caches.for(PLATFORM_KINDS.destinations).items();
  }

  async listStateStores() {
    const [git, bucket] = await Promise.all([
      this.caches.for(PLATFORM_KINDS.gitstatestores).items(),
      this.caches.for(PLATFORM_KINDS.bucketstatestores).items(),
    ]);
    return [...git, ...bucket];
  }

  readLogs(
    namespace: string,
    pod: string,
    container: string,
    options: LogOptions,
  ) {
    return readKubeLogs(
      this.options.client,
      namespace,
      pod,
      container,
      options,
    );
  }

  async patchMetadata(target: KratixTarget, patch: MetadataPatch) {
    const { kind, namespace, name } = await this.targetOf(target);
    const updated = await this.options.client.mergePatch<KubeObject>(
      kindPath(kind, namespace, name),
      { metadata: patch },
    );
    this.caches.for(kind).upsert(updated);
    return updated;
  }

  async createRequest(
    promise: KubeObject,
    object: KubeObject,
    options: CreateRequestOptions,
  ) {
    const namespace = object.metadata.namespace;
    const { kind } = await this.targetOf({
      kind: 'request',
      promise,
      namespace: namespace ?? '',
      name: object.metadata.name,
    });
    const query = options.dryRun ? { dryRun: 'All' } : {};
    const created = options.updateExisting
      ? await this.options.client.apply<KubeObject>(
          kindPath(kind, namespace, object.metadata.name),
          object,
          { ...query, fieldManager: 'backstage-kratix', force: true },
        )
      : await this.options.client.post<KubeObject>(
          kindPath(kind, namespace),
          object,
          { ...query, fieldManager: 'backstage-kratix' },
        );
    if (!options.dryRun) this.caches.for(kind).upsert(created);
    return created;
  }

  async deleteRequest(promise: KubeObject, namespace: string, name: string) {
    const { kind } = await this.targetOf({
      kind: 'request',
      promise,
      namespace,
      name,
    });
    const answer = await this.options.client.delete<KubeObject>(
      kindPath(kind, namespace, name),
      {
        propagationPolicy: 'Background',
      },
    );
    // A request with finalizers stays, marked for deletion, while Kratix cleans up.
    if (answer?.metadata?.deletionTimestamp) {
      this.caches.for(kind).upsert(answer);
      return answer;
    }
    return undefined;
  }

  subscribe(
    kinds: KratixEventKind[],
    listener: (event: KratixObjectEvent) => void,
  ) {
    const unsubscribers: Array<() => void> = [];
    const watched = new Set<string>();
    const forward =
      (kind: KratixEventKind) =>
      (type: KratixObjectEvent['type'], object: KubeObject) =>
        listener({ type, kind, object });
    const watchRequestsOf = async (promise: KubeObject) => {
      const kind = await this.kinds.resolve(promise);
      const key = kind && `${kind.plural}.${kind.group}`;
      if (!kind || !key || watched.has(key)) return;
      watched.add(key);
      unsubscribers.push(this.caches.for(kind).subscribe(forward('requests')));
    };
    for (const kind of kinds) {
      const descriptor = EVENT_KINDS[kind];
      if (descriptor)
        unsubscribers.push(
          this.caches.for(descriptor).subscribe(forward(kind)),
        );
    }
    if (kinds.includes('requests')) {
      // New Promises bring new request kinds to watch.
      unsubscribers.push(
        this.caches.for(PLATFORM_KINDS.promises).subscribe((type, promise) => {
          if (type !== 'deleted') {
            watchRequestsOf(promise).catch(error =>
              this.options.logger.warn(
                `Cannot watch the requests of Promise ${promise.metadata.name}: ${error}`,
              ),
            );
          }
        }),
      );
    }
    return () => unsubscribers.forEach(u => u());
  }

  cacheStatus(): KratixCacheStatus[] {
    return this.caches.status();
  }

  stop() {
    return this.caches.stop();
  }

  private async targetOf(target: KratixTarget) {
    if (target.kind === 'promise') {
      return {
        kind: PLATFORM_KINDS.promises,
        namespace: undefined,
        name: target.name,
      };
    }
    const kind = await this.kinds.resolve(target.promise);
    if (!kind) {
      throw new Error(
        `Promise ${target.promise.metadata.name} has no API: it has no requests`,
      );
    }
    return { kind, namespace: target.namespace, name: target.name };
  }
}
