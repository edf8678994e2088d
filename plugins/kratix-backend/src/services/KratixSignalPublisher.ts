import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  KRATIX_JOB_ANNOTATIONS,
  KRATIX_LABELS,
  type KratixChangedSignal,
  type KratixChangeKind,
  kratixSignalChannel,
} from '@kratix-backstage/plugin-kratix-common';
import {
  healthRecordTarget,
  type KratixEventKind,
  type KratixObjectEvent,
  type KratixPlatform,
  type KratixPlatforms,
  type KubeObject,
} from '@kratix-backstage/plugin-kratix-node';
import type { SignalsService } from '@backstage/plugin-signals-node';
import { requestGvkFromStatus, requestKindOf } from '../cluster/kinds';
import { placementDestination } from './mapping/placement';

/** The kinds whose changes are published. */
export const SIGNAL_EVENT_KINDS: KratixEventKind[] = [
  'promises',
  'requests',
  'jobs',
  'pods',
  'works',
  'workplacements',
  'destinations',
  'healthrecords',
  'resourcebindings',
  'promiserevisions',
];

/** A change to publish: which channel, and what changed on it. */
export interface SignalChange {
  channel: string;
  kinds: KratixChangeKind[];
}

const label = (object: KubeObject, name: string) =>
  object.metadata.labels?.[name];

/**
 * Answers, for the Promise of a request object, by its API group and kind: Kratix's
 * `promise-name` label when the request has it, else the Promises seen so far.
 */
export class RequestPromiseIndex {
  private readonly byKind = new Map<string, string>();

  notePromise(type: KratixObjectEvent['type'], promise: KubeObject) {
    const keys: string[] = [];
    try {
      const kind = requestKindOf(promise);
      if (kind) keys.push(`${kind.group}/${kind.kind}`);
    } catch {
      // A malformed API: the status may still say.
    }
    try {
      const gvk = requestGvkFromStatus(promise);
      if (gvk) keys.push(`${gvk.group}/${gvk.kind}`);
    } catch {
      // Nothing to index.
    }
    for (const key of keys) {
      if (type === 'deleted') this.byKind.delete(key);
      else this.byKind.set(key, promise.metadata.name);
    }
  }

  promiseOf(request: KubeObject): string | undefined {
    const labelled = label(request, KRATIX_LABELS.promiseName);
    if (labelled) return labelled;
    const group = String(request.apiVersion ?? '')
      .split('/')[0]
      .toLowerCase();
    return this.byKind.get(`${group}/${request.kind ?? ''}`);
  }
}

/**
 * The channels a change to a Kratix object affects, with what changed on each:
 * a request → itself, its Promise and the platform; a pipeline Job or Pod → its request
 * (or its Promise, for a promise workflow), by Kratix's labels; a Work → its request or
 * Promise; a WorkPlacement → its request or Promise and its Destination; a Destination →
 * itself and the platform; a Promise → itself and the platform; a HealthRecord → its
 * request, its Promise and the platform.
 */
export function channelsFor(
  platform: string,
  event: KratixObjectEvent,
  promises: RequestPromiseIndex,
): SignalChange[] {
  const { object } = event;
  const changes: SignalChange[] = [];
  const platformChannel = kratixSignalChannel({ type: 'platform', platform });
  const promiseChannel = (name: string) =>
    kratixSignalChannel({ type: 'promise', platform, name });
  const requestChannel = (namespace: string, promise: string, name: string) =>
    kratixSignalChannel({
      type: 'request',
      platform,
      namespace,
      promise,
      name,
    });
  /** The request (or else Promise) a workflow object belongs to, by Kratix's labels. */
  const owner = (
    kinds: KratixChangeKind[],
    fallback: { promise?: string; resource?: string; namespace?: string } = {},
  ) => {
    const promise =
      label(object, KRATIX_LABELS.promiseName) ?? fallback.promise;
    if (!promise) return;
    const resource =
      label(object, KRATIX_LABELS.resourceName) ?? fallback.resource;
    const isPromiseWorkflow =
      label(object, KRATIX_LABELS.workflowType) === 'promise' ||
      ['promise', 'static-dependency'].includes(
        label(object, KRATIX_LABELS.workType) ?? '',
      );
    if (resource && !isPromiseWorkflow) {
      const namespace =
        label(object, KRATIX_LABELS.resourceNamespace) ??
        object.metadata.annotations?.[
          KRATIX_JOB_ANNOTATIONS.resourceNamespace
        ] ??
        fallback.namespace ??
        object.metadata.namespace ??
        'default';
      changes.push({
        channel: requestChannel(namespace, promise, resource),
        kinds,
      });
    } else {
      changes.push({ channel: promiseChannel(promise), kinds });
    }
  };

  switch (event.kind) {
    case 'promises':
      promises.notePromise(event.type, object);
      changes.push(
        { channel: promiseChannel(object.metadata.name), kinds: ['promise'] },
        { channel: platformChannel, kinds: ['promise'] },
      );
      break;
    case 'promiserevisions': {
      const promise =
        label(object, KRATIX_LABELS.promiseName) ??
        (object.spec?.promiseRef?.name as string | undefined);
      if (promise)
        changes.push({ channel: promiseChannel(promise), kinds: ['promise'] });
      break;
    }
    case 'requests': {
      const promise = promises.promiseOf(object);
      if (promise) {
        changes.push(
          {
            channel: requestChannel(
              object.metadata.namespace ?? 'default',
              promise,
              object.metadata.name,
            ),
            kinds: ['request'],
          },
          { channel: promiseChannel(promise), kinds: ['requests'] },
        );
      }
      changes.push({ channel: platformChannel, kinds: ['requests'] });
      break;
    }
    case 'jobs':
      owner(['runs']);
      break;
    case 'pods':
      owner(['runs', 'logs']);
      break;
    case 'works':
      owner(['placement'], {
        promise: object.spec?.promiseName,
        resource: object.spec?.resourceName,
      });
      break;
    case 'workplacements': {
      owner(['placement'], {
        promise: object.spec?.promiseName,
        resource: object.spec?.resourceName,
      });
      const destination = placementDestination(object);
      if (destination) {
        changes.push({
          channel: kratixSignalChannel({
            type: 'destination',
            platform,
            name: destination,
          }),
          kinds: ['placement'],
        });
      }
      break;
    }
    case 'destinations':
      changes.push(
        {
          channel: kratixSignalChannel({
            type: 'destination',
            platform,
            name: object.metadata.name,
          }),
          kinds: ['destination'],
        },
        { channel: platformChannel, kinds: ['destination'] },
      );
      break;
    case 'healthrecords': {
      const target = healthRecordTarget(object);
      if (target?.promise) {
        changes.push(
          {
            channel: requestChannel(
              target.namespace,
              target.promise,
              target.name,
            ),
            kinds: ['health'],
          },
          { channel: promiseChannel(target.promise), kinds: ['health'] },
        );
      }
      changes.push({ channel: platformChannel, kinds: ['health'] });
      break;
    }
    case 'resourcebindings':
      owner(['request'], {
        promise: object.spec?.promiseRef?.name,
        resource: object.spec?.resourceRef?.name,
        namespace: object.spec?.resourceRef?.namespace,
      });
      break;
    default:
      break;
  }
  return changes;
}

type Pending = {
  kinds: Set<KratixChangeKind>;
  at: string;
  timer?: NodeJS.Timeout;
  /** When the channel last published: the next may go no sooner than a window later. */
  lastPublishedAt?: number;
  dirty: boolean;
};

/**
 * Publishes a small "changed" signal (Backstage signals) for every request, Promise,
 * Destination and platform whose objects the watch caches report changed, so open views
 * refetch instead of polling. Coalesced per channel: at most one signal a window
 * (default 1 s), the first after a short settle delay (a Job, its Pod and the request
 * status often change together), the rest on the trailing edge, so the last change is
 * never lost.
 */
export class KratixSignalPublisher {
  private readonly channels = new Map<string, Pending>();
  private readonly stops: Array<() => void> = [];
  private readonly windowMs: number;
  private readonly settleMs: number;
  private readonly now: () => number;
  private startedAt = 0;
  /** Signals sent, for logs and tests. */
  published = 0;

  constructor(
    private readonly options: {
      platforms: KratixPlatforms;
      signals: SignalsService;
      logger: LoggerService;
      /** At most one signal per channel per window. Default: 1000 ms. */
      windowMs?: number;
      /** How long the first change of a quiet channel waits for its siblings. Default: 100 ms. */
      settleMs?: number;
      now?: () => number;
    },
  ) {
    this.windowMs = options.windowMs ?? 1000;
    this.settleMs = Math.min(options.settleMs ?? 100, this.windowMs);
    this.now = options.now ?? Date.now;
  }

  /** Subscribes to every platform's source events (starting their watch caches). */
  start() {
    this.startedAt = this.now();
    for (const platform of this.options.platforms.list()) {
      this.stops.push(this.follow(platform));
    }
  }

  stop() {
    this.stops.splice(0).forEach(stop => stop());
    for (const pending of this.channels.values()) clearTimeout(pending.timer);
    this.channels.clear();
  }

  private follow(platform: KratixPlatform): () => void {
    const promises = new RequestPromiseIndex();
    try {
      return platform.kratix.subscribe(SIGNAL_EVENT_KINDS, event => {
        if (this.isInitialListing(event)) {
          if (event.kind === 'promises')
            promises.notePromise(event.type, event.object);
          return;
        }
        for (const change of channelsFor(platform.name, event, promises)) {
          this.note(change);
        }
      });
    } catch (error) {
      this.options.logger.warn(
        `Kratix signals: cannot follow platform ${platform.name}: ${error}`,
      );
      return () => undefined;
    }
  }

  /**
   * An object the caches list as "added" that was created well before this publisher
   * started is the initial listing, not a change: no view is open on it yet.
   */
  private isInitialListing(event: KratixObjectEvent): boolean {
    if (event.type !== 'added') return false;
    const created = Date.parse(
      String(event.object.metadata.creationTimestamp ?? ''),
    );
    return Number.isFinite(created) && created < this.startedAt - 30_000;
  }

  /** Records a change on a channel; publishes it as soon as the channel's window allows. */
  note(change: SignalChange) {
    let pending = this.channels.get(change.channel);
    if (!pending) {
      pending = { kinds: new Set(), at: '', dirty: false };
      this.channels.set(change.channel, pending);
    }
    change.kinds.forEach(k => pending!.kinds.add(k));
    pending.at = new Date(this.now()).toISOString();
    pending.dirty = true;
    if (pending.timer) return;
    const sinceLast =
      pending.lastPublishedAt === undefined
        ? Infinity
        : this.now() - pending.lastPublishedAt;
    const delay = Math.max(this.settleMs, this.windowMs - sinceLast);
    pending.timer = setTimeout(() => this.flush(change.channel), delay);
    pending.timer.unref?.();
  }

  private flush(channel: string) {
    const pending = this.channels.get(channel);
    if (!pending) return;
    pending.timer = undefined;
    if (!pending.dirty) {
      // Quiet for a whole window: forget the channel.
      this.channels.delete(channel);
      return;
    }
    const message: KratixChangedSignal = {
      type: 'changed',
      at: pending.at,
      kinds: [...pending.kinds].sort(),
    };
    pending.kinds.clear();
    pending.dirty = false;
    pending.lastPublishedAt = this.now();
    this.published += 1;
    this.options.signals
      .publish<KratixChangedSignal>({
        recipients: { type: 'broadcast' },
        channel,
        message,
      })
      .catch(error =>
        this.options.logger.warn(
          `Kratix signals: cannot publish on ${channel}: ${error}`,
        ),
      );
    // Keep the window open: changes during it go out once, at its end.
    pending.timer = setTimeout(() => this.flush(channel), this.windowMs);
    pending.timer.unref?.();
  }
}
