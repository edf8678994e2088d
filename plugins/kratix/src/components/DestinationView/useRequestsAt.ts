import { useApi } from '@backstage/core-plugin-api';
import type {
  KratixApiError,
  ResourceRequest,
  WorkPlacement,
} from '@kratix-backstage/plugin-kratix-common';
import { kratixApiRef, type KratixApi } from '../../api';
import { usePolledAsync } from '../../hooks/usePolledAsync';

/** A request with the WorkPlacements that put its output on one Destination. */
export interface RequestAtDestination {
  request: ResourceRequest;
  placements: WorkPlacement[];
}

/** How many placements are read at once. */
const CONCURRENCY = 4;

/**
 * The requests of a platform whose output Kratix placed on a Destination. The backend
 * has no route for this yet, so each request's placement is read (a few at a time).
 */
export async function requestsAt(
  api: KratixApi,
  platform: string,
  destination: string,
): Promise<{ items: RequestAtDestination[]; errors: KratixApiError[] }> {
  const requests = await api.listRequests({ platform });
  const found: RequestAtDestination[] = [];
  const errors = [...requests.errors];
  const queue = [...requests.items];
  const worker = async () => {
    for (let request = queue.shift(); request; request = queue.shift()) {
      try {
        const placement = await api.getRequestPlacement(request);
        const placements = placement.workPlacements.filter(
          wp => wp.destination === destination,
        );
        if (placements.length) found.push({ request, placements });
      } catch (error) {
        errors.push({
          platform,
          type: 'unknown',
          message: `Placement of ${request.namespace}/${request.name}: ${
            (error as Error).message
          }`,
        });
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  found.sort(
    (a, b) =>
      a.request.promise.localeCompare(b.request.promise) ||
      a.request.namespace.localeCompare(b.request.namespace) ||
      a.request.name.localeCompare(b.request.name),
  );
  return { items: found, errors };
}

/** {@link requestsAt} as a hook, reloaded when `refresh` changes. */
export function useRequestsAt(
  platform: string,
  destination: string,
  refresh?: number,
) {
  const api = useApi(kratixApiRef);
  return usePolledAsync(
    `${platform}/${destination}`,
    () => requestsAt(api, platform, destination),
    { refresh },
  );
}
