import { Readable } from 'node:stream';
import type {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  type CreateResourceRequestBody,
  type CreateResourceRequestResult,
  KRATIX_PLUGIN_ID,
  type Placement,
  type PlatformSummary,
  type PromiseSummary,
  type RequestPreview,
  type ResourceRequestEvent,
  type WorkerHealth,
} from '@kratix-backstage/plugin-kratix-common';

const seg = encodeURIComponent;

/**
 * The Kratix backend plugin's REST API, called on behalf of a user (the task's
 * initiator) so that the Kratix permissions apply to them.
 */
export class KratixBackendClient {
  constructor(
    private readonly options: {
      discovery: DiscoveryService;
      auth: AuthService;
    },
  ) {}

  async listPlatforms(
    credentials: BackstageCredentials,
  ): Promise<PlatformSummary[]> {
    const answer = await this.json<{ items: PlatformSummary[] }>(
      credentials,
      '/platforms',
    );
    return answer.items;
  }

  getPromise(
    credentials: BackstageCredentials,
    platform: string,
    promise: string,
  ): Promise<PromiseSummary> {
    return this.json(
      credentials,
      `/platforms/${seg(platform)}/promises/${seg(promise)}`,
    );
  }

  createRequest(
    credentials: BackstageCredentials,
    target: { platform: string; promise: string; dryRun?: boolean },
    body: CreateResourceRequestBody,
  ): Promise<CreateResourceRequestResult> {
    return this.json(
      credentials,
      `/platforms/${seg(target.platform)}/promises/${seg(
        target.promise,
      )}/requests?dryRun=${Boolean(target.dryRun)}`,
      { method: 'POST', body: JSON.stringify(body) },
    );
  }

  /**
   * What the request would do, before it is made: the files Kratix's DryRun says its
   * pipelines would write, or (where the platform cannot run one) the API server's dry
   * run. Nothing is stored.
   */
  previewRequest(
    credentials: BackstageCredentials,
    target: { platform: string; promise: string },
    body: Omit<CreateResourceRequestBody, 'updateExisting'>,
  ): Promise<RequestPreview> {
    return this.json(
      credentials,
      `/platforms/${seg(target.platform)}/promises/${seg(
        target.promise,
      )}/requests/preview`,
      { method: 'POST', body: JSON.stringify(body) },
    );
  }

  /** Where Kratix placed the request's Works. */
  getRequestPlacement(
    credentials: BackstageCredentials,
    target: {
      platform: string;
      namespace: string;
      promise: string;
      name: string;
    },
  ): Promise<Placement> {
    return this.json(
      credentials,
      `/platforms/${seg(target.platform)}/requests/${seg(
        target.namespace,
      )}/${seg(target.promise)}/${seg(target.name)}/placement`,
    );
  }

  /** Flux's view on each worker cluster of a Destination. */
  getDestinationHealth(
    credentials: BackstageCredentials,
    platform: string,
    destination: string,
  ): Promise<WorkerHealth> {
    return this.json(
      credentials,
      `/platforms/${seg(platform)}/destinations/${seg(destination)}/health`,
    );
  }

  /** The request's events, as the backend streams them, until `signal` aborts. */
  async *requestEvents(
    credentials: BackstageCredentials,
    target: {
      platform: string;
      namespace: string;
      promise: string;
      name: string;
    },
    signal: AbortSignal,
  ): AsyncGenerator<ResourceRequestEvent> {
    const response = await this.fetch(
      credentials,
      `/platforms/${seg(target.platform)}/requests/${seg(
        target.namespace,
      )}/${seg(target.promise)}/${seg(target.name)}/events`,
      { signal },
    );
    if (!response.body) return;
    const body = Readable.fromWeb(response.body as any);
    // Aborting after the caller stopped reading must not surface as an unhandled error.
    body.on('error', () => undefined);
    const decoder = new TextDecoder();
    let pending = '';
    try {
      for await (const chunk of body) {
        pending += decoder.decode(chunk as Uint8Array, { stream: true });
        const lines = pending.split('\n');
        pending = lines.pop()!;
        for (const line of lines) {
          if (line.trim()) yield JSON.parse(line) as ResourceRequestEvent;
        }
      }
    } finally {
      body.destroy();
    }
  }

  private async json<T>(
    credentials: BackstageCredentials,
    path: string,
    init: RequestInit = {},
  ): Promise<T> {
    const response = await this.fetch(credentials, path, init);
    return (await response.json()) as T;
  }

  private async fetch(
    credentials: BackstageCredentials,
    path: string,
    init: RequestInit,
  ): Promise<Response> {
    const { discovery, auth } = this.options;
    const [baseUrl, { token }] = await Promise.all([
      discovery.getBaseUrl(KRATIX_PLUGIN_ID),
      auth.getPluginRequestToken({
        onBehalfOf: credentials,
        targetPluginId: KRATIX_PLUGIN_ID,
      }),
    ]);
    const response = await fetch(`${baseUrl}${path}`, {
      ...init,
      headers: {
        ...(init.body ? { 'Content-Type': 'application/json' } : {}),
        Authorization: `Bearer ${token}`,
      },
    });
    if (!response.ok) {
      // The backend's own message (which names the field, the object, the permission)
      // is what the task log should show.
      const error = await ResponseError.fromResponse(response);
      const reported = error.body?.error;
      if (!reported?.message) throw error;
      throw Object.assign(new Error(reported.message), {
        name: reported.name ?? error.name,
        cause: error,
      });
    }
    return response;
  }
}
