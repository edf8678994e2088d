import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  KRATIX_LABELS,
  KRATIX_PLATFORM_GROUP,
  KRATIX_PLATFORM_VERSION,
  type KratixCacheStatus,
} from '@kratix-backstage/plugin-kratix-common';
import {
  hasLabels,
  type KratixOptionalKinds,
  type KratixWriteOptions,
} from '@kratix-backstage/plugin-kratix-node';
import { CacheSet } from './CacheSet';
import type { KubeHttpClient } from './KubeHttpClient';
import {
  apiVersionOf,
  type KindDescriptor,
  kindPath,
  PLATFORM_KINDS,
} from './kinds';
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

/** The kinds newer Kratix versions added, each read only where the platform serves it. */
const OPTIONAL_KINDS: Record<keyof KratixOptionalKinds, KindDescriptor> = {
  healthRecords: PLATFORM_KINDS.healthrecords,
  promiseRevisions: PLATFORM_KINDS.promiserevisions,
  resourceBindings: PLATFORM_KINDS.resourcebindings,
  dryRuns: PLATFORM_KINDS.dryruns,
};

/** The optional kinds that have events, by event kind. */
const OPTIONAL_EVENT_KINDS: Partial<
  Record<KratixEventKind, keyof KratixOptionalKinds>
> = {
  healthrecords: 'healthRecords',
  resourcebindings: 'resourceBindings',
  promiserevisions: 'promiseRevisions',
};

const NONE_SERVED: KratixOptionalKinds = {
  healthRecords: false,
  promiseRevisions: false,
  resourceBindings: false,
  dryRuns: false,
};

/** How often the optional kinds are discovered again. */
const DISCOVERY_INTERVAL_MS = 5 * 60_000;
/** How soon a failed discovery is tried again. */
const DISCOVERY_RETRY_MS = 30_000;

type OptionalSubscription = {
  kind: KratixEventKind;
  optional: keyof KratixOptionalKinds;
  listener: (event: KratixObjectEvent) => void;
  unsubscribe?: () => void;
};

/** Only the identity of a write's options, for the HTTP client. */
const writeAs = (options: KratixWriteOptions): KratixWriteOptions =>
  options.impersonate ? { impersonate: options.impersonate } : {};

const isNotFound = (error: unknown) =>
  (error as { statusCode?: number })?.statusCode === 404;

/**
 * A Kratix platform cluster through its Kubernetes API: reads come from watch caches
 * (one per kind, started on first use), writes go straight to the API server, with the
 * platform's credentials or, given `impersonate`, as that user and groups.
 *
 * @public
 */
export class KubernetesKratixSource implements KratixClusterSource {
  readonly cluster: string;
  private readonly caches: CacheSet;
  private readonly kinds: RequestKindResolver;
  private discovered?: { at: number; kinds: KratixOptionalKinds };
  private discovering?: Promise<KratixOptionalKinds>;
  private readonly optionalSubscriptions = new Set<OptionalSubscription>();
  private rediscoveryTimer?: NodeJS.Timeout;
  private readonly discoveryIntervalMs: number;

  constructor(
    private readonly options: {
      client: KubeHttpClient;
      logger: LoggerService;
      requestTimeoutMs: number;
      /** How often the optional kinds are discovered again. Default: 5 minutes. */
      discoveryIntervalMs?: number;
    },
  ) {
    this.discoveryIntervalMs =
      options.discoveryIntervalMs ?? DISCOVERY_INTERVAL_MS;
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

  /**
   * Which optional kinds the platform serves, from its API discovery
   * (`GET /apis/platform.kratix.io/v1alpha1`): asked on first use, then again when the
   * answer is older than the discovery interval (the previous answer is given meanwhile).
   * A failed discovery is not an error: the previous answer stands (none served, the
   * first time) and it is tried again soon.
   */
  async optionalKinds(): Promise<KratixOptionalKinds> {
    const known = this.discovered;
    if (known && Date.now() - known.at < this.discoveryIntervalMs) {
      return known.kinds;
    }
    this.discovering ??= this.discover().finally(() => {
      this.discovering = undefined;
    });
    if (known) return known.kinds;
    // A cluster that does not answer: none served for now, rather than wait for it.
    return this.caches.down() ? NONE_SERVED : this.discovering;
  }

  /**
   * Changes whenever an object in the platform's watch caches changes, or a cache syncs
   * or goes: lists computed from the caches (the requests' index) are kept until then.
   */
  revision(): number {
    return this.caches.revision();
  }

  listHealthRecords() {
    return this.optionalItems('healthRecords');
  }

  async listPromiseRevisions(promise?: string) {
    const items = await this.optionalItems('promiseRevisions');
    return promise
      ? items.filter(
          r =>
            (r.metadata.labels?.[KRATIX_LABELS.promiseName] ??
              r.spec?.promiseRef?.name) === promise,
        )
      : items;
  }

  async listResourceBindings(labels?: Record<string, string>) {
    return (await this.optionalItems('resourceBindings')).filter(b =>
      hasLabels(b, labels),
    );
  }

  async createDryRun(object: KubeObject, as: KratixWriteOptions = {}) {
    return this.options.client.post<KubeObject>(
      kindPath(PLATFORM_KINDS.dryruns, object.metadata.namespace),
      object,
      { fieldManager: 'backstage-kratix' },
      writeAs(as),
    );
  }

  async getDryRun(
    namespace: string,
    name: string,
    as: KratixWriteOptions = {},
  ) {
    try {
      const found = await this.options.client.get<KubeObject>(
        kindPath(PLATFORM_KINDS.dryruns, namespace, name),
        undefined,
        writeAs(as),
      );
      return {
        ...found,
        apiVersion: found.apiVersion ?? apiVersionOf(PLATFORM_KINDS.dryruns),
        kind: found.kind ?? PLATFORM_KINDS.dryruns.kind,
      };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async deleteDryRun(
    namespace: string,
    name: string,
    as: KratixWriteOptions = {},
  ) {
    try {
      await this.options.client.delete(
        kindPath(PLATFORM_KINDS.dryruns, namespace, name),
        { propagationPolicy: 'Background' },
        writeAs(as),
      );
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
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

  async patchMetadata(
    target: KratixTarget,
    patch: MetadataPatch,
    as: KratixWriteOptions = {},
  ) {
    const { kind, namespace, name } = await this.targetOf(target);
    const updated = await this.options.client.mergePatch<KubeObject>(
      kindPath(kind, namespace, name),
      { metadata: patch },
      writeAs(as),
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
          writeAs(options),
        )
      : await this.options.client.post<KubeObject>(
          kindPath(kind, namespace),
          object,
          { ...query, fieldManager: 'backstage-kratix' },
          writeAs(options),
        );
    if (!options.dryRun) this.caches.for(kind).upsert(created);
    return created;
  }

  async deleteRequest(
    promise: KubeObject,
    namespace: string,
    name: string,
    as: KratixWriteOptions = {},
  ) {
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
      writeAs(as),
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
      const optional = OPTIONAL_EVENT_KINDS[kind];
      if (optional)
        unsubscribers.push(this.subscribeOptional(kind, optional, listener));
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
    clearInterval(this.rediscoveryTimer);
    this.rediscoveryTimer = undefined;
    for (const sub of this.optionalSubscriptions) sub.unsubscribe?.();
    this.optionalSubscriptions.clear();
    return this.caches.stop();
  }

  private async optionalItems(
    kind: keyof KratixOptionalKinds,
  ): Promise<KubeObject[]> {
    if (!(await this.optionalKinds())[kind]) return [];
    return this.caches.for(OPTIONAL_KINDS[kind]).items();
  }

  private async discover(): Promise<KratixOptionalKinds> {
    const group = `${KRATIX_PLATFORM_GROUP}/${KRATIX_PLATFORM_VERSION}`;
    try {
      const list = await this.options.client.get<{
        resources?: Array<{ name?: string }>;
      }>(`/apis/${group}`);
      const served = new Set((list.resources ?? []).map(r => r.name));
      const kinds = Object.fromEntries(
        Object.entries(OPTIONAL_KINDS).map(([key, kind]) => [
          key,
          served.has(kind.plural),
        ]),
      ) as unknown as KratixOptionalKinds;
      const before = this.discovered?.kinds;
      this.discovered = { at: Date.now(), kinds };
      if (!before || JSON.stringify(before) !== JSON.stringify(kinds)) {
        this.options.logger.info(
          `Kratix kinds of newer versions served by ${this.cluster}: ${
            Object.entries(OPTIONAL_KINDS)
              .filter(([key]) => kinds[key as keyof KratixOptionalKinds])
              .map(([, kind]) => kind.plural)
              .join(', ') || 'none'
          }`,
        );
      }
      this.applyDiscovery(kinds);
      return kinds;
    } catch (error) {
      const kinds = this.discovered?.kinds ?? NONE_SERVED;
      this.options.logger.warn(
        `Cannot discover the Kratix kinds ${this.cluster} serves (${group}): ${
          (error as Error).message
        }; trying again in ${
          Math.min(DISCOVERY_RETRY_MS, this.discoveryIntervalMs) / 1000
        } s`,
      );
      this.discovered = {
        at:
          Date.now() -
          this.discoveryIntervalMs +
          Math.min(DISCOVERY_RETRY_MS, this.discoveryIntervalMs),
        kinds,
      };
      return kinds;
    }
  }

  /** Drops the caches of kinds no longer served; starts subscriptions to newly served ones. */
  private applyDiscovery(kinds: KratixOptionalKinds) {
    for (const [key, descriptor] of Object.entries(OPTIONAL_KINDS)) {
      if (
        !kinds[key as keyof KratixOptionalKinds] &&
        this.caches.has(descriptor)
      ) {
        this.caches.drop(descriptor);
      }
    }
    for (const sub of this.optionalSubscriptions) {
      const served = kinds[sub.optional];
      if (served && !sub.unsubscribe) {
        sub.unsubscribe = this.caches
          .for(OPTIONAL_KINDS[sub.optional])
          .subscribe((type, object) =>
            sub.listener({ type, kind: sub.kind, object }),
          );
      } else if (!served && sub.unsubscribe) {
        sub.unsubscribe();
        sub.unsubscribe = undefined;
      }
    }
  }

  /**
   * Events of an optional kind: once discovery says the platform serves it, and from
   * whenever a later discovery says it does.
   */
  private subscribeOptional(
    kind: KratixEventKind,
    optional: keyof KratixOptionalKinds,
    listener: (event: KratixObjectEvent) => void,
  ): () => void {
    const sub: OptionalSubscription = { kind, optional, listener };
    this.optionalSubscriptions.add(sub);
    if (!this.rediscoveryTimer) {
      this.rediscoveryTimer = setInterval(() => {
        this.optionalKinds().catch(() => undefined);
      }, this.discoveryIntervalMs);
      this.rediscoveryTimer.unref?.();
    }
    this.optionalKinds()
      .then(kinds => {
        if (this.optionalSubscriptions.has(sub)) this.applyDiscovery(kinds);
      })
      .catch(() => undefined);
    return () => {
      this.optionalSubscriptions.delete(sub);
      sub.unsubscribe?.();
      sub.unsubscribe = undefined;
      if (!this.optionalSubscriptions.size) {
        clearInterval(this.rediscoveryTimer);
        this.rediscoveryTimer = undefined;
      }
    };
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
