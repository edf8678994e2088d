import type {
  AuthenticationStrategy,
  ClusterDetails,
} from '@backstage/plugin-kubernetes-node';
import type {
  KratixDryRunMode,
  KratixImpersonationConfig,
  KratixWriteAs,
} from '@kratix-backstage/plugin-kratix-node';

/**
 * A cluster of the Kubernetes plugin (`kubernetes.clusterLocatorMethods`), reached with
 * the credentials its auth strategy gives for each request.
 *
 * @public
 */
export interface KubernetesPluginConnection {
  type: 'kubernetes-plugin';
  /** The config key it was read from (`...kubernetesCluster`), for error messages. */
  configKey: string;
  /** Where the Kubernetes plugin's config declares the cluster, e.g. `kubernetes.clusterLocatorMethods[0].clusters[1]`. */
  clusterKey: string;
  /** The cluster as the Kubernetes plugin's cluster locator describes it. */
  cluster: ClusterDetails;
  /** The auth provider: `cluster.authMetadata['kubernetes.io/auth-provider']`. */
  authProvider: string;
  /** Gives the credential (bearer token, x509 client certificate or none) for the requests. */
  strategy: AuthenticationStrategy;
  /**
   * How long a credential of the strategy is used before it is asked again, in
   * milliseconds; `Infinity` for credentials that do not expire. A credential the API
   * server refuses (401) is asked again at once.
   */
  credentialMaxAgeMs: number;
}

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
      type: 'url';
      configKey: string;
      url: string;
      serviceAccountToken?: string;
      caData?: string;
      caFile?: string;
      skipTLSVerify: boolean;
    }
  | { type: 'in-cluster'; configKey: string }
  | KubernetesPluginConnection;

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
  /** How requests are previewed: Kratix's DryRun, a server-side dry run, or `auto`. */
  dryRun: KratixDryRunMode;
  /** Who writes reach the platform as: its own credentials, or the user (impersonation). */
  writeAs: KratixWriteAs;
  /** How the user and groups are named to Kubernetes when writing as the user. */
  impersonation: KratixImpersonationConfig;
  workers: WorkerConfig[];
}

/**
 * The `kratix` config, parsed.
 *
 * @public
 */
export interface KratixConfig {
  platforms: PlatformConfig[];
}
