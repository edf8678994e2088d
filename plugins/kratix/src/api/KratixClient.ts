import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import {
  NotAllowedError,
  NotFoundError,
  ResponseError,
} from '@backstage/errors';
import {
  KRATIX_PLUGIN_ID,
  type Destination,
  type DestinationRequestsResponse,
  type KratixOperation,
  type LogsUnavailable,
  type OperationResult,
  type PartialResult,
  type Placement,
  type PlatformSummary,
  type PromiseDetail,
  type PromiseSummary,
  type ResourceRequest,
  type ResourceRequestPageOptions,
  type ResourceRequestSummary,
  type WorkerHealth,
  type PipelineRunsResponse,
  type RequestPreview,
} from '@kratix-backstage/plugin-kratix-common';
import type {
  KratixApi,
  KratixHealth,
  KratixObjectRef,
  KratixOperationTarget,
  KratixPreviewRequestBody,
  KratixPromiseRef,
  KratixRequestRef,
  KratixStageLogRef,
  StageLogOptions,
  StageLogText,
} from './KratixApi';

const enc = encodeURIComponent;

const promisePath = (ref: KratixObjectRef) =>
  `/platforms/${enc(ref.platform)}/promises/${enc(ref.name)}`;
const requestPath = (ref: KratixRequestRef) =>
  `/platforms/${enc(ref.platform)}/requests/${enc(ref.namespace)}/${enc(
    ref.promise,
  )}/${enc(ref.name)}`;
const destinationPath = (ref: KratixObjectRef) =>
  `/platforms/${enc(ref.platform)}/destinations/${enc(ref.name)}`;
const logPath = (ref: KratixStageLogRef) =>
  `/platforms/${enc(ref.platform)}/pods/${enc(ref.namespace)}/${enc(
    ref.pod,
  )}/logs/${enc(ref.container)}`;

function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined) search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** When the backend archived the log it answers (the Pod is gone), if it did. */
const archivedAt = (response: Response) =>
  response.headers.get('x-kratix-log-archived-at') ?? undefined;

const isLogsUnavailable = (body: unknown): body is LogsUnavailable =>
  typeof body === 'object' &&
  body !== null &&
  (body as LogsUnavailable).logsUnavailable === true;

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

  getHealth(): Promise<KratixHealth> {
    return this.json('/health');
  }

  listPlatforms(): Promise<PartialResult<PlatformSummary>> {
    return this.json('/platforms');
  }

  listPromises(
    options: { platform?: string } = {},
  ): Promise<PartialResult<PromiseSummary>> {
    return this.json(`/promises${query(options)}`);
  }

  getPromise(ref: KratixObjectRef): Promise<PromiseDetail> {
    return this.json(promisePath(ref));
  }

  getPromiseRuns(ref: KratixObjectRef): Promise<PipelineRunsResponse> {
    return this.json(`${promisePath(ref)}/runs`);
  }

  getPromisePlacement(ref: KratixObjectRef): Promise<Placement> {
    return this.json(`${promisePath(ref)}/placement`);
  }

  listPromiseRequests(
    ref: KratixObjectRef,
  ): Promise<PartialResult<ResourceRequest>> {
    return this.json(`${promisePath(ref)}/requests`);
  }

  listRequests(
    options: ResourceRequestPageOptions = {},
  ): Promise<PartialResult<ResourceRequest> & { totalCount?: number }> {
    return this.json(`/requests${query({ ...options })}`);
  }

  getRequestSummary(
    options: { platform?: string; namespace?: string } = {},
  ): Promise<ResourceRequestSummary> {
    return this.json(`/requests/summary${query(options)}`);
  }

  getRequest(ref: KratixRequestRef): Promise<ResourceRequest> {
    return this.json(requestPath(ref));
  }

  getRequestRuns(ref: KratixRequestRef): Promise<PipelineRunsResponse> {
    return this.json(`${requestPath(ref)}/runs`);
  }

  getRequestPlacement(ref: KratixRequestRef): Promise<Placement> {
    return this.json(`${requestPath(ref)}/placement`);
  }

  listDestinations(platform: string): Promise<PartialResult<Destination>> {
    return this.json(`/platforms/${enc(platform)}/destinations`);
  }

  getDestination(ref: KratixObjectRef): Promise<Destination> {
    return this.json(destinationPath(ref));
  }

  getDestinationHealth(ref: KratixObjectRef): Promise<WorkerHealth> {
    return this.json(`${destinationPath(ref)}/health`);
  }

  getDestinationRequests(
    ref: KratixObjectRef,
  ): Promise<DestinationRequestsResponse> {
    return this.json(`${destinationPath(ref)}/requests`);
  }

  async readStageLog(
    ref: KratixStageLogRef,
    options: StageLogOptions = {},
  ): Promise<StageLogText> {
    const response = await this.fetch(
      `${logPath(ref)}${query({ tailLines: options.tailLines })}`,
      { signal: options.signal },
    );
    if (this.isJson(response)) {
      const body = await response.json();
      if (isLogsUnavailable(body)) return body;
    }
    const archived = archivedAt(response);
    return {
      text: await response.text(),
      ...(archived ? { archivedAt: archived } : {}),
    };
  }

  async followStageLog(
    ref: KratixStageLogRef,
    options: StageLogOptions & { onText: (text: string) => void },
  ): Promise<{ ended: true; archivedAt?: string } | LogsUnavailable> {
    const response = await this.fetch(
      `${logPath(ref)}${query({ tailLines: options.tailLines, follow: 1 })}`,
      { signal: options.signal },
    );
    if (this.isJson(response)) {
      const body = await response.json();
      if (isLogsUnavailable(body)) return body;
    }
    const archived = archivedAt(response);
    const ended = archived
      ? { ended: true as const, archivedAt: archived }
      : { ended: true as const };
    if (!response.body) {
      options.onText(await response.text());
      return ended;
    }
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        const text = decoder.decode(value, { stream: true });
        if (text) options.onText(text);
      }
      const rest = decoder.decode();
      if (rest) options.onText(rest);
    } finally {
      reader.releaseLock();
    }
    return ended;
  }

  async downloadStageLog(
    ref: KratixStageLogRef,
  ): Promise<{ filename: string; blob: Blob }> {
    const response = await this.fetch(`${logPath(ref)}?download=1`);
    if (this.isJson(response)) {
      const body = await response.json();
      if (isLogsUnavailable(body)) {
        throw new NotFoundError(`No log to download: ${body.message}`);
      }
    }
    const disposition = response.headers.get('content-disposition') ?? '';
    const filename =
      /filename="([^"]+)"/.exec(disposition)?.[1] ??
      `${ref.pod}_${ref.container}.log`;
    return { filename, blob: await response.blob() };
  }

  runOperation(
    operation: Exclude<KratixOperation, 'delete'>,
    target: KratixOperationTarget,
  ): Promise<OperationResult> {
    const path =
      target.kind === 'promise' ? promisePath(target) : requestPath(target);
    return this.json(`${path}/${operation}`, { method: 'POST' });
  }

  deleteRequest(ref: KratixRequestRef): Promise<OperationResult> {
    return this.json(requestPath(ref), { method: 'DELETE' });
  }

  previewRequest(
    ref: KratixPromiseRef,
    body: KratixPreviewRequestBody,
  ): Promise<RequestPreview> {
    return this.json(
      `${promisePath({
        platform: ref.platform,
        name: ref.promise,
      })}/requests/preview`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      },
    );
  }

  private isJson(response: Response): boolean {
    return (response.headers.get('content-type') ?? '').startsWith(
      'application/json',
    );
  }

  private async json<T>(path: string, init?: RequestInit): Promise<T> {
    const response = await this.fetch(path, init);
    return (await response.json()) as T;
  }

  /** Every call goes through here: one place turns a failed answer into an error. */
  private async fetch(path: string, init?: RequestInit): Promise<Response> {
    const baseUrl = await this.discoveryApi.getBaseUrl(KRATIX_PLUGIN_ID);
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, init);
    if (response.ok) return response;
    const body = await response
      .clone()
      .json()
      .catch(() => undefined);
    const message: string | undefined = body?.error?.message;
    if (response.status === 403) {
      throw new NotAllowedError(
        `${
          message ?? 'Permission denied'
        }. Ask your Backstage administrator to grant it to you.`,
      );
    }
    if (response.status === 404) {
      if (body?.error?.name === 'NotFoundError' && message) {
        throw new NotFoundError(message);
      }
      throw new NotFoundError(
        `The Kratix backend answered 404 for ${path}: make sure @kratix-backstage/plugin-kratix-backend is added to your backend.`,
      );
    }
    throw await ResponseError.fromResponse(response);
  }
}
