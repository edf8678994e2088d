import { createHash } from 'node:crypto';
import type {
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { type Entity, stringifyEntityRef } from '@backstage/catalog-model';
import type {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import {
  type KratixObjectEvent,
  loadWorkerJudgment,
  type WorkerJudgment,
} from '@kratix-backstage/plugin-kratix-node';
import type {
  KratixPlatform,
  KratixPlatforms,
} from '@kratix-backstage/plugin-kratix-node';
import {
  buildPlatformEntities,
  promiseEntities,
  syncedKinds,
} from './buildPlatformEntities';
import type { KratixEntityContext } from './entityContext';
import { readCatalogConfig } from './readCatalogConfig';
import { RequestPromiseIndex } from './RequestPromiseIndex';
import {
  ALL_REQUESTS,
  type KratixPlatformCatalogConfig,
  promiseRequestsInCatalog,
} from './requestsInCatalog';
import { toDestinationEntity } from './toDestinationEntity';
import { toRequestEntity } from './toRequestEntity';

const fingerprint = (entity: Entity) =>
  createHash('sha1').update(JSON.stringify(entity)).digest('base64');

/**
 * Syncs one Kratix platform into the catalog. A scheduled task (global scope: one
 * replica at a time) applies a full mutation, then keeps watching the platform and
 * applies batched delta mutations until its lease (the schedule's frequency) ends.
 * A platform that cannot be read keeps its entities as they are.
 *
 * @public
 */
export class KratixEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;
  private readonly logger: LoggerService;
  private readonly ctx: KratixEntityContext;
  /** Fingerprints of the entities last applied, by entity ref. */
  private applied = new Map<string, string>();
  private workerJudgment?: WorkerJudgment;
  private pending = {
    added: new Map<string, Entity>(),
    removed: new Set<string>(),
  };
  private flushTimer?: NodeJS.Timeout;
  /** A full sync due because a Promise's requests went into or out of the catalog. */
  private resyncTimer?: NodeJS.Timeout;
  /** The lease this replica holds: how to end it early and when it has ended. */
  private lease?: { end: () => void; finished: Promise<void> };
  /** Set once the backend shuts down: no new lease starts on this replica. */
  private closing = false;

  /** One provider per configured platform. */
  static fromConfig(
    config: Config,
    options: {
      logger: LoggerService;
      platforms: KratixPlatforms;
      scheduler?: SchedulerService;
      /** Overrides the scheduler (tests). */
      schedule?: SchedulerServiceTaskRunner;
    },
  ): KratixEntityProvider[] {
    const catalogConfig = readCatalogConfig(config);
    if (!catalogConfig.enabled) return [];
    const taskRunner =
      options.schedule ??
      options.scheduler!.createScheduledTaskRunner({
        ...catalogConfig.schedule,
        scope: catalogConfig.schedule.scope ?? 'global',
      });
    const leaseMs = durationMs(catalogConfig.schedule.frequency);
    return options.platforms.list().map(
      platform =>
        new KratixEntityProvider(platform, taskRunner, options.logger, {
          defaultOwner: catalogConfig.defaultOwner,
          batchMs: catalogConfig.batchMs,
          templatePreview: catalogConfig.templates.preview,
          leaseMs,
          scheduler: options.scheduler,
          catalog: catalogConfig.platforms[platform.name],
        }),
    );
  }

  private constructor(
    private readonly platform: KratixPlatform,
    private readonly taskRunner: SchedulerServiceTaskRunner,
    logger: LoggerService,
    private readonly options: {
      defaultOwner: string;
      batchMs: number;
      templatePreview?: boolean;
      leaseMs?: number;
      scheduler?: SchedulerService;
      /** How often workers' Flux objects are re-judged while watching. Default 10 s. */
      workerCheckMs?: number;
      /** Which of the platform's requests go in (`kratix.platforms[].catalog`). */
      catalog?: KratixPlatformCatalogConfig;
    },
  ) {
    this.logger = logger.child({ target: this.getProviderName() });
    this.ctx = {
      platform: {
        name: platform.name,
        title: platform.title,
        demo: platform.demo,
      },
      defaultOwner: options.defaultOwner,
      templatePreview: options.templatePreview ?? true,
      requestsInCatalog: promise =>
        promiseRequestsInCatalog(options.catalog ?? ALL_REQUESTS, promise),
    };
  }

  getProviderName(): string {
    return `kratix-provider:${this.platform.name}`;
  }

  private get taskId() {
    return `${this.getProviderName()}:refresh`;
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    await this.taskRunner.run({
      id: this.taskId,
      fn: signal => this.runLease(signal),
    });
  }

  /**
   * A full sync, then watch-driven deltas until the lease ends, the task is aborted or
   * the backend hands the lease over. Never throws, so one failure does not stop the
   * schedule.
   */
  async runLease(signal?: AbortSignal): Promise<void> {
    if (this.closing) return;
    let end = () => {};
    const ended = new Promise<void>(resolve => {
      end = resolve;
    });
    let finish = () => {};
    const finished = new Promise<void>(resolve => {
      finish = resolve;
    });
    this.lease = { end, finished };
    this.logger.info(
      `Took the catalog lease of Kratix platform ${this.platform.name}: full sync, then watching for changes on this replica`,
    );
    try {
      const synced = await this.refresh();
      if (!synced || signal?.aborted || this.closing) return;
      const stop = this.watch();
      try {
        await new Promise<void>(resolve => {
          const timer = this.options.leaseMs
            ? setTimeout(resolve, this.options.leaseMs)
            : undefined;
          const done = () => {
            clearTimeout(timer);
            resolve();
          };
          signal?.addEventListener('abort', done);
          ended.then(done);
          if (!signal && !timer) resolve();
        });
      } finally {
        stop();
        await this.flush();
      }
    } finally {
      this.lease = undefined;
      this.logger.info(
        `Released the catalog lease of Kratix platform ${this.platform.name}`,
      );
      finish();
    }
  }

  /**
   * Called before the backend shuts down: ends this replica's lease while the database
   * is still there, so the scheduler records the release, then marks the task due so
   * that another replica takes it over at its next poll instead of at the next
   * scheduled run. Best effort: at worst another replica takes over on schedule.
   */
  async handOver(timeoutMs = 5000): Promise<void> {
    this.closing = true;
    const lease = this.lease;
    if (!lease) return;
    lease.end();
    const deadline = Date.now() + timeoutMs;
    // A full sync still waiting on an unreachable cluster must not hold up shutdown.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      lease.finished,
      new Promise(resolve => {
        timer = setTimeout(resolve, timeoutMs);
      }),
    ]);
    clearTimeout(timer);
    const scheduler = this.options.scheduler;
    if (!scheduler) return;
    for (;;) {
      try {
        // Refused while the scheduler has not yet recorded the release.
        await scheduler.triggerTask(this.taskId);
        this.logger.info(
          `Handed the catalog lease of Kratix platform ${this.platform.name} over to the other replicas`,
        );
        return;
      } catch (error) {
        if (Date.now() > deadline) {
          this.logger.warn(
            `Could not hand the catalog lease of Kratix platform ${this.platform.name} over; another replica takes it at its next scheduled run: ${error}`,
          );
          return;
        }
        await new Promise(r => setTimeout(r, 100));
      }
    }
  }

  /** Applies a full mutation; answers false (changing nothing) when the cluster cannot be read. */
  async refresh(): Promise<boolean> {
    const started = Date.now();
    try {
      const source = this.platform.kratix;
      this.workerJudgment = await loadWorkerJudgment(this.platform).catch(
        () => undefined,
      );
      const { entities, promises, skipped } = await buildPlatformEntities(
        this.ctx,
        source,
        this.logger,
        this.workerJudgment,
      );
      const kinds = syncedKinds(promises, this.ctx.requestsInCatalog);
      const stale = source
        .cacheStatus()
        .filter(s => kinds.has(s.kind) && s.staleSince);
      if (stale.length) {
        throw new Error(
          `${stale.map(s => s.kind).join(', ')} stale since ${
            stale[0].staleSince
          }: ${stale[0].lastError}`,
        );
      }
      await this.connection!.applyMutation({
        type: 'full',
        entities: entities.map(entity => ({
          entity,
          locationKey: this.getProviderName(),
        })),
      });
      this.applied = new Map(
        entities.map(e => [stringifyEntityRef(e), fingerprint(e)]),
      );
      this.logger.info(
        `Synced ${entities.length} entities from Kratix platform ${
          this.platform.name
        } in ${Date.now() - started} ms (${skipped} skipped)`,
      );
      return true;
    } catch (error) {
      this.logger.error(
        `Cannot sync Kratix platform ${this.platform.name} (unreachable or access denied); its catalog entities are kept unchanged: ${error}`,
      );
      return false;
    }
  }

  /** Subscribes to the platform's changes; answers the unsubscribe function. */
  watch(): () => void {
    const index = new RequestPromiseIndex(this.ctx.requestsInCatalog);
    // Workers' Flux objects are not Kratix's: re-judge on a clock (one pass, shared with
    // the REST API; unchanged objects reuse the last judgment) and re-queue every request
    // entity only when the judgment changed; the delta keeps only changed entities.
    const workerTimer = this.platform.workers.length
      ? setInterval(() => {
          this.rejudgeWorkers().catch(error =>
            this.logger.warn(
              `Cannot judge the workers of Kratix platform ${this.platform.name}: ${error}`,
            ),
          );
        }, this.options.workerCheckMs ?? 10_000)
      : undefined;
    const unsubscribe = this.platform.kratix.subscribe(
      ['promises', 'requests', 'destinations'],
      event => {
        try {
          this.onEvent(event, index);
        } catch (error) {
          this.logger.warn(
            `Skipping ${event.kind} event for ${event.object.metadata?.name}: ${error}`,
          );
        }
      },
    );
    return () => {
      clearInterval(workerTimer);
      clearTimeout(this.resyncTimer);
      this.resyncTimer = undefined;
      unsubscribe();
    };
  }

  /**
   * A Promise's requests went into or out of the catalog (its label changed): after the
   * pending delta, a full sync adds or removes them all (~0.3 s for 10,000 unchanged
   * requests). The next lease would do it too; this does it within `batchMs`.
   */
  private resyncSoon() {
    this.resyncTimer ??= setTimeout(() => {
      this.resyncTimer = undefined;
      this.flush()
        .then(() => this.refresh())
        .catch(error =>
          this.logger.error(`Kratix catalog full sync failed: ${error}`),
        );
    }, this.options.batchMs);
  }

  private async rejudgeWorkers() {
    const judgment = await loadWorkerJudgment(this.platform);
    if (judgment === this.workerJudgment) return;
    this.workerJudgment = judgment;
    const { entities } = await buildPlatformEntities(
      this.ctx,
      this.platform.kratix,
      this.logger,
      judgment,
    );
    for (const entity of entities) {
      if (entity.spec?.type === 'kratix-resource')
        this.queue('modified', entity);
    }
  }

  private onEvent(event: KratixObjectEvent, index: RequestPromiseIndex) {
    const { type, kind, object } = event;
    let entities: Entity[];
    if (kind === 'promises') {
      if (index.update(type, object)) this.resyncSoon();
      entities = promiseEntities(this.ctx, object);
    } else if (kind === 'destinations') {
      entities = [toDestinationEntity(this.ctx, object)];
    } else {
      const promise = index.promiseOf(object);
      if (!promise) throw new Error('no Promise serves this request kind');
      // Kept out of the catalog (kratix.platforms[].catalog, or the Promise's label).
      if (!index.requestsIncluded(promise)) return;
      entities = [
        toRequestEntity(
          this.ctx,
          promise,
          object,
          this.workerJudgment?.of(
            promise,
            object.metadata.namespace ?? 'default',
            object.metadata.name,
          ),
        ),
      ];
    }
    for (const entity of entities) this.queue(type, entity);
  }

  private queue(type: KratixObjectEvent['type'], entity: Entity) {
    const ref = stringifyEntityRef(entity);
    if (type === 'deleted') {
      this.pending.added.delete(ref);
      this.pending.removed.add(ref);
    } else {
      this.pending.removed.delete(ref);
      this.pending.added.set(ref, entity);
    }
    this.flushTimer ??= setTimeout(() => {
      this.flush().catch(error =>
        this.logger.error(`Kratix catalog delta failed: ${error}`),
      );
    }, this.options.batchMs);
  }

  /** Applies the queued changes as one delta mutation, leaving out what did not change. */
  async flush(): Promise<void> {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    const { added, removed } = this.pending;
    this.pending = { added: new Map(), removed: new Set() };
    const changed: Entity[] = [];
    for (const [ref, entity] of added) {
      const print = fingerprint(entity);
      if (this.applied.get(ref) === print) continue;
      this.applied.set(ref, print);
      changed.push(entity);
    }
    const gone = [...removed].filter(ref => this.applied.delete(ref));
    if (!changed.length && !gone.length) return;
    const locationKey = this.getProviderName();
    await this.connection!.applyMutation({
      type: 'delta',
      added: changed.map(entity => ({ entity, locationKey })),
      removed: gone.map(entityRef => ({ entityRef, locationKey })),
    });
    this.logger.debug(
      `Applied Kratix delta: ${changed.length} added or changed, ${gone.length} removed`,
    );
  }
}

/** Milliseconds of a schedule frequency given as a duration; undefined for cron or manual. */
function durationMs(frequency: unknown): number | undefined {
  if (!frequency || typeof frequency !== 'object') return undefined;
  if ('cron' in frequency || 'trigger' in frequency) return undefined;
  const f = frequency as Record<string, number>;
  const ms =
    (f.milliseconds ?? 0) +
    (f.seconds ?? 0) * 1e3 +
    (f.minutes ?? 0) * 6e4 +
    (f.hours ?? 0) * 36e5 +
    (f.days ?? 0) * 864e5;
  return ms > 0 ? ms : undefined;
}
