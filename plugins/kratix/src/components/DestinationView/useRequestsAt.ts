import { useApi } from '@backstage/core-plugin-api';
import type { KratixChangeKind } from '@kratix-backstage/plugin-kratix-common';
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
  signal?: { channel: string; kinds?: KratixChangeKind[] },
) {
  const api = useApi(kratixApiRef);
  return usePolledAsync(
    `${platform}/${destination}`,
    () => api.getDestinationRequests({ platform, name: destination }),
    { refresh, signal },
  );
}
