import type {
  DatabaseService,
  LifecycleService,
  LoggerService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { KratixPlatforms } from '@kratix-backstage/plugin-kratix-node';
import { readLogArchiveSettings } from './config';
import { LogArchive } from './LogArchive';

/**
 * Starts the log archive as `kratix.logArchive` says (on by default): it archives from the
 * Pod watch caches once the backend has started, and removes old logs on a schedule.
 * Answers undefined when it is turned off.
 */
export async function startLogArchive(options: {
  config: RootConfigService;
  database: DatabaseService;
  scheduler: SchedulerService;
  lifecycle: LifecycleService;
  platforms: KratixPlatforms;
  logger: LoggerService;
}): Promise<LogArchive | undefined> {
  const settings = readLogArchiveSettings(options.config);
  if (!settings.enabled) return undefined;
  const archive = await LogArchive.create({
    database: options.database,
    platforms: options.platforms,
    logger: options.logger,
    settings,
  });
  options.lifecycle.addStartupHook(() => archive.start());
  options.lifecycle.addShutdownHook(() => archive.stop());
  await archive.schedule(options.scheduler);
  return archive;
}
