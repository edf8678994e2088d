import { createApiRef } from '@backstage/frontend-plugin-api';
import type {
  Destination,
  DestinationRequestsResponse,
  KratixOperation,
  LogsUnavailable,
  OperationResult,
  PartialResult,
  Placement,
  PlatformSummary,
  PromiseDetail,
  PromiseSummary,
  ResourceRequest,
  ResourceRequestPageOptions,
  ResourceRequestSummary,
  WorkerHealth,
  PipelineRunsResponse,
  RequestPreview,
} from '@kratix-backstage/plugin-kratix-common';

/**
 * What `GET /api/kratix/health` answers.
 *
 * @public
 */
export interface KratixHealth {
  status: string;
}

/**
 * A resource request on a configured Kratix platform.
 *
 * @public
 */
export interface KratixRequestRef {
  platform: string;
  namespace: string;
  promise: string;
  name: string;
}

/**
 * A Promise, or a Destination, on a configured Kratix platform.
 *
 * @public
 */
export interface KratixObjectRef {
  platform: string;
  name: string;
}

/**
 * One container (stage) of a pipeline Pod.
 *
 * @public
 */
export interface KratixStageLogRef {
  platform: string;
  namespace: string;
  pod: string;
  container: string;
}

/**
 * What an operation applies to.
 *
 * @public
 */
export type KratixOperationTarget =
  | ({ kind: 'request' } & KratixRequestRef)
  | ({ kind: 'promise' } & KratixObjectRef);

/**
 * A Promise whose API a request would be made of.
 *
 * @public
 */
export interface KratixPromiseRef {
  platform: string;
  promise: string;
}

/**
 * What a preview sends: the request as it would be created.
 *
 * @public
 */
export interface KratixPreviewRequestBody {
  name: string;
  namespace: string;
  spec: Record<string, unknown>;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/**
 * How much of a stage's log to read.
 *
 * @public
 */
export interface StageLogOptions {
  /** Only the last lines; all lines when unset. */
  tailLines?: number;
  signal?: AbortSignal;
}

/**
 * A stage's log as text, or why there is none.
 *
 * @public
 */
export type StageLogText =
  | {
      text: string;
      /**
       * Set when the Pod is gone and the log comes from the backend's archive: when it
       * was archived.
       */
      archivedAt?: string;
    }
  | LogsUnavailable;

/**
 * The browser's client of the Kratix backend plugin (`/api/kratix`).
 *
 * Failed calls reject with `@backstage/errors` errors: `NotAllowedError` when a
 * permission is missing, `NotFoundError` when the object (or the backend plugin) is
 * not there, `ResponseError` otherwise.
 *
 * @public
 */
export interface KratixApi {
  getHealth(): Promise<KratixHealth>;
  listPlatforms(): Promise<PartialResult<PlatformSummary>>;
  listPromises(options?: {
    platform?: string;
  }): Promise<PartialResult<PromiseSummary>>;
  getPromise(ref: KratixObjectRef): Promise<PromiseDetail>;
  getPromiseRuns(ref: KratixObjectRef): Promise<PipelineRunsResponse>;
  getPromisePlacement(ref: KratixObjectRef): Promise<Placement>;
  listPromiseRequests(
    ref: KratixObjectRef,
  ): Promise<PartialResult<ResourceRequest>>;
  /**
   * Every request; with `limit`, `offset`, `search`, `state` or `health`, one page of the matching
   * requests (sorted by platform, Promise, namespace and name) and `totalCount`.
   */
  listRequests(
    options?: ResourceRequestPageOptions,
  ): Promise<PartialResult<ResourceRequest> & { totalCount?: number }>;
  /** The requests counted in total, by state and by Promise. */
  getRequestSummary(options?: {
    platform?: string;
    namespace?: string;
  }): Promise<ResourceRequestSummary>;
  getRequest(ref: KratixRequestRef): Promise<ResourceRequest>;
  getRequestRuns(ref: KratixRequestRef): Promise<PipelineRunsResponse>;
  getRequestPlacement(ref: KratixRequestRef): Promise<Placement>;
  listDestinations(platform: string): Promise<PartialResult<Destination>>;
  getDestination(ref: KratixObjectRef): Promise<Destination>;
  getDestinationHealth(ref: KratixObjectRef): Promise<WorkerHealth>;
  /**
   * The requests whose output Kratix placed on a Destination, each with its
   * WorkPlacements there (one call, computed by the backend).
   */
  getDestinationRequests(
    ref: KratixObjectRef,
  ): Promise<DestinationRequestsResponse>;
  /** The log of a stage as it is now. */
  readStageLog(
    ref: KratixStageLogRef,
    options?: StageLogOptions,
  ): Promise<StageLogText>;
  /**
   * Follows a stage's log: `onText` gets each chunk as the container writes it. Resolves
   * when the container (or `signal`) ends the stream, or with why there is no log.
   */
  followStageLog(
    ref: KratixStageLogRef,
    options: StageLogOptions & { onText: (text: string) => void },
  ): Promise<{ ended: true; archivedAt?: string } | LogsUnavailable>;
  /** The whole log of a stage as a file. */
  downloadStageLog(
    ref: KratixStageLogRef,
  ): Promise<{ filename: string; blob: Blob }>;
  runOperation(
    operation: Exclude<KratixOperation, 'delete'>,
    target: KratixOperationTarget,
  ): Promise<OperationResult>;
  deleteRequest(ref: KratixRequestRef): Promise<OperationResult>;
  /**
   * What a request would do before it is made: Kratix's DryRun (the files its pipelines
   * would write) where the platform has it, else the API server's dry run.
   */
  previewRequest(
    ref: KratixPromiseRef,
    body: KratixPreviewRequestBody,
  ): Promise<RequestPreview>;
}

/**
 * The API reference of {@link KratixApi}.
 *
 * @public
 */
export const kratixApiRef = createApiRef<KratixApi>({ id: 'plugin.kratix' });
