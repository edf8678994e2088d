import {
  describeResourceId,
  KRATIX_LABELS,
  type RequestWorkerDestination,
  type RequestWorkerJudgment,
  rollUpWorkerState,
} from '@kratix-backstage/plugin-kratix-common';
import { decodeWorkload } from './decodeWorkload';
import { duplicateResourceIdIn, resourceIdsOf } from './resourceIds';
import type { KubeObject } from './types';
import { parseAllDocuments } from 'yaml';

/**
 * One worker cluster of a Destination, as read for a judgment.
 *
 * @public
 */
export interface WorkerJudgmentWorker {
  cluster: string;
  /** False when its Flux objects could not be read. */
  reachable: boolean;
  kustomizations: KubeObject[];
}

/**
 * A Destination, its path in the state store and its watched workers.
 *
 * @public
 */
export interface WorkerJudgmentDestination {
  name: string;
  path?: string;
  workers: WorkerJudgmentWorker[];
}

/**
 * The Kustomizations of a worker that apply Kratix's files for a Destination: named
 * `kratix*`, or with the Destination's path in `spec.path`; all of them when none match.
 *
 * @public
 */
export function kratixKustomizations(
  kustomizations: KubeObject[],
  destinationPath?: string,
): KubeObject[] {
  const relevant = kustomizations.filter(
    k =>
      k.metadata.name.startsWith('kratix') ||
      (destinationPath && String(k.spec?.path ?? '').includes(destinationPath)),
  );
  return relevant.length ? relevant : kustomizations;
}

const key = (promise: string, namespace: string, name: string) =>
  `${promise}\u0000${namespace}\u0000${name}`;

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function readyOf(kustomization: KubeObject) {
  const conditions: any[] = Array.isArray(kustomization.status?.conditions)
    ? kustomization.status.conditions
    : [];
  return conditions.find(c => c?.type === 'Ready') as
    | { status?: string; reason?: string; message?: string }
    | undefined;
}

/** How Flux and kustomize name an object in their messages. */
function objectNames(content: string): string[] {
  const found: string[] = [...resourceIdsOf(content)];
  try {
    for (const doc of parseAllDocuments(content)) {
      const object = (doc.toJS() ?? {}) as any;
      const kind = object?.kind;
      const name = object?.metadata?.name;
      if (typeof kind !== 'string' || typeof name !== 'string') continue;
      const namespace = object.metadata.namespace;
      // Flux's apply errors: `Kind/namespace/name`, `Kind/name` when cluster-scoped.
      found.push(
        typeof namespace === 'string' && namespace
          ? `${kind}/${namespace}/${name}`
          : `${kind}/${name}`,
      );
    }
  } catch {
    // A file that does not parse names no object.
  }
  return found;
}

function names(message: string, name: string): boolean {
  return new RegExp(`(^|[\\s'"(\\[,:])${escape(name)}(?![\\w./-])`).test(
    message,
  );
}

interface Placed {
  key: string;
  namespace: string;
  promise: string;
  name: string;
  placements: KubeObject[];
}

/**
 * What the workers of each Destination did with each request's output, from their Flux
 * Kustomizations and the request's WorkPlacements: a request is `failing` on a
 * Destination when a Kustomization that is not Ready names, in its message, the
 * request's files (`<namespace>/<promise>/<request>/...` in the state store layout) or
 * an object of its output (kustomize's id, or Flux's `Kind/namespace/name`). When
 * kustomize refused an object as already registered, only the request whose file it
 * named fails; others that carry the same object are `unknown`, with why. Built once
 * per change of its inputs: a list of many requests reads it, never recomputes it.
 *
 * @public
 */
export class WorkerJudgment {
  private readonly byRequest = new Map<string, RequestWorkerDestination[]>();

  constructor(input: {
    destinations: WorkerJudgmentDestination[];
    workPlacements: KubeObject[];
  }) {
    const placedOn = new Map<string, Map<string, Placed>>();
    for (const wp of input.workPlacements) {
      const name = wp.spec?.resourceName;
      const promise = wp.spec?.promiseName;
      if (!name || !promise) continue;
      if (wp.metadata.labels?.[KRATIX_LABELS.dryRun] === 'true') continue;
      const destination = String(
        wp.spec?.targetDestinationName ??
          wp.metadata.labels?.[KRATIX_LABELS.targetDestinationName] ??
          '',
      );
      if (!destination) continue;
      const namespace = wp.metadata.namespace ?? 'default';
      const k = key(String(promise), namespace, String(name));
      let requests = placedOn.get(destination);
      if (!requests) {
        requests = new Map();
        placedOn.set(destination, requests);
      }
      const placed = requests.get(k) ?? {
        key: k,
        namespace,
        promise: String(promise),
        name: String(name),
        placements: [],
      };
      placed.placements.push(wp);
      requests.set(k, placed);
    }
    for (const destination of input.destinations) {
      if (!destination.workers.length) continue;
      const requests = placedOn.get(destination.name);
      if (!requests) continue;
      for (const placed of requests.values()) {
        const verdicts = destination.workers.map(w =>
          this.judge(destination, w, placed),
        );
        const worst =
          verdicts.find(v => v.state === 'failing') ??
          verdicts.find(v => v.state === 'unknown') ??
          verdicts[0];
        const list = this.byRequest.get(placed.key) ?? [];
        list.push(worst);
        this.byRequest.set(placed.key, list);
      }
    }
  }

  /** The judgment of one request (by the namespace its WorkPlacements live in), if any worker watches where it was placed. */
  of(
    promise: string,
    namespace: string,
    name: string,
  ): RequestWorkerJudgment | undefined {
    const destinations = this.byRequest.get(key(promise, namespace, name));
    if (!destinations?.length) return undefined;
    const sorted = [...destinations].sort((a, b) =>
      a.destination.localeCompare(b.destination),
    );
    return { state: rollUpWorkerState(sorted), destinations: sorted };
  }

  private objectsCache = new Map<string, string[]>();

  private objectsOf(placed: Placed): string[] {
    const cached = this.objectsCache.get(placed.key);
    if (cached) return cached;
    const found: string[] = [];
    for (const wp of placed.placements) {
      for (const workload of wp.spec?.workloads ?? []) {
        try {
          found.push(
            ...objectNames(decodeWorkload(String(workload.content ?? ''))),
          );
        } catch {
          // Content that does not decode names no object.
        }
      }
    }
    this.objectsCache.set(placed.key, found);
    return found;
  }

  private judge(
    destination: WorkerJudgmentDestination,
    worker: WorkerJudgmentWorker,
    placed: Placed,
  ): RequestWorkerDestination {
    const base = {
      destination: destination.name,
      ...(worker.cluster !== destination.name
        ? { cluster: worker.cluster }
        : {}),
    };
    if (!worker.reachable) {
      return {
        ...base,
        state: 'unknown',
        message: `Worker ${worker.cluster} cannot be read`,
      };
    }
    const kustomizations = kratixKustomizations(
      worker.kustomizations,
      destination.path,
    );
    if (!kustomizations.length) {
      return {
        ...base,
        state: 'unknown',
        message: `Worker ${worker.cluster} has no Flux Kustomization`,
      };
    }
    const pathPattern = new RegExp(
      `(^|[/'"\\s])${escape(placed.namespace)}/${escape(
        placed.promise,
      )}/${escape(placed.name)}/`,
    );
    let blocked: RequestWorkerDestination | undefined;
    let pending: RequestWorkerDestination | undefined;
    for (const k of kustomizations) {
      const ready = readyOf(k);
      const kustomization = `${k.metadata.namespace ?? ''}/${k.metadata.name}`;
      if (ready?.status === 'True' && k.spec?.suspend !== true) continue;
      const message = ready?.message ?? '';
      if (ready?.status !== 'False') {
        pending ??= {
          ...base,
          state: 'unknown',
          kustomization,
          message: k.spec?.suspend
            ? `Kustomization ${kustomization} is suspended`
            : `Kustomization ${kustomization} is not Ready yet${
                message ? `: ${message}` : ''
              }`,
        };
        continue;
      }
      const duplicate = duplicateResourceIdIn(message);
      const byPath = pathPattern.test(message);
      const byObject =
        !byPath && this.objectsOf(placed).some(n => names(message, n));
      if (byPath || (byObject && !duplicate)) {
        return { ...base, state: 'failing', kustomization, message };
      }
      blocked ??= {
        ...base,
        state: 'unknown',
        kustomization,
        message:
          byObject && duplicate
            ? `Its output holds ${describeResourceId(
                duplicate,
              )}, which kustomize refused in another request's output; Flux applies nothing new until that is resolved: ${message}`
            : `Flux refuses another output in the same revision, so it applies nothing new: ${message}`,
      };
    }
    return blocked ?? pending ?? { ...base, state: 'applied' };
  }
}
