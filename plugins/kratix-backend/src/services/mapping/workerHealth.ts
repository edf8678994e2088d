import type {
  FluxObjectStatus,
  WorkerClusterHealth,
} from '@kratix-backstage/plugin-kratix-common';
import {
  decodeWorkload,
  duplicateResourceIdIn,
  type KubeObject,
  resourceIdsOf,
} from '@kratix-backstage/plugin-kratix-node';
import { findCondition, readConditions } from './common';

const REQUEST_PATH = /'\.\/([a-z0-9.-]+)\/([a-z0-9.-]+)\/([a-z0-9.-]+)\//g;

/**
 * The resource requests a Flux message names by state store path
 * (`'./<namespace>/<promise>/<request>/...'`, relative to a Destination's `resources`).
 *
 * @public
 */
export function implicatedRequests(
  message: string | undefined,
): FluxObjectStatus['implicatedRequests'] {
  if (!message) return [];
  const found = new Map<
    string,
    { namespace: string; promise: string; name: string }
  >();
  for (const [, namespace, promise, name] of message.matchAll(REQUEST_PATH)) {
    found.set(`${namespace}/${promise}/${name}`, { namespace, promise, name });
  }
  return [...found.values()];
}

/**
 * A Flux Kustomization, GitRepository or Bucket's state.
 *
 * @public
 */
export function toFluxStatus(object: KubeObject): FluxObjectStatus {
  const conditions = readConditions(object);
  const ready = findCondition(conditions, 'Ready');
  const spec = object.spec ?? {};
  const status = object.status ?? {};
  const revision = status.lastAppliedRevision ?? status.artifact?.revision;
  const path = spec.path ?? spec.url ?? spec.endpoint;
  return {
    kind: object.kind as FluxObjectStatus['kind'],
    name: object.metadata.name,
    namespace: object.metadata.namespace ?? '',
    ready: ready?.status ?? 'Unknown',
    ...(ready?.reason ? { reason: ready.reason } : {}),
    ...(ready?.message ? { message: ready.message } : {}),
    suspended: spec.suspend === true,
    ...(revision ? { revision: String(revision) } : {}),
    ...(path ? { path: String(path) } : {}),
    ...(spec.sourceRef?.name
      ? {
          sourceRef: {
            kind: String(spec.sourceRef.kind),
            name: String(spec.sourceRef.name),
          },
        }
      : {}),
    ...(ready?.lastTransitionTime
      ? { lastTransitionTime: ready.lastTransitionTime }
      : {}),
    implicatedRequests:
      ready?.status === 'True' ? [] : implicatedRequests(ready?.message),
  };
}

/**
 * A worker cluster's health for one Destination: the Kustomizations that apply Kratix's
 * files (named `kratix*`, or with the Destination's path in `spec.path`; all of them when
 * none match) and the sources they read.
 *
 * @public
 */
export function toWorkerClusterHealth(
  cluster: string,
  destinationPath: string | undefined,
  kustomizations: KubeObject[],
  sources: KubeObject[],
): WorkerClusterHealth {
  const relevant = kustomizations.filter(
    k =>
      k.metadata.name.startsWith('kratix') ||
      (destinationPath && String(k.spec?.path ?? '').includes(destinationPath)),
  );
  const chosen = relevant.length ? relevant : kustomizations;
  const referenced = sources.filter(s =>
    chosen.some(
      k =>
        k.spec?.sourceRef?.kind === s.kind &&
        k.spec?.sourceRef?.name === s.metadata.name &&
        (k.spec?.sourceRef?.namespace ?? k.metadata.namespace) ===
          s.metadata.namespace,
    ),
  );
  const k = chosen.map(toFluxStatus);
  const s = (chosen.length ? referenced : sources).map(toFluxStatus);
  return {
    cluster,
    reachable: true,
    healthy:
      k.length > 0 &&
      [...k, ...s].every(o => o.ready === 'True' && !o.suspended),
    kustomizations: k,
    sources: s,
  };
}

/**
 * Adds to each failing Kustomization the requests whose WorkPlacements on the
 * Destination carry the object kustomize refused as "already registered": the message
 * names only the second file kustomize met, but every request that carries the same
 * object keeps the revision from being applied (and would clash again on its own).
 *
 * @public
 */
export function implicateCarriers(
  health: WorkerClusterHealth,
  workPlacements: KubeObject[],
): WorkerClusterHealth {
  const carriers = new Map<string, FluxObjectStatus['implicatedRequests']>();
  const carriersOf = (id: string) => {
    let found = carriers.get(id);
    if (found) return found;
    found = workPlacements
      .filter(wp => wp.spec?.resourceName)
      .filter(wp =>
        (wp.spec?.workloads ?? []).some((w: any) => {
          try {
            return resourceIdsOf(
              decodeWorkload(String(w.content ?? '')),
            ).includes(id);
          } catch {
            return false;
          }
        }),
      )
      .map(wp => ({
        namespace: wp.metadata.namespace ?? 'default',
        promise: String(wp.spec.promiseName),
        name: String(wp.spec.resourceName),
        carries: id,
      }));
    carriers.set(id, found);
    return found;
  };
  const kustomizations = health.kustomizations.map(k => {
    const id =
      k.ready === 'False' ? duplicateResourceIdIn(k.message) : undefined;
    if (!id) return k;
    const known = new Set(
      k.implicatedRequests.map(r => `${r.namespace}/${r.promise}/${r.name}`),
    );
    const more = carriersOf(id).filter(r => {
      const key = `${r.namespace}/${r.promise}/${r.name}`;
      if (known.has(key)) return false;
      known.add(key);
      return true;
    });
    return more.length
      ? { ...k, implicatedRequests: [...k.implicatedRequests, ...more] }
      : k;
  });
  return { ...health, kustomizations };
}
