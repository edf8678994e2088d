import type {
  Destination,
  KratixApiError,
  PlatformSummary,
  PromiseSummary,
  ResourceRequestSummary,
  WorkerHealth,
} from '@kratix-backstage/plugin-kratix-common';
import type { KratixApi } from '../../api';

/** What the overview shows, gathered from every configured platform. */
export interface Overview {
  platforms: PlatformSummary[];
  promises: PromiseSummary[];
  /** The requests, counted: the overview pages through the requests themselves. */
  requests: ResourceRequestSummary;
  destinations: Array<{ destination: Destination; health?: WorkerHealth }>;
  errors: KratixApiError[];
}

/**
 * A call about one platform that failed as a whole. The backend answers a cluster it
 * cannot read with 503 and the cluster's typed failure as the error's cause: kept, so
 * the overview can say which platform is missing and why.
 */
const failed = (
  platform: string,
  what: string,
  error: unknown,
): KratixApiError => {
  const cause = (error as { body?: { error?: { cause?: any } } }).body?.error
    ?.cause;
  if (
    cause?.name === 'KratixClusterError' &&
    typeof cause.type === 'string' &&
    typeof cause.message === 'string'
  ) {
    return {
      platform,
      ...(typeof cause.cluster === 'string' ? { cluster: cause.cluster } : {}),
      type: cause.type,
      message: `${what}: ${cause.message}`,
    };
  }
  return {
    platform,
    type: (error as Error).name === 'NotAllowedError' ? 'forbidden' : 'unknown',
    message: `${what}: ${(error as Error).message}`,
  };
};

/** Loads the overview; a platform or Destination that fails is reported, not fatal. */
export async function loadOverview(api: KratixApi): Promise<Overview> {
  const [platforms, promises, requests] = await Promise.all([
    api.listPlatforms(),
    api.listPromises(),
    api.getRequestSummary(),
  ]);
  const errors = [...platforms.errors, ...promises.errors, ...requests.errors];
  const destinations = (
    await Promise.all(
      platforms.items.map(async p => {
        try {
          const list = await api.listDestinations(p.name);
          errors.push(...list.errors);
          return await Promise.all(
            list.items.map(async destination => {
              try {
                const health = await api.getDestinationHealth({
                  platform: p.name,
                  name: destination.name,
                });
                errors.push(...health.errors);
                return { destination, health };
              } catch (error) {
                errors.push(
                  failed(p.name, `Health of ${destination.name}`, error),
                );
                return { destination };
              }
            }),
          );
        } catch (error) {
          errors.push(failed(p.name, 'Destinations', error));
          return [];
        }
      }),
    )
  ).flat();
  return {
    platforms: platforms.items,
    promises: promises.items,
    requests,
    destinations,
    errors,
  };
}
