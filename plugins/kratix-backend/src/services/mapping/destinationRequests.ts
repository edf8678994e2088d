import {
  type DestinationRequest,
  KRATIX_LABELS,
} from '@kratix-backstage/plugin-kratix-common';
import {
  type KubeObject,
  pipelineNamespace,
} from '@kratix-backstage/plugin-kratix-node';
import type { PlatformContext } from './common';
import { placementDestination, toWorkPlacement } from './placement';
import type { RequestIndex } from './requestIndex';
import { toResourceRequest } from './requests';

/**
 * The WorkPlacements on one Destination, grouped by the request whose Works they
 * place. A request is keyed as its Works are labelled: Promise, the Works' namespace
 * (the request's pipeline namespace) and the request's name.
 *
 * @public
 */
export interface PlacementsByRequest {
  /** The Promises with at least one request placed on the Destination. */
  promises: Set<string>;
  /** WorkPlacements (as read), by {@link requestKey}. */
  byRequest: Map<string, KubeObject[]>;
}

/** The key of a request's Works: Promise, the Works' namespace and request name. */
export function requestKey(
  promise: string,
  workNamespace: string,
  name: string,
): string {
  return `${promise}\u0000${workNamespace}\u0000${name}`;
}

const objectKey = (namespace: string | undefined, name: string) =>
  `${namespace ?? ''}/${name}`;

/**
 * Groups the WorkPlacements targeting `destination` by the request they belong to, in
 * one pass over each list: a WorkPlacement names its Work (`kratix.io/work`, same
 * namespace), and a resource Work names its request (`kratix.io/promise-name`,
 * `kratix.io/resource-name`). WorkPlacements of Promise Works, or whose Work is gone,
 * belong to no request and are left out.
 *
 * @public
 */
export function groupPlacementsByRequest(
  destination: string,
  works: KubeObject[],
  workPlacements: KubeObject[],
): PlacementsByRequest {
  const byWork = new Map<string, KubeObject[]>();
  for (const wp of workPlacements) {
    const work = wp.metadata.labels?.[KRATIX_LABELS.work];
    if (!work || placementDestination(wp) !== destination) continue;
    const key = objectKey(wp.metadata.namespace, work);
    const list = byWork.get(key);
    if (list) list.push(wp);
    else byWork.set(key, [wp]);
  }
  const promises = new Set<string>();
  const byRequest = new Map<string, KubeObject[]>();
  if (!byWork.size) return { promises, byRequest };
  for (const work of works) {
    const placed = byWork.get(
      objectKey(work.metadata.namespace, work.metadata.name),
    );
    const labels = work.metadata.labels ?? {};
    const promise = labels[KRATIX_LABELS.promiseName];
    const resource = labels[KRATIX_LABELS.resourceName];
    if (
      !placed ||
      labels[KRATIX_LABELS.workType] !== 'resource' ||
      !promise ||
      !resource
    ) {
      continue;
    }
    const key = requestKey(promise, work.metadata.namespace ?? '', resource);
    promises.add(promise);
    const list = byRequest.get(key);
    if (list) list.push(...placed);
    else byRequest.set(key, [...placed]);
  }
  return { promises, byRequest };
}

/**
 * The requests of one Promise that have WorkPlacements in `grouped`, each with its
 * mapped WorkPlacements (sorted by name). Placements whose request is not among
 * `requests` (deleted, or not readable) are left out. With `index`, each request
 * carries its relations (health, version, destinations) as the request routes answer.
 *
 * @public
 */
export function requestsWithPlacements(
  ctx: PlatformContext,
  grouped: PlacementsByRequest,
  promise: KubeObject,
  requests: KubeObject[],
  index?: RequestIndex,
): DestinationRequest[] {
  const promiseName = promise.metadata.name;
  const found: DestinationRequest[] = [];
  for (const request of requests) {
    const placements = grouped.byRequest.get(
      requestKey(
        promiseName,
        pipelineNamespace(promise, request),
        request.metadata.name,
      ),
    );
    if (!placements?.length) continue;
    found.push({
      request: toResourceRequest(
        ctx,
        promiseName,
        request,
        index?.relationsOf(promise, request),
      ),
      placements: placements
        .map(toWorkPlacement)
        .sort((a, b) => a.name.localeCompare(b.name)),
    });
  }
  return found;
}

/**
 * Requests placed on a Destination in the order the route answers them: by Promise,
 * namespace and name.
 *
 * @public
 */
export function byPromiseNamespaceName(
  a: DestinationRequest,
  b: DestinationRequest,
): number {
  return (
    a.request.promise.localeCompare(b.request.promise) ||
    a.request.namespace.localeCompare(b.request.namespace) ||
    a.request.name.localeCompare(b.request.name)
  );
}
