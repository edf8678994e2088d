/**
 * How to reach one cluster, parsed from config.
 *
 * @public
 */
export type ClusterConnection =
  | {
      type: 'kubeconfig';
      /** The config key it was read from, for error messages. */
      configKey: string;
      path: string;
      context?: string;
    }
  | {
      type: 'url' | 'kubernetes-plugin';
      configKey: string;
      url: string;
      serviceAccountToken?: string;
      caData?: string;
      caFile?: string;
      skipTLSVerify: boolean;
    }
  | { type: 'in-cluster'; configKey: string };

/**
 * A worker cluster: where a Destination's GitOps agent (Flux) runs.
 *
 * @public
 */
export interface WorkerConfig {
  name: string;
  /** The Kratix Destination this worker serves. */
  destination: string;
  connection: ClusterConnection;
}

/**
 * A Kratix platform cluster and its workers.
 *
 * @public
 */
export interface PlatformConfig {
  name: string;
  title: string;
  connection: ClusterConnection;
  requestTimeoutMs: number;
  workers: WorkerConfig[];
}

/**
 * The `kratix` config, parsed.
 *
 * @public
 */
export interface KratixConfig {
  demo: {
    enabled: boolean;
    name: string;
    title: string;
    /** Requests the demo keeps besides the scenario's own. */
    maxRequests: number;
  };
  platforms: PlatformConfig[];
}
