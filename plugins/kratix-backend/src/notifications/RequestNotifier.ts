import type { LoggerService } from '@backstage/backend-plugin-api';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { NotificationPayload } from '@backstage/plugin-notifications-common';
import {
  KRATIX_REQUESTER_ANNOTATION,
  type ResourceRequest,
} from '@kratix-backstage/plugin-kratix-common';
import type {
  KratixPlatform,
  KratixPlatforms,
  KubeObject,
} from '@kratix-backstage/plugin-kratix-node';
import type { RequestService } from '../services/RequestService';
import type { NotificationMarkStore } from './NotificationMarkStore';
import type { KratixNotificationsConfig } from './readNotificationsConfig';
import {
  type DetectedTransition,
  detectTransitions,
  requestEntityLink,
} from './transitions';

/** How the notifier paces itself (tests shorten these). */
export interface RequestNotifierTimings {
  /** Watch events within this window make one pass over the platform. Default 1000. */
  debounceMs: number;
  /** A pass every so often even without events (worker judgments). Default 60000. */
  sweepMs: number;
}

/**
 * How long after the notifier first ran a transition without a time of its own (a
 * worker's judgment) on a request that changed before then is taken as old: long enough
 * for the workers' caches to fill.
 */
const FIRST_RUN_GRACE_MS = 5 * 60_000;

/** The newest time a request's object records: its conditions' and its creation. */
function latestTimeOf(object: KubeObject): number {
  const conditions = Array.isArray(object.status?.conditions)
    ? (object.status.conditions as Array<{ lastTransitionTime?: string }>)
    : [];
  return Math.max(
    ...[
      object.metadata.creationTimestamp,
      ...conditions.map(c => c?.lastTransitionTime),
    ]
      .map(t => (t ? Date.parse(String(t)) : NaN))
      .filter(t => !Number.isNaN(t)),
    -Infinity,
  );
}

const NAME = /^[a-zA-Z0-9]([-_.a-zA-Z0-9]{0,61}[a-zA-Z0-9])?$/;
const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * The requester annotation as a full entity ref (`user:default/jane`), as the catalog
 * module reads it for the request entity's owner; undefined when absent or invalid.
 */
export function requesterOf(object: KubeObject): string | undefined {
  const value = object.metadata.annotations?.[KRATIX_REQUESTER_ANNOTATION];
  if (!value) return undefined;
  const match = /^(?:([^:/]+):)?(?:([^:/]+)\/)?([^:/]+)$/.exec(value.trim());
  if (!match) return undefined;
  const [, kind = 'user', namespace = 'default', name] = match;
  if (
    !/^[a-zA-Z][a-zA-Z0-9]*$/.test(kind) ||
    !NAMESPACE.test(namespace) ||
    !NAME.test(name)
  ) {
    return undefined;
  }
  return `${kind.toLocaleLowerCase('en-US')}:${namespace.toLocaleLowerCase(
    'en-US',
  )}/${name}`;
}

/** What the notifier reads of a listed request: its names, worker judgment and object. */
type ListedRequest = Pick<
  ResourceRequest,
  'promise' | 'namespace' | 'name' | 'worker'
> & { resource: { object?: KubeObject } };

type Candidate = {
  platform: KratixPlatform;
  object: KubeObject;
  request: ListedRequest;
  detected: DetectedTransition;
};

/**
 * Tells requesters (the owner of the request's catalog entity: its requester, else
 * `kratix.catalog.defaultOwner`) when the configure workflow of a new generation
 * succeeded or failed, and when its Work failed on a worker. Follows the platforms'
 * shared watch caches; a transition is sent exactly once, by whichever replica claims
 * its mark in the plugin database first. Transitions from before the notifier first
 * ran on the database are recorded without a notification.
 */
export class RequestNotifier {
  private readonly known = new Set<string>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly passes = new Map<string, Promise<void>>();
  private readonly unsubscribes: Array<() => void> = [];
  private interval?: NodeJS.Timeout;
  private installedAt?: Promise<Date>;
  private stopped = false;
  private lastWarning = 0;
  private readonly timings: RequestNotifierTimings;

  constructor(
    private readonly options: {
      platforms: KratixPlatforms;
      requests: RequestService;
      store: NotificationMarkStore;
      notifications: NotificationService;
      logger: LoggerService;
      config: KratixNotificationsConfig;
      timings?: Partial<RequestNotifierTimings>;
      /** Now, in milliseconds (tests use the demo platform's clock). */
      clock?: () => number;
    },
  ) {
    this.timings = {
      debounceMs: 1000,
      sweepMs: 60_000,
      ...options.timings,
    };
  }

  /** Subscribes to every platform's requests, Works and WorkPlacements. */
  start(): void {
    this.installedAt = this.options.store.installedAt(new Date(this.now()));
    this.installedAt.catch(() => undefined);
    for (const platform of this.options.platforms.list()) {
      this.unsubscribes.push(
        platform.kratix.subscribe(['requests', 'works', 'workplacements'], () =>
          this.schedule(platform.name),
        ),
      );
      this.schedule(platform.name);
    }
    this.interval = setInterval(() => {
      for (const platform of this.options.platforms.list()) {
        this.schedule(platform.name);
      }
    }, this.timings.sweepMs);
    this.interval.unref?.();
  }

  /** Stops following the platforms; waits for a pass under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribes.splice(0).forEach(unsubscribe => unsubscribe());
    if (this.interval) clearInterval(this.interval);
    this.timers.forEach(timer => clearTimeout(timer));
    this.timers.clear();
    await Promise.all(this.passes.values());
  }

  private now(): number {
    return this.options.clock?.() ?? Date.now();
  }

  private schedule(platformName: string) {
    if (this.stopped || this.timers.has(platformName)) return;
    const timer = setTimeout(() => {
      this.timers.delete(platformName);
      this.pass(platformName).catch(() => undefined);
    }, this.timings.debounceMs);
    timer.unref?.();
    this.timers.set(platformName, timer);
  }

  /** One pass over a platform's requests (one at a time per platform): sends what is due. */
  pass(platformName: string): Promise<void> {
    const previous = this.passes.get(platformName) ?? Promise.resolve();
    const next = previous
      .then(() => this.sweep(platformName))
      .then(
        () => undefined,
        error =>
          this.options.logger.warn(
            `Kratix notifications: the pass over platform '${platformName}' failed: ${error}`,
          ),
      );
    this.passes.set(platformName, next);
    return next;
  }

  /** Looks at every request of the platform; answers the notifications sent. */
  async sweep(platformName: string): Promise<number> {
    const platform = this.options.platforms.get(platformName);
    if (!platform || this.stopped) return 0;
    const { transitions } = this.options.config;
    const candidates: Candidate[] = [];
    // The kept list's entries (DryRuns' requests left out): each request's cached
    // object and worker judgment, no wire form of every request.
    const { items } = await this.options.requests.entries({
      platform: platformName,
    });
    let looked = 0;
    for (const request of items) {
      // 100,000 requests: let other work in now and then.
      if (++looked % 5000 === 0) await new Promise(r => setImmediate(r));
      const object = request.resource.object;
      if (!object?.metadata.uid) continue;
      for (const detected of detectTransitions(object, request)) {
        if (!transitions.includes(detected.transition)) continue;
        candidates.push({ platform, object, request, detected });
      }
    }
    let sent = 0;
    let handled = 0;
    for (const candidate of candidates) {
      if (this.stopped) break;
      if (await this.handle(candidate)) sent += 1;
      // SQLite answers in the same tick: give the event loop a turn now and then, or
      // a first pass over 100,000 requests holds every HTTP request for seconds.
      if (++handled % 200 === 0) await new Promise(r => setImmediate(r));
    }
    return sent;
  }

  private async handle(candidate: Candidate): Promise<boolean> {
    const { platform, object, request, detected } = candidate;
    const mark = {
      platform: platform.name,
      requestUid: String(object.metadata.uid),
      transition: detected.transition,
      generation: detected.generation,
    };
    const key = JSON.stringify(mark);
    if (this.known.has(key)) return false;
    const { store } = this.options;
    const recipient = requesterOf(object) ?? this.options.config.defaultOwner;
    const record = {
      ...mark,
      request: `${request.namespace}/${request.promise}/${request.name}`,
      recipient,
    };
    this.installedAt ??= store.installedAt(new Date(this.now()));
    const installed = (await this.installedAt).getTime();
    let at = detected.at ? Date.parse(detected.at) : NaN;
    if (Number.isNaN(at)) {
      // No time of its own (a worker's judgment): new if the request changed since the
      // notifier first ran, else old while the caches fill after that first run.
      const latest = latestTimeOf(object);
      if (latest >= installed) at = latest;
      else if (this.now() - installed < FIRST_RUN_GRACE_MS) at = -Infinity;
      else at = this.now();
    }
    if (at < installed) {
      // Before the notifier ever ran here: recorded, not announced.
      await store.claim({ ...record, sent: false });
      this.known.add(key);
      return false;
    }
    if (!(await store.claim({ ...record, sent: true }))) {
      this.known.add(key);
      return false;
    }
    try {
      await this.options.notifications.send({
        recipients: { type: 'entity', entityRef: recipient },
        payload: this.payloadOf(platform, request, detected),
      });
      this.known.add(key);
      this.options.logger.info(
        `Kratix notifications: told ${recipient} that ${record.request} on platform '${platform.name}' ${detected.transition} (generation ${detected.generation})`,
      );
      return true;
    } catch (error) {
      // Not sent (no notifications backend, or it is down): give the mark back so a
      // later pass, here or on another replica, tries again.
      await store.release(mark).catch(() => undefined);
      const now = Date.now();
      if (now - this.lastWarning > 10 * 60_000) {
        this.lastWarning = now;
        this.options.logger.warn(
          `Kratix notifications: could not notify ${recipient} about ${record.request} on platform '${platform.name}'; will try again (is @backstage/plugin-notifications-backend installed?): ${error}`,
        );
      }
      return false;
    }
  }

  private payloadOf(
    platform: KratixPlatform,
    request: ListedRequest,
    detected: DetectedTransition,
  ): NotificationPayload {
    const what = `${request.promise} request ${request.namespace}/${request.name}`;
    const where = `on Kratix platform ${platform.title ?? platform.name}`;
    const common = {
      link: requestEntityLink(
        platform.name,
        request.namespace,
        request.promise,
        request.name,
      ),
      topic: `kratix:${platform.name}:${request.promise}`,
    };
    switch (detected.transition) {
      case 'succeeded':
        return {
          ...common,
          title: `${what} is configured`,
          description: `Its configure workflow succeeded for generation ${detected.generation} ${where}.`,
          severity: 'normal',
        };
      case 'failed':
        return {
          ...common,
          title: `${what}: configure workflow failed`,
          description: `${detected.keyLine} (generation ${detected.generation} ${where})`,
          severity: 'high',
        };
      default:
        return {
          ...common,
          title: `${what} is failing on ${
            detected.destinations?.length
              ? detected.destinations.join(', ')
              : 'a worker'
          }`,
          description: `${detected.keyLine} (generation ${detected.generation} ${where})`,
          severity: 'high',
        };
    }
  }
}
