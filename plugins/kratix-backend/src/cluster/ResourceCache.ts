import type { LoggerService } from '@backstage/backend-plugin-api';
import type { KratixCacheStatus } from '@kratix-backstage/plugin-kratix-common';
import { KratixClusterError, toKratixClusterError } from './errors';
import type { KubeEventType, KubeObject } from './types';

/**
 * One event of a Kubernetes watch, as the API server sends it.
 *
 * @public
 */
export interface RawWatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: any;
}

/**
 * How a cache lists and watches its kind.
 *
 * @public
 */
export interface ListWatchApi {
  /**
   * Every object, and the resourceVersion to watch from. An implementation may apply
   * `transform` to each object itself (e.g. page by page, so that a long list is never
   * held untransformed) and then answers `transformed: true`.
   */
  list(options?: { transform?: (object: KubeObject) => KubeObject }): Promise<{
    items: KubeObject[];
    resourceVersion: string;
    transformed?: boolean;
  }>;
  /** Resolves when the server ends the watch; rejects on failure. */
  watch(
    resourceVersion: string,
    onEvent: (event: RawWatchEvent) => void,
    signal: AbortSignal,
  ): Promise<void>;
}

/** @public */
export interface ResourceCacheOptions {
  cluster: string;
  /** The kind held, as the cache's status names it. */
  kind: string;
  api: ListWatchApi;
  /** How long a read waits for the first list. */
  readTimeoutMs: number;
  logger?: LoggerService;
  backoff?: { initialMs: number; maxMs: number };
  /** Makes stored objects smaller (e.g. drops managedFields). */
  transform?: (object: KubeObject) => KubeObject;
  /**
   * Shared by the caches of one cluster: whether the cluster answers. A cache that has
   * not synced answers a read at once with the failure another cache of its cluster
   * just met, instead of waiting for its own list to fail the same way.
   */
  reachability?: ClusterReachability;
  /** Called on every change to what the cache holds (objects, or becoming synced). */
  onChange?: () => void;
}

/**
 * Whether one cluster answers, as the calls of its watch caches find it: the last call
 * that got an answer, or a failure to get any (unreachable, or no answer in time).
 *
 * @public
 */
export class ClusterReachability {
  private failure?: KratixClusterError;

  /** A call got an answer (a list, a watch opened, an event). */
  answered(): void {
    this.failure = undefined;
  }

  /** A call failed; only failures to get an answer at all say the cluster is down. */
  failed(error: KratixClusterError): void {
    if (error.type === 'unreachable' || error.type === 'timeout') {
      this.failure = error;
    }
  }

  /** Why the cluster is down, when its latest call got no answer. */
  down(): KratixClusterError | undefined {
    return this.failure;
  }
}

type Waiter = { resolve: () => void; reject: (error: Error) => void };
type Listener = (type: KubeEventType, object: KubeObject) => void;

const keyOf = (o: KubeObject) =>
  `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
const isGone = (e: unknown) =>
  (e as { statusCode?: number })?.statusCode === 410;

/**
 * An informer-style cache of one kind on one cluster: list, then watch from the list's
 * resourceVersion; relist at once on `410 Gone`, back off exponentially on other errors.
 * A synced cache answers reads without calling the API server, even while it is failing
 * to follow changes (its status then says since when it is stale).
 *
 * @public
 */
export class ResourceCache {
  private readonly objects = new Map<string, KubeObject>();
  private readonly listeners = new Set<Listener>();
  private waiters: Waiter[] = [];
  private readonly abort = new AbortController();
  private started = false;
  private stopped = false;
  private synced = false;
  private listing = false;
  private lastAttemptAt = 0;
  private lastSyncedAt?: Date;
  private staleSince?: Date;
  private lastError?: KratixClusterError;
  private wake?: () => void;

  constructor(private readonly options: ResourceCacheOptions) {}

  /** Starts listing and watching (once). */
  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    void this.run();
  }

  /** Every object, once the cache has synced. */
  async items(): Promise<KubeObject[]> {
    await this.ready();
    return [...this.objects.values()];
  }

  /** One object by namespace (empty for cluster-scoped kinds) and name. */
  async get(
    namespace: string | undefined,
    name: string,
  ): Promise<KubeObject | undefined> {
    await this.ready();
    return this.objects.get(`${namespace ?? ''}/${name}`);
  }

  /** Puts an object the API server just answered a write with (read-your-writes). */
  upsert(object: KubeObject): void {
    if (!this.synced) return;
    const stored = this.store(object);
    const existed = this.objects.has(keyOf(stored));
    this.objects.set(keyOf(stored), stored);
    this.emit(existed ? 'modified' : 'added', stored);
  }

  /**
   * Reports added, modified and deleted objects, starting the cache. Like an informer's
   * event handler, a listener added to a synced cache first gets every object as added.
   */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    this.start();
    if (this.synced) {
      for (const object of this.objects.values()) listener('added', object);
    }
    return () => this.listeners.delete(listener);
  }

  status(): KratixCacheStatus {
    return {
      cluster: this.options.cluster,
      kind: this.options.kind,
      synced: this.synced,
      ...(this.lastSyncedAt
        ? { lastSyncedAt: this.lastSyncedAt.toISOString() }
        : {}),
      ...(this.staleSince ? { staleSince: this.staleSince.toISOString() } : {}),
      ...(this.lastError ? { lastError: this.lastError.message } : {}),
    };
  }

  stop(): void {
    this.stopped = true;
    this.abort.abort();
    this.wake?.();
    this.settle(
      new Error(
        `The ${this.options.kind} cache of ${this.options.cluster} was stopped`,
      ),
    );
  }

  private ready(): Promise<void> {
    this.start();
    if (this.synced) return Promise.resolve();
    if (this.stopped) return Promise.reject(new Error('cache stopped'));
    if (this.lastError) {
      // Its last list failed: say so now, never wait for the next try (a platform that
      // does not answer would make every read wait for its timeout). A read cuts the
      // back-off short, at most once a second; the next read sees how that went.
      if (!this.listing && Date.now() - this.lastAttemptAt >= 1000) {
        this.wake?.();
      }
      return Promise.reject(this.lastError);
    }
    // Its first list is under way, but another cache of the cluster just got no answer.
    const down = this.options.reachability?.down();
    if (down) return Promise.reject(down);
    return new Promise<void>((resolve, reject) => {
      const timeout: { timer?: NodeJS.Timeout } = {};
      const waiter: Waiter = {
        resolve: () => {
          clearTimeout(timeout.timer);
          resolve();
        },
        reject: error => {
          clearTimeout(timeout.timer);
          reject(error);
        },
      };
      timeout.timer = setTimeout(() => {
        this.waiters = this.waiters.filter(w => w !== waiter);
        reject(
          new KratixClusterError({
            type: 'timeout',
            cluster: this.options.cluster,
            message: `Cluster '${this.options.cluster}': no answer listing ${this.options.kind} within ${this.options.readTimeoutMs} ms`,
          }),
        );
      }, this.options.readTimeoutMs);
      this.waiters.push(waiter);
    });
  }

  private async run(): Promise<void> {
    const { initialMs, maxMs } = this.options.backoff ?? {
      initialMs: 1000,
      maxMs: 30_000,
    };
    let delay = initialMs;
    while (!this.stopped) {
      let listed: Awaited<ReturnType<ListWatchApi['list']>>;
      try {
        this.listing = true;
        this.lastAttemptAt = Date.now();
        listed = await this.options.api.list({
          transform: this.options.transform,
        });
        this.listing = false;
      } catch (error) {
        this.listing = false;
        if (this.stopped) return;
        this.fail(error);
        this.settle(this.lastError);
        await this.sleep(delay);
        delay = Math.min(delay * 2, maxMs);
        continue;
      }
      if (this.stopped) return;
      this.options.reachability?.answered();
      this.replace(listed.items, Boolean(listed.transformed));
      this.synced = true;
      this.lastSyncedAt = new Date();
      this.staleSince = undefined;
      this.lastError = undefined;
      delay = initialMs;
      this.options.onChange?.();
      this.settle();
      try {
        await this.follow(listed.resourceVersion);
      } catch (error) {
        if (this.stopped) return;
        if (isGone(error)) {
          this.options.logger?.debug(
            `Relisting ${this.options.kind}: resourceVersion too old`,
          );
          continue;
        }
        this.fail(error);
        await this.sleep(delay);
        delay = Math.min(delay * 2, maxMs);
      }
    }
  }

  /** Watches from a resourceVersion, resuming from the last one seen when a watch ends. */
  private async follow(from: string): Promise<void> {
    let resourceVersion = from;
    const onEvent = (event: RawWatchEvent) => {
      resourceVersion = this.apply(event) ?? resourceVersion;
    };
    while (!this.stopped) {
      await this.options.api.watch(resourceVersion, onEvent, this.abort.signal);
    }
  }

  private apply(event: RawWatchEvent): string | undefined {
    const object = event.object;
    this.options.reachability?.answered();
    if (event.type === 'ERROR') {
      const code = object?.code;
      throw Object.assign(new Error(object?.message ?? 'watch error'), {
        statusCode: typeof code === 'number' ? code : undefined,
        reason: object?.reason,
      });
    }
    const resourceVersion = object?.metadata?.resourceVersion;
    if (event.type === 'BOOKMARK' || !object?.metadata?.name)
      return resourceVersion;
    const stored = this.store(object);
    const key = keyOf(stored);
    if (event.type === 'DELETED') {
      this.objects.delete(key);
      this.emit('deleted', stored);
    } else {
      const existed = this.objects.has(key);
      this.objects.set(key, stored);
      this.emit(existed ? 'modified' : 'added', stored);
    }
    return resourceVersion;
  }

  private replace(items: KubeObject[], transformed: boolean): void {
    const previous = new Map(this.objects);
    this.objects.clear();
    for (const item of items) {
      const stored = transformed ? item : this.store(item);
      const key = keyOf(stored);
      this.objects.set(key, stored);
      const before = previous.get(key);
      previous.delete(key);
      if (!before) this.emit('added', stored);
      else if (
        before.metadata.resourceVersion !== stored.metadata.resourceVersion
      ) {
        this.emit('modified', stored);
      }
    }
    for (const gone of previous.values()) this.emit('deleted', gone);
  }

  private store(object: KubeObject): KubeObject {
    return this.options.transform ? this.options.transform(object) : object;
  }

  private emit(type: KubeEventType, object: KubeObject) {
    this.options.onChange?.();
    for (const listener of this.listeners) {
      try {
        listener(type, object);
      } catch (error) {
        this.options.logger?.warn(
          `A ${this.options.kind} listener failed`,
          error as Error,
        );
      }
    }
  }

  private fail(error: unknown) {
    this.lastError = toKratixClusterError(error, this.options.cluster);
    this.options.reachability?.failed(this.lastError);
    this.staleSince ??= new Date();
    this.options.logger?.warn(
      `Watch of ${this.options.kind} on ${this.options.cluster} failed: ${this.lastError.message}`,
    );
  }

  private settle(error?: Error) {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) {
      if (error) w.reject(error);
      else w.resolve();
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise(resolve => {
      const timeout: { timer?: NodeJS.Timeout } = {};
      const done = () => {
        clearTimeout(timeout.timer);
        this.wake = undefined;
        resolve();
      };
      timeout.timer = setTimeout(done, ms);
      this.wake = done;
    });
  }
}
