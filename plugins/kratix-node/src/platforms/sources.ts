import type { Readable } from 'node:stream';
import type {
  KratixCacheStatus,
  LogsUnavailableReason,
} from '@kratix-backstage/plugin-kratix-common';
import type { KubeObject } from '../kratixObjects';

/**
 * What happened to an object, as a watch reports it.
 *
 * @public
 */
export type KubeEventType = 'added' | 'modified' | 'deleted';

/**
 * The kinds a source reports events for. `requests` covers the request kinds of every
 * Promise.
 *
 * @public
 */
export type KratixEventKind =
  | 'promises'
  | 'requests'
  | 'jobs'
  | 'pods'
  | 'works'
  | 'workplacements'
  | 'destinations'
  | 'healthrecords'
  | 'resourcebindings'
  | 'promiserevisions';

/**
 * A change to an object of a platform, for live views and the catalog provider.
 *
 * @public
 */
export interface KratixObjectEvent {
  type: KubeEventType;
  kind: KratixEventKind;
  object: KubeObject;
}

/**
 * How much of a container's log to read.
 *
 * @public
 */
export interface LogOptions {
  tailLines?: number;
  sinceSeconds?: number;
  limitBytes?: number;
  /** Keep the stream open and send new lines as the container writes them. */
  follow?: boolean;
  /** Ends a followed stream (the client went away). */
  signal?: AbortSignal;
}

/**
 * A container's log, or why there is none.
 *
 * @public
 */
export type LogRead =
  | { available: true; stream: Readable }
  | {
      available: false;
      reason: LogsUnavailableReason;
      message: string;
      statusCode?: number;
    };

/**
 * An object of a platform an operation can change: a Promise or a resource request.
 *
 * @public
 */
export type KratixTarget =
  | { kind: 'promise'; name: string }
  | { kind: 'request'; promise: KubeObject; namespace: string; name: string };

/**
 * Changes to an object's metadata; `null` removes a key.
 *
 * @public
 */
export interface MetadataPatch {
  labels?: Record<string, string | null>;
  annotations?: Record<string, string | null>;
}

/**
 * A Kubernetes identity a write acts as, through impersonation: the API server receives
 * `Impersonate-User: <user>` and one `Impersonate-Group` header per group, and
 * authorizes (and audits) the write as that user.
 *
 * @public
 */
export interface KratixImpersonation {
  /** The `Impersonate-User` value, e.g. `alice`. */
  user: string;
  /** The `Impersonate-Group` values, one header each, e.g. `team-a`. */
  groups: string[];
}

/**
 * Who a write reaches the platform as. Without `impersonate`, as the platform's own
 * credentials (the plugin's identity).
 *
 * @public
 */
export interface KratixWriteOptions {
  /** Write as this user and groups (Kubernetes impersonation). */
  impersonate?: KratixImpersonation;
}

/**
 * How to create a resource request.
 *
 * @public
 */
export interface CreateRequestOptions extends KratixWriteOptions {
  /** Ask the API server to validate and admit it without storing it. */
  dryRun?: boolean;
  /** Update an existing object of that name (server-side apply) instead of failing. */
  updateExisting?: boolean;
}

/**
 * Kratix kinds a platform may or may not serve, depending on its Kratix version:
 * whether it serves each one.
 *
 * @public
 */
export interface KratixOptionalKinds {
  healthRecords: boolean;
  promiseRevisions: boolean;
  resourceBindings: boolean;
  dryRuns: boolean;
}

/**
 * Everything the backend reads from and writes to one Kratix platform cluster. The only
 * way the rest of the plugin reaches a platform: it exposes Kratix's kinds and
 * Kratix-managed Jobs and Pods, nothing else.
 *
 * Implementations: the Kubernetes one (watch caches over client-node) and the demo one
 * (the workshop scenario in memory).
 *
 * @public
 */
export interface KratixClusterSource {
  /** The cluster's name, as errors name it. */
  readonly cluster: string;
  listPromises(): Promise<KubeObject[]>;
  getPromise(name: string): Promise<KubeObject | undefined>;
  /** The resource requests of a Promise (the kind its `spec.api` defines). */
  listRequests(promise: KubeObject, namespace?: string): Promise<KubeObject[]>;
  getRequest(
    promise: KubeObject,
    namespace: string,
    name: string,
  ): Promise<KubeObject | undefined>;
  /** Kratix's pipeline Jobs with all of these labels. */
  listJobs(labels: Record<string, string>): Promise<KubeObject[]>;
  /** Kratix's pipeline Pods with all of these labels. */
  listPods(labels: Record<string, string>): Promise<KubeObject[]>;
  /** A Pod, if it is one of Kratix's pipeline Pods. */
  getPod(namespace: string, name: string): Promise<KubeObject | undefined>;
  listWorks(labels?: Record<string, string>): Promise<KubeObject[]>;
  listWorkPlacements(labels?: Record<string, string>): Promise<KubeObject[]>;
  listDestinations(): Promise<KubeObject[]>;
  /** GitStateStores and BucketStateStores. */
  listStateStores(): Promise<KubeObject[]>;
  /**
   * Which of the kinds newer Kratix versions added the platform serves (asked once, then
   * again every few minutes). The list methods below answer `[]` for a kind it does not.
   */
  optionalKinds(): Promise<KratixOptionalKinds>;
  /** HealthRecords (`platform.kratix.io/v1alpha1`), in every namespace. */
  listHealthRecords(): Promise<KubeObject[]>;
  /** PromiseRevisions, of one Promise when named (label `kratix.io/promise-name`). */
  listPromiseRevisions(promise?: string): Promise<KubeObject[]>;
  /** ResourceBindings with all of these labels. */
  listResourceBindings(labels?: Record<string, string>): Promise<KubeObject[]>;
  /**
   * Creates a DryRun (Kratix's preview of a request); answers it as stored. Like every
   * write below, as `options.impersonate` when given.
   */
  createDryRun(
    object: KubeObject,
    options?: KratixWriteOptions,
  ): Promise<KubeObject>;
  /**
   * Reads a DryRun straight from the API server (not a cache), as whoever created it
   * (`options.impersonate`).
   */
  getDryRun(
    namespace: string,
    name: string,
    options?: KratixWriteOptions,
  ): Promise<KubeObject | undefined>;
  /** Deletes a DryRun (Kubernetes then removes what it owns). */
  deleteDryRun(
    namespace: string,
    name: string,
    options?: KratixWriteOptions,
  ): Promise<void>;
  readLogs(
    namespace: string,
    pod: string,
    container: string,
    options: LogOptions,
  ): Promise<LogRead>;
  /** Changes labels and annotations; answers the changed object. */
  patchMetadata(
    target: KratixTarget,
    patch: MetadataPatch,
    options?: KratixWriteOptions,
  ): Promise<KubeObject>;
  /**
   * Creates a resource request of a Promise (an object of the kind its API defines);
   * answers the object as the API server stored (or, in a dry run, would store) it.
   */
  createRequest(
    promise: KubeObject,
    object: KubeObject,
    options: CreateRequestOptions,
  ): Promise<KubeObject>;
  /** Deletes a resource request; answers the object when finalizers keep it for a while. */
  deleteRequest(
    promise: KubeObject,
    namespace: string,
    name: string,
    options?: KratixWriteOptions,
  ): Promise<KubeObject | undefined>;
  /** Reports changes to objects of the given kinds (starting their watches). */
  subscribe(
    kinds: KratixEventKind[],
    listener: (event: KratixObjectEvent) => void,
  ): () => void;
  cacheStatus(): KratixCacheStatus[];
  /**
   * Optional: a number that changes whenever anything the source's reads answer from
   * changes (its watch caches). Readers keep what they computed from the reads (the
   * backend's list of every request) until it changes; a source without it is read
   * afresh each time.
   */
  revision?(): number;
  stop(): Promise<void>;
}

/**
 * What the backend reads from a worker cluster: its Flux objects.
 *
 * @public
 */
export interface WorkerClusterSource {
  readonly cluster: string;
  listKustomizations(): Promise<KubeObject[]>;
  listGitRepositories(): Promise<KubeObject[]>;
  listBuckets(): Promise<KubeObject[]>;
  cacheStatus(): KratixCacheStatus[];
  stop(): Promise<void>;
}
