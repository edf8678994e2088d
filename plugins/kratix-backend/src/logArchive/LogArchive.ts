import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import {
  type DatabaseService,
  isDatabaseConflictError,
  type LoggerService,
  type SchedulerService,
} from '@backstage/backend-plugin-api';
import type {
  KratixPlatform,
  KratixPlatforms,
  KubeObject,
} from '@kratix-backstage/plugin-kratix-node';
import {
  type KratixDatabaseClient,
  migrateDatabase,
} from '../database/migrateDatabase';
import type { LogArchiveSettings } from './config';
import { TailBuffer } from './TailBuffer';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

const TABLE = 'kratix_log_archive';

type Knex = KratixDatabaseClient;

/** A claim whose replica never stored the log (it stopped mid-way) is dropped after this. */
const STALE_CLAIM_MS = 15 * 60 * 1000;

/** Where an archived log came from, and what the archive cut of it. */
export interface ArchivedLogInfo {
  archivedAt: string;
  /** When the container terminated, as its status said. */
  finishedAt?: string;
  podUid: string;
  originalBytes: number;
  keptBytes: number;
  cutBytes: number;
  cutLines: number;
}

/** An archived log: its text (with the cut marker, if any) and where it came from. */
export interface ArchivedLog extends ArchivedLogInfo {
  content: Buffer;
}

/** What became of one attempt to archive a container's log. */
export type ArchiveOutcome =
  | 'archived'
  | 'already-claimed'
  | 'no-log'
  | 'failed';

/** A terminated container of a pipeline Pod, to archive. */
export interface TerminatedContainer {
  platform: string;
  namespace: string;
  pod: string;
  podUid: string;
  container: string;
  finishedAt?: string;
}

/** The pipeline containers of a Pod that have terminated, from its status. */
export function terminatedContainers(
  platform: string,
  pod: KubeObject,
): TerminatedContainer[] {
  const status = (pod as any).status ?? {};
  const statuses: any[] = [
    ...(status.initContainerStatuses ?? []),
    ...(status.containerStatuses ?? []),
  ];
  const { namespace, name, uid } = pod.metadata;
  if (!namespace || !name) return [];
  return statuses
    .filter(s => s?.name && s.state?.terminated)
    .map(s => ({
      platform,
      namespace,
      pod: name,
      podUid: String(uid ?? ''),
      container: s.name,
      ...(s.state.terminated.finishedAt
        ? { finishedAt: String(s.state.terminated.finishedAt) }
        : {}),
    }));
}

const keyOf = (c: TerminatedContainer) =>
  [c.platform, c.namespace, c.pod, c.container, c.podUid].join('\u0000');

const iso = (value: unknown): string | undefined =>
  value === null || value === undefined
    ? undefined
    : new Date(value as string | number | Date).toISOString();

/** Options of {@link LogArchive}, besides its settings. */
export interface LogArchiveOptions {
  /** How long to wait after a container terminates before reading its log. Default 1 s. */
  settleMs?: number;
  /** Logs read at once, at most. Default 2. */
  concurrency?: number;
  /** Names this replica in its claims. Default: a random id. */
  instanceId?: string;
}

/**
 * Keeps the logs of pipeline containers in the plugin's database, so that they can be
 * served once Kratix (or the Job's TTL) has deleted their Pods. From the Pod watch cache,
 * each container that terminates is archived once: the replica whose insert of the
 * container's row (unique by platform, namespace, Pod, container and Pod uid) succeeds
 * reads the whole log as a stream, keeps its tail within the cap and stores it
 * gzip-compressed; the others see the conflict and skip it.
 */
export class LogArchive {
  private readonly handled = new Set<string>();
  private readonly queue: TerminatedContainer[] = [];
  private running = 0;
  private readonly stops: Array<() => void> = [];
  private readonly abort = new AbortController();
  private readonly idle = new Set<() => void>();
  private readonly settleMs: number;
  private readonly concurrency: number;
  readonly instanceId: string;

  private constructor(
    private readonly db: Knex,
    private readonly platforms: KratixPlatforms,
    private readonly logger: LoggerService,
    readonly settings: LogArchiveSettings,
    options: LogArchiveOptions,
  ) {
    this.settleMs = options.settleMs ?? 1000;
    this.concurrency = options.concurrency ?? 2;
    this.instanceId = options.instanceId ?? randomUUID();
  }

  /** Opens the archive on the plugin's database, migrating it first. */
  static async create(options: {
    database: DatabaseService;
    platforms: KratixPlatforms;
    logger: LoggerService;
    settings: LogArchiveSettings;
    options?: LogArchiveOptions;
  }): Promise<LogArchive> {
    const db = await migrateDatabase(options.database);
    return new LogArchive(
      db,
      options.platforms,
      options.logger,
      options.settings,
      options.options ?? {},
    );
  }

  /** Watches the Pods of every platform (but the demo's) and archives what terminates. */
  start() {
    for (const platform of this.platforms.list()) {
      if (platform.demo) continue;
      this.stops.push(
        platform.kratix.subscribe(['pods'], event => {
          const containers = terminatedContainers(platform.name, event.object);
          if (event.type === 'deleted') {
            // No more events come for this Pod (its uid): forget it, so the set stays small.
            containers.forEach(c => this.handled.delete(keyOf(c)));
            return;
          }
          containers.forEach(c => this.enqueue(c));
        }),
      );
    }
  }

  /** Schedules the removal of logs older than the retention, on one replica at a time. */
  async schedule(scheduler: SchedulerService) {
    await scheduler.scheduleTask({
      id: 'kratix-log-archive-cleanup',
      frequency: { hours: 1 },
      timeout: { minutes: 10 },
      initialDelay: { minutes: 1 },
      scope: 'global',
      fn: async () => {
        const removed = await this.cleanup();
        if (removed) {
          this.logger.info(
            `Removed ${removed} archived pipeline logs older than the retention`,
          );
        }
      },
    });
  }

  stop() {
    this.stops.splice(0).forEach(stop => stop());
    this.abort.abort();
    this.queue.length = 0;
  }

  /** Resolves once no archive is queued or running (for tests and benchmarks). */
  settled(): Promise<void> {
    if (!this.running && !this.queue.length) return Promise.resolve();
    return new Promise(resolve => this.idle.add(resolve));
  }

  private enqueue(container: TerminatedContainer) {
    const key = keyOf(container);
    if (this.handled.has(key)) return;
    this.handled.add(key);
    this.running += 1;
    // Let the runtime flush the container's last lines before reading them.
    setTimeout(() => {
      this.running -= 1;
      this.queue.push(container);
      this.drain();
    }, this.settleMs).unref?.();
  }

  private drain() {
    while (this.running < this.concurrency && this.queue.length) {
      const next = this.queue.shift()!;
      this.running += 1;
      this.archive(next)
        .catch(error =>
          this.logger.warn(
            `Could not archive the log of ${next.namespace}/${next.pod}/${next.container} on platform '${next.platform}': ${error}`,
          ),
        )
        .finally(() => {
          this.running -= 1;
          this.drain();
        });
    }
    if (!this.running && !this.queue.length) {
      this.idle.forEach(resolve => resolve());
      this.idle.clear();
    }
  }

  /**
   * Archives one container's log unless another replica (or an earlier run) claimed it.
   */
  async archive(c: TerminatedContainer): Promise<ArchiveOutcome> {
    const platform = this.platforms.get(c.platform);
    if (!platform || this.abort.signal.aborted) return 'failed';
    if (!(await this.claim(c))) return 'already-claimed';
    const where = {
      platform: c.platform,
      namespace: c.namespace,
      pod: c.pod,
      container: c.container,
      pod_uid: c.podUid,
      claimed_by: this.instanceId,
    };
    try {
      const tail = await this.readTail(platform, c);
      if (!tail) {
        await this.db(TABLE).where(where).delete();
        return 'no-log';
      }
      const kept = tail.finish();
      const content = await gzipAsync(kept.content);
      await this.db(TABLE).where(where).update({
        state: 'stored',
        archived_at: new Date().toISOString(),
        original_bytes: kept.originalBytes,
        kept_bytes: kept.keptBytes,
        cut_bytes: kept.cutBytes,
        cut_lines: kept.cutLines,
        content,
      });
      this.logger.info(
        `Archived the log of ${c.namespace}/${c.pod}/${c.container} on platform '${c.platform}': ${kept.originalBytes} bytes, ${content.length} stored`,
      );
      return 'archived';
    } catch (error) {
      // Give the claim back, so that a later event (here or on another replica) retries.
      await this.db(TABLE)
        .where(where)
        .delete()
        .catch(() => undefined);
      this.handled.delete(keyOf(c));
      throw error;
    }
  }

  /** Inserts the container's row; false when it is there already. */
  private async claim(c: TerminatedContainer): Promise<boolean> {
    try {
      await this.db(TABLE).insert({
        platform: c.platform,
        namespace: c.namespace,
        pod: c.pod,
        container: c.container,
        pod_uid: c.podUid,
        state: 'claimed',
        claimed_by: this.instanceId,
        claimed_at: new Date().toISOString(),
        finished_at: c.finishedAt ? iso(c.finishedAt) : null,
      });
      return true;
    } catch (error) {
      if (isDatabaseConflictError(error)) return false;
      throw error;
    }
  }

  /** Streams the whole log through a tail buffer of the cap; undefined when there is none. */
  private async readTail(
    platform: KratixPlatform,
    c: TerminatedContainer,
  ): Promise<TailBuffer | undefined> {
    const log = await platform.kratix.readLogs(
      c.namespace,
      c.pod,
      c.container,
      {
        signal: this.abort.signal,
      },
    );
    if (!log.available) {
      this.logger.debug(
        `No log to archive for ${c.namespace}/${c.pod}/${c.container}: ${log.reason}`,
      );
      return undefined;
    }
    const tail = new TailBuffer(this.settings.maxBytesPerContainer);
    for await (const chunk of log.stream) {
      tail.write(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
    }
    return tail;
  }

  /** The newest archived log of a container, whichever Pod uid it had. */
  async find(
    platform: string,
    namespace: string,
    pod: string,
    container: string,
  ): Promise<ArchivedLog | undefined> {
    const row = await this.db(TABLE)
      .where({ platform, namespace, pod, container, state: 'stored' })
      .orderBy('archived_at', 'desc')
      .first();
    if (!row) return undefined;
    return {
      content: await gunzipAsync(row.content),
      archivedAt: iso(row.archived_at)!,
      ...(row.finished_at ? { finishedAt: iso(row.finished_at) } : {}),
      podUid: row.pod_uid,
      originalBytes: Number(row.original_bytes),
      keptBytes: Number(row.kept_bytes),
      cutBytes: Number(row.cut_bytes),
      cutLines: Number(row.cut_lines),
    };
  }

  /** Removes logs archived longer ago than the retention, and stale claims. */
  async cleanup(now = Date.now()): Promise<number> {
    const before = new Date(now - this.settings.retentionMs).toISOString();
    const stale = new Date(now - STALE_CLAIM_MS).toISOString();
    const old = await this.db(TABLE)
      .where('state', 'stored')
      .andWhere('archived_at', '<', before)
      .delete();
    await this.db(TABLE)
      .where('state', 'claimed')
      .andWhere('claimed_at', '<', stale)
      .delete();
    return old;
  }
}
