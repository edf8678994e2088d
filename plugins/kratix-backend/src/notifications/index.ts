import type {
  DatabaseService,
  LifecycleService,
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { KratixPlatforms } from '@kratix-backstage/plugin-kratix-node';
import { RequestService } from '../services/RequestService';
import { NotificationMarkStore } from './NotificationMarkStore';
import { readNotificationsConfig } from './readNotificationsConfig';
import { RequestNotifier } from './RequestNotifier';

export { NotificationMarkStore } from './NotificationMarkStore';
export { readNotificationsConfig } from './readNotificationsConfig';
export type { KratixNotificationsConfig } from './readNotificationsConfig';
export { RequestNotifier, requesterOf } from './RequestNotifier';
export type { KratixNotificationTransition } from './transitions';

/**
 * Notifies requesters of their requests' transitions (`kratix.notifications`), from
 * the backend's start to its shutdown. Does nothing when disabled.
 */
export async function setUpRequestNotifier(deps: {
  config: RootConfigService;
  database: DatabaseService;
  notifications: NotificationService;
  platforms: KratixPlatforms;
  logger: LoggerService;
  lifecycle: LifecycleService;
}): Promise<RequestNotifier | undefined> {
  const config = readNotificationsConfig(deps.config);
  if (!config.enabled || !config.transitions.length) return undefined;
  const notifier = new RequestNotifier({
    platforms: deps.platforms,
    requests: new RequestService(deps.platforms),
    store: await NotificationMarkStore.create(deps.database),
    notifications: deps.notifications,
    logger: deps.logger,
    config,
  });
  deps.lifecycle.addStartupHook(() => notifier.start());
  deps.lifecycle.addShutdownHook(() => notifier.stop());
  return notifier;
}
