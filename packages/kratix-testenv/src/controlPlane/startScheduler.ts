import { Binaries } from '../binaries/resolveBinaries';
import {
  ManagedProcess,
  ProcessSupervisor,
} from '../process/ProcessSupervisor';
import { ControlPlane } from './startControlPlane';

/** Starts kube-scheduler for `controlPlane` (not serving, no leader election). */
export function startScheduler(
  supervisor: ProcessSupervisor,
  binaries: Binaries,
  controlPlane: ControlPlane,
): ManagedProcess {
  return supervisor.spawn(
    `${controlPlane.name}-kube-scheduler`,
    binaries.kubeScheduler,
    [
      `--kubeconfig=${controlPlane.adminKubeconfigFile}`,
      '--leader-elect=false',
      '--bind-address=127.0.0.1',
      '--secure-port=0',
    ],
  );
}
