import type { KratixApiError } from './errors';

/**
 * The state of one Flux object on a worker cluster.
 *
 * @public
 */
export interface FluxObjectStatus {
  kind: 'Kustomization' | 'GitRepository' | 'Bucket';
  name: string;
  namespace: string;
  ready: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  suspended: boolean;
  /** The revision last applied (Kustomization) or fetched (sources). */
  revision?: string;
  /** Kustomization `spec.path`, or the source's URL. */
  path?: string;
  sourceRef?: { kind: string; name: string };
  lastTransitionTime?: string;
  /**
   * Resource requests a failure message names by their state store path
   * (`./<namespace>/<promise>/<request>/...`), then those whose placed output carries
   * the object kustomize refused as already registered (`carries` is its id).
   */
  implicatedRequests: Array<{
    namespace: string;
    promise: string;
    name: string;
    /** Set when the request is implicated because its output holds this object too. */
    carries?: string;
  }>;
}

/**
 * One worker cluster of a Destination, as its GitOps agent sees it.
 *
 * @public
 */
export interface WorkerClusterHealth {
  cluster: string;
  reachable: boolean;
  /** Whether every Kustomization and source is Ready. */
  healthy: boolean;
  kustomizations: FluxObjectStatus[];
  sources: FluxObjectStatus[];
}

/**
 * Whether the worker clusters of a Destination applied what Kratix wrote for them.
 *
 * @public
 */
export interface WorkerHealth {
  platform: string;
  demo?: boolean;
  destination: string;
  workers: WorkerClusterHealth[];
  /** Set when no worker cluster is configured for the Destination. */
  message?: string;
  errors: KratixApiError[];
}
