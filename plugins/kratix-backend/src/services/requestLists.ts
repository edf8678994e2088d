import type {
  HealthState,
  KratixApiError,
  ResourceRequest,
  ResourceRequestPromiseCount,
  ResourceRequestState,
  ResourceRequestSummary,
  RequestWorkerJudgment,
} from '@kratix-backstage/plugin-kratix-common';
import {
  type KratixPlatform,
  type KratixRequestResource,
  type KubeObject,
  loadWorkerJudgment,
  type WorkerJudgment,
} from '@kratix-backstage/plugin-kratix-node';
import type { RequestRelations } from './mapping/requestIndex';
import { toResourceRequest } from './mapping/requests';
import { contextOf, toApiError } from './platformAccess';
import { RequestIndex } from './mapping/requestIndex';
import {
  isDryRunRequest,
  loadRequestIndexInputs,
  type RequestIndexInputs,
} from './requestRelations';

/**
 * One request of a platform's list: what lists filter, count and decide permissions on,
 * and its wire form, made when asked (a page's twenty, not the list's 100,000: the
 * list holds the cached object, not a second copy of it).
 */
export interface ListedRequest {
  platform: string;
  promise: string;
  namespace: string;
  name: string;
  state: ResourceRequestState;
  /** Its rolled-up health, when it has health records. */
  health?: HealthState;
  /** Suspended, or waiting to retry. */
  suspended: boolean;
  /** What the workers' Flux did with its output, where a worker is watched. */
  worker?: RequestWorkerJudgment;
  resource: KratixRequestResource;
  /** Platform, Promise, namespace and name, lower-cased, for searches. */
  search: string;
  wire(): ResourceRequest;
}

/** Every request of one platform, sorted by Promise, namespace and name. */
export interface PlatformRequests {
  items: ListedRequest[];
  /** Promises whose requests could not be read; kinds of the relations that could not. */
  errors: KratixApiError[];
  /** The kinds of the relations that could not be read (Works, WorkPlacements...). */
  relationErrors: KratixApiError[];
  /** Why the requests of a Promise (by name) could not be read. */
  failedPromises: Map<string, unknown>;
}

type Counts = Omit<ResourceRequestSummary, 'errors'>;

const SEPARATOR = '\u0000';

/** Per platform: its list, kept while the platform's caches and its workers' judgment are unchanged. */
const lists = new WeakMap<
  KratixPlatform,
  {
    revision: number;
    judgment?: WorkerJudgment;
    list: PlatformRequests;
    counts?: Counts;
  }
>();

/**
 * Per platform, what its last list was built from: the relations' inputs and index, and
 * per Promise the request objects read and their sorted entries. A list built again
 * reuses the index while its inputs are the same objects, and a Promise's entries while
 * its requests are the same objects in the same order (a cache keeps its order; a change
 * replaces one object).
 */
const builds = new WeakMap<
  KratixPlatform,
  {
    inputs: RequestIndexInputs;
    index: RequestIndex;
    segments: Map<
      KubeObject,
      { objects: KubeObject[]; entries: ListedRequest[] }
    >;
  }
>();

const sameObjects = (a: readonly unknown[], b: readonly unknown[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

function sameInputs(a: RequestIndexInputs, b: RequestIndexInputs) {
  return (
    a.workerJudgment === b.workerJudgment &&
    sameObjects(a.works, b.works) &&
    sameObjects(a.workPlacements, b.workPlacements) &&
    sameObjects(a.bindings, b.bindings) &&
    sameObjects(a.healthRecords, b.healthRecords)
  );
}

/** Per cached request object: its wire form, kept while its Promise and relations are the same. */
const mapped = new WeakMap<
  KubeObject,
  { promise: KubeObject; relations: string; entry: ListedRequest }
>();

/** What a request's wire form depends on besides the request and its Promise. */
function relationsSignature(relations: RequestRelations): string {
  const version = (o: KubeObject) =>
    `${o.metadata.namespace ?? ''}/${o.metadata.name}@${String(
      o.metadata.resourceVersion ?? '',
    )}`;
  return [
    relations.destinations.join(','),
    relations.binding ? version(relations.binding) : '',
    relations.healthRecords.map(version).join(','),
    relations.worker ? JSON.stringify(relations.worker) : '',
  ].join('|');
}

function entryOf(
  platform: KratixPlatform,
  promise: KubeObject,
  request: KubeObject,
  relations: RequestRelations,
  keep: boolean,
): ListedRequest {
  const signature = keep ? relationsSignature(relations) : '';
  if (keep) {
    const known = mapped.get(request);
    if (known && known.promise === promise && known.relations === signature) {
      return known.entry;
    }
  }
  const promiseName = promise.metadata.name;
  const ctx = contextOf(platform);
  const wire = () => toResourceRequest(ctx, promiseName, request, relations);
  // Mapped once to learn what lists need; the wire form itself is not kept.
  const full = wire();
  const entry: ListedRequest = {
    platform: platform.name,
    promise: promiseName,
    namespace: full.namespace,
    name: full.name,
    state: full.state,
    ...(full.health ? { health: full.health.state } : {}),
    suspended: Boolean(full.workflowControl),
    ...(full.worker ? { worker: full.worker } : {}),
    resource: {
      platform: platform.name,
      promise: promiseName,
      namespace: full.namespace,
      name: full.name,
      object: request,
    },
    search: [platform.name, promiseName, full.namespace, full.name]
      .join(SEPARATOR)
      .toLocaleLowerCase(),
    wire,
  };
  if (keep) mapped.set(request, { promise, relations: signature, entry });
  return entry;
}

const compare = (a: string, b: string) => {
  if (a < b) return -1;
  return a > b ? 1 : 0;
};

/** By namespace, then name (within one Promise). */
const byKey = (a: ListedRequest, b: ListedRequest) =>
  compare(a.namespace, b.namespace) || compare(a.name, b.name);

/** Per platform, the list being made, and of which revision. */
const building = new WeakMap<
  KratixPlatform,
  { revision: number; list: Promise<PlatformRequests> }
>();

/**
 * Every request of a platform (DryRuns' ephemeral requests left out), with its
 * relations, sorted by Promise, namespace and name. Throws when the platform's Promises
 * cannot be read; a Promise whose requests cannot be read is an entry of `errors`.
 *
 * Built from the watch caches, and kept (a list of 100,000 requests is not mapped and
 * sorted again for every page) until the platform's caches change; then only the
 * requests that changed, or whose relations did, are mapped again. A list with errors
 * is never kept: what failed is asked again at the next call.
 */
export async function loadPlatformRequests(
  platform: KratixPlatform,
): Promise<PlatformRequests> {
  const revision = platform.kratix.revision?.();
  const keep = revision !== undefined;
  const known = lists.get(platform);
  if (keep && known?.revision === revision) {
    // Workers' Flux objects are not part of the platform's revision.
    if (!platform.workers.length) return known.list;
    if ((await loadWorkerJudgment(platform)) === known.judgment) {
      return known.list;
    }
  }
  if (!keep) return buildPlatformRequests(platform, false);
  // Calls that come while a list of the same revision is being made wait for it.
  const pending = building.get(platform);
  if (pending?.revision === revision) return pending.list;
  const list = buildPlatformRequests(platform, true).finally(() => {
    if (building.get(platform)?.list === list) building.delete(platform);
  });
  building.set(platform, { revision, list });
  return list;
}

async function buildPlatformRequests(
  platform: KratixPlatform,
  keep: boolean,
): Promise<PlatformRequests> {
  const revision = platform.kratix.revision?.();
  const [promises, inputs] = await Promise.all([
    platform.kratix.listPromises(),
    loadRequestIndexInputs(platform),
  ]);
  const previous = keep ? builds.get(platform) : undefined;
  const sameRelations = Boolean(
    previous && sameInputs(previous.inputs, inputs),
  );
  const index =
    sameRelations && previous ? previous.index : new RequestIndex(inputs);
  const segments = new Map<
    KubeObject,
    { objects: KubeObject[]; entries: ListedRequest[] }
  >();
  const perPromise = await Promise.all(
    promises.map(async promise => {
      try {
        const objects = await platform.kratix.listRequests(promise);
        const before = previous?.segments.get(promise);
        let entries: ListedRequest[];
        if (sameRelations && before && sameObjects(before.objects, objects)) {
          entries = before.entries;
        } else {
          // One Promise at a time, letting other work in between: mapping 100,000
          // requests at once would hold every HTTP request for most of a second.
          await new Promise(turn => setImmediate(turn));
          entries = objects
            .filter(r => !isDryRunRequest(r))
            .map(r => {
              // Relations the same, object the same: its entry stands as it was.
              const known = sameRelations ? mapped.get(r) : undefined;
              if (known?.promise === promise) return known.entry;
              return entryOf(
                platform,
                promise,
                r,
                index.relationsOf(promise, r),
                keep,
              );
            });
          // Kubernetes names sort the same by code unit as by locale (lower-case
          // letters, digits, '-' and '.'), and a code-unit comparison is many times
          // cheaper.
          entries.sort(byKey);
        }
        segments.set(promise, { objects, entries });
        return { promise, items: entries, errors: [] as KratixApiError[] };
      } catch (error) {
        return {
          promise,
          items: [] as ListedRequest[],
          errors: [toApiError(platform, error)],
          failed: [promise.metadata.name, error] as const,
        };
      }
    }),
  );
  // By Promise name, each Promise's requests already sorted by namespace and name.
  const items = [...perPromise]
    .sort((a, b) => compare(a.promise.metadata.name, b.promise.metadata.name))
    .flatMap(p => p.items);
  const indexed = {
    errors: inputs.errors,
    workerJudgment: inputs.workerJudgment,
  };
  const list: PlatformRequests = {
    items,
    relationErrors: indexed.errors,
    failedPromises: new Map(
      perPromise.flatMap(p => ('failed' in p && p.failed ? [p.failed] : [])),
    ),
    // What the requests' relations lack matters only when there are requests.
    errors: [
      ...(items.length ? indexed.errors : []),
      ...perPromise.flatMap(p => p.errors),
    ],
  };
  if (keep) builds.set(platform, { inputs, index, segments });
  if (revision !== undefined && !list.errors.length) {
    lists.set(platform, {
      revision,
      judgment: indexed.workerJudgment,
      list,
    });
  } else {
    lists.delete(platform);
  }
  return list;
}

/** The counts of a summary over listed requests. */
export function countRequests(
  requests: Iterable<ListedRequest>,
): Counts & { byPromise: ResourceRequestPromiseCount[] } {
  const byState: ResourceRequestSummary['byState'] = {};
  const byHealth: ResourceRequestSummary['byHealth'] = {};
  let suspended = 0;
  let total = 0;
  const byPromise = new Map<string, ResourceRequestPromiseCount>();
  for (const r of requests) {
    total += 1;
    byState[r.state] = (byState[r.state] ?? 0) + 1;
    if (r.health) byHealth[r.health] = (byHealth[r.health] ?? 0) + 1;
    if (r.suspended) suspended += 1;
    const key = `${r.platform}${SEPARATOR}${r.promise}`;
    let count = byPromise.get(key);
    if (!count) {
      count = {
        platform: r.platform,
        promise: r.promise,
        total: 0,
        byState: {},
        byHealth: {},
      };
      byPromise.set(key, count);
    }
    count.total += 1;
    count.byState[r.state] = (count.byState[r.state] ?? 0) + 1;
    if (r.health) {
      count.byHealth[r.health] = (count.byHealth[r.health] ?? 0) + 1;
    }
  }
  return {
    total,
    byState,
    byHealth,
    suspended,
    byPromise: [...byPromise.values()].sort(
      (a, b) =>
        a.platform.localeCompare(b.platform) ||
        a.promise.localeCompare(b.promise),
    ),
  };
}

/**
 * The counts of a platform's whole list, kept with the list (the overview asks for them
 * every time it refreshes).
 */
export function countPlatformRequests(
  platform: KratixPlatform,
  list: PlatformRequests,
): Counts {
  const known = lists.get(platform);
  if (known?.list === list) {
    known.counts ??= countRequests(list.items);
    return known.counts;
  }
  return countRequests(list.items);
}
