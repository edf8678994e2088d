import { KubeConfig } from '@kubernetes/client-node';
import { PodLogLine } from './kwok/criLogLine';

/** One cluster of a {@link KratixTestEnvironment}. */
export interface TestCluster {
  name: 'platform' | 'worker';
  /** `https://127.0.0.1:<port>` */
  server: string;
  /** Admin access (a static token in group `system:masters`). */
  kubeConfig: KubeConfig;
  /**
   * Platform only: makes `pods/log` serve these lines for the given Pod's containers
   * (container name to lines). Lines are stamped with the time they are set unless they
   * carry their own `time`. Setting more lines after the old ones appends (a `follow`
   * stream sees them); anything else replaces the container's log. Lines may be set
   * before or after the Pod exists; containers without lines serve an empty log.
   */
  setPodLogs?(
    namespace: string,
    pod: string,
    logs: Record<string, Array<string | PodLogLine>>,
  ): Promise<void>;
  /**
   * Platform only: stops the KWOK process (the "kubelet" of the fake node). `pods/log` of
   * an existing Pod then fails with the API server's own error (it cannot reach the node),
   * and Pods no longer change phase. Not reversible.
   */
  stopNode?(): Promise<void>;
  /**
   * Platform only, with the environment's `platformAuditLog` option: the API server's
   * audit log file (read it with `readAuditEvents`).
   */
  auditLogFile?: string;
}
