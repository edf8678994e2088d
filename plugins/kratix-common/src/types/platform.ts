/**
 * How the backend reaches a cluster.
 *
 * @public
 */
export type KratixConnectionType =
  | 'kubeconfig'
  | 'url'
  | 'in-cluster'
  | 'kubernetes-plugin'
  | 'demo';

/**
 * The state of one watch cache: whether its data is current, and since when it is not.
 * A view can say "data as of ..." from it.
 *
 * @public
 */
export interface KratixCacheStatus {
  cluster: string;
  /** The kind the cache holds, e.g. `promises.platform.kratix.io`. */
  kind: string;
  /** Whether the cache has listed the kind at least once. */
  synced: boolean;
  /** When the last full list succeeded. */
  lastSyncedAt?: string;
  /** Since when the cache has been unable to follow changes (its data may be old). */
  staleSince?: string;
  lastError?: string;
}

/**
 * A configured Kratix platform and the worker clusters it lists.
 *
 * @public
 */
export interface PlatformSummary {
  name: string;
  title: string;
  /** True for the built-in demo platform, whose data is made up. */
  demo: boolean;
  connection: KratixConnectionType;
  workers: Array<{
    name: string;
    /** The Destination the worker cluster serves. */
    destination: string;
    connection: KratixConnectionType;
  }>;
  caches: KratixCacheStatus[];
}
