import type {
  DiscoveryApi,
  FetchApi,
} from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import { KRATIX_PLUGIN_ID } from '@kratix-backstage/plugin-kratix-common';
import type { KratixApi, KratixHealth } from './KratixApi';

/**
 * Talks to the Kratix backend plugin through Backstage's discovery and fetch APIs.
 *
 * @public
 */
export class KratixClient implements KratixApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getHealth(): Promise<KratixHealth> {
    return this.get<KratixHealth>('/health');
  }

  private async get<T>(path: string): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl(KRATIX_PLUGIN_ID);
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`);
    if (response.status === 404) {
      throw new Error(
        `The Kratix backend answered 404 for ${path}: make sure @kratix-backstage/plugin-kratix-backend is added to your backend.`,
      );
    }
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
