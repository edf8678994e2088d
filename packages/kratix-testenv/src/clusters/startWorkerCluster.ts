import { Binaries } from '../binaries/resolveBinaries';
import { startControllerManager } from '../controlPlane/startControllerManager';
import {
  ControlPlane,
  startControlPlane,
} from '../controlPlane/startControlPlane';
import { startFlux } from '../flux/startFlux';
import { ProcessSupervisor } from '../process/ProcessSupervisor';

/**
 * kube-controller-manager controllers on the worker: enough for Flux's pruning to finish
 * (a pruned Namespace stays Terminating without the namespace controller) and for
 * ServiceAccounts to behave as in a real cluster.
 */
export const WORKER_CONTROLLERS = [
  'serviceaccount-controller',
  'serviceaccount-token-controller',
  'root-ca-certificate-publisher-controller',
  'namespace-controller',
  'garbage-collector-controller',
];

/**
 * Starts the worker: etcd + kube-apiserver + kube-controller-manager and, when `git` is
 * given, Flux reading that repository; resolves when Flux's Kustomizations are Ready.
 */
export async function startWorkerCluster(
  supervisor: ProcessSupervisor,
  binaries: Binaries,
  workDir: string,
  git: Promise<{ url: string; branch: string }> | undefined,
): Promise<ControlPlane> {
  const controlPlane = await supervisor.timeline.step(
    'worker: etcd + kube-apiserver ready',
    startControlPlane({ name: 'worker', workDir, binaries, supervisor }),
  );
  startControllerManager(
    supervisor,
    binaries,
    controlPlane,
    WORKER_CONTROLLERS,
  );
  if (git) {
    await startFlux(supervisor, binaries, controlPlane, git);
  }
  return controlPlane;
}
