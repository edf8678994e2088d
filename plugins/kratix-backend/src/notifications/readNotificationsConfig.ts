import type { Config } from '@backstage/config';
import {
  ALL_TRANSITIONS,
  type KratixNotificationTransition,
} from './transitions';

/**
 * `kratix.notifications`, parsed.
 *
 * @public
 */
export interface KratixNotificationsConfig {
  /** Whether requesters are notified at all. Default: true. */
  enabled: boolean;
  /** Which transitions are announced. Default: all three. */
  transitions: KratixNotificationTransition[];
  /** Who is notified when a request names no requester: `kratix.catalog.defaultOwner`. */
  defaultOwner: string;
}

/** Reads `kratix.notifications`; errors name the key. */
export function readNotificationsConfig(
  config: Config,
): KratixNotificationsConfig {
  const section = config.getOptionalConfig('kratix.notifications');
  const transitions = section?.getOptionalStringArray('transitions') ?? [
    ...ALL_TRANSITIONS,
  ];
  const unknown = transitions.filter(
    t => !ALL_TRANSITIONS.includes(t as KratixNotificationTransition),
  );
  if (unknown.length) {
    throw new Error(
      `Invalid kratix.notifications.transitions: ${unknown.join(
        ', ',
      )}; known: ${ALL_TRANSITIONS.join(', ')}`,
    );
  }
  return {
    enabled: section?.getOptionalBoolean('enabled') ?? true,
    transitions: transitions as KratixNotificationTransition[],
    defaultOwner:
      config.getOptionalString('kratix.catalog.defaultOwner') ??
      'group:default/platform-team',
  };
}
