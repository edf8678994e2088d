import { useApi } from '@backstage/core-plugin-api';
import { kratixApiRef } from '../../api';
import { usePolledAsync } from '../../hooks/usePolledAsync';

/**
 * The requests of a platform whose output Kratix placed on a Destination, reloaded when
 * `refresh` changes: one call, the backend groups the WorkPlacements by request.
 */
export function useRequestsAt(
  platform: string,
  destination: string,
  refresh?: number,
) {
  const api = useApi(kratixApiRef);
  return usePolledAsync(
    `${platform}/${destination}`,
    () => api.getDestinationRequests({ platform, name: destination }),
    { refresh },
  );
}
