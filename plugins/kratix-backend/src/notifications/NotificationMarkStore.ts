import type { DatabaseService } from '@backstage/backend-plugin-api';
import {
  type KratixDatabaseClient,
  migrateDatabase,
} from '../database/migrateDatabase';

const TABLE = 'kratix_notification_marks';

/** One transition of one request, for one generation. */
export interface NotificationMark {
  platform: string;
  requestUid: string;
  transition: string;
  generation: number;
}

/** A mark with what it records. */
export interface NotificationMarkRecord extends NotificationMark {
  /** `<namespace>/<promise>/<name>`. */
  request: string;
  recipient?: string;
  /** False when the transition was recorded without a notification. */
  sent: boolean;
}

const keyOf = (m: NotificationMark) => ({
  platform: m.platform,
  request_uid: m.requestUid,
  transition: m.transition,
  generation: m.generation,
});

/**
 * The marks of the notifications sent (table `kratix_notification_marks`): a replica
 * claims a transition by inserting its row, and only the one whose insert succeeds
 * sends. The primary key makes that exactly one, on SQLite and PostgreSQL alike.
 */
export class NotificationMarkStore {
  static async create(
    database: DatabaseService,
  ): Promise<NotificationMarkStore> {
    return new NotificationMarkStore(await migrateDatabase(database));
  }

  constructor(private readonly db: KratixDatabaseClient) {}

  /**
   * When the notifier first ran on this database (recorded by the first replica to
   * ask): transitions from before then are recorded, not announced.
   */
  async installedAt(now: Date = new Date()): Promise<Date> {
    const installed: NotificationMarkRecord = {
      platform: '*',
      requestUid: '*',
      transition: 'installed',
      generation: 0,
      request: '*',
      sent: false,
    };
    await this.claim(installed, now);
    const row = await this.db(TABLE)
      .where(keyOf(installed))
      .first('created_at');
    return new Date(row.created_at);
  }

  /** Whether the transition is already marked. */
  async has(mark: NotificationMark): Promise<boolean> {
    const row = await this.db(TABLE).where(keyOf(mark)).first('platform');
    return Boolean(row);
  }

  /**
   * Marks the transition; true when this call made the mark, false when it was there
   * already (another replica, or before a restart).
   */
  async claim(
    mark: NotificationMarkRecord,
    now: Date = new Date(),
  ): Promise<boolean> {
    try {
      await this.db(TABLE).insert({
        ...keyOf(mark),
        request: mark.request,
        recipient: mark.recipient ?? null,
        sent: mark.sent,
        created_at: now,
      });
      return true;
    } catch (error) {
      // A unique violation (the mark exists) reads differently on each database:
      // look for the row instead of parsing the error.
      if (await this.has(mark)) return false;
      throw error;
    }
  }

  /** Removes a claimed mark whose notification could not be sent, to try again later. */
  async release(mark: NotificationMark): Promise<void> {
    await this.db(TABLE).where(keyOf(mark)).delete();
  }

  /** Every mark of one request (tests and diagnostics). */
  async marksOf(platform: string, requestUid: string) {
    return this.db(TABLE)
      .where({ platform, request_uid: requestUid })
      .orderBy(['transition', 'generation']);
  }
}
