import { Binaries } from '../binaries/resolveBinaries';
import {
  ManagedProcess,
  ProcessSupervisor,
} from '../process/ProcessSupervisor';
import { ControlPlane } from './startControlPlane';

/**
 * Starts kube-controller-manager for `controlPlane` with only `controllers` (fewer
 * controllers, less CPU on a 2-core machine). Not serving (`--secure-port=0`), no
 * leader election, one shared admin identity.
 */
export function startControllerManager(
  supervisor: ProcessSupervisor,
  binaries: Binaries,
  controlPlane: ControlPlane,
  controllers: string[],
): ManagedProcess {
  return supervisor.spawn(
    `${controlPlane.name}-kube-controller-manager`,
    binaries.kubeControllerManager,
    [
      `--kubeconfig=${controlPlane.adminKubeconfigFile}`,
      '--leader-elect=false',
      '--bind-address=127.0.0.1',
      '--secure-port=0',
      `--controllers=${controllers.join(',')}`,
      `--root-ca-file=${controlPlane.caFile}`,
      `--service-account-private-key-file=${controlPlane.serviceAccountPrivateKeyFile}`,
      '--use-service-account-credentials=false',
      '--concurrent-job-syncs=5',
    ],
  );
}
