import { CoreV1Api } from '@kubernetes/client-node';
import { Binaries } from '../binaries/resolveBinaries';
import { startControllerManager } from '../controlPlane/startControllerManager';
import {
  ControlPlane,
  startControlPlane,
} from '../controlPlane/startControlPlane';
import { startScheduler } from '../controlPlane/startScheduler';
import type { AuditLogOptions } from '../controlPlane/auditLog';
import { applyCrds } from '../kube/applyCrds';
import { KwokNode, startKwok } from '../kwok/startKwok';
import { ProcessSupervisor } from '../process/ProcessSupervisor';
import { createRestrictedIdentity } from '../rbac/createRestrictedIdentity';
import { waitFor } from '../util/waitFor';

/**
 * kube-controller-manager controllers on the platform: Jobs make Pods, ServiceAccounts
 * (`default` in each namespace) and their root CA ConfigMap exist, namespaces and owned
 * objects are cleaned up.
 */
export const PLATFORM_CONTROLLERS = [
  'job-controller',
  'ttl-after-finished-controller',
  'serviceaccount-controller',
  'serviceaccount-token-controller',
  'root-ca-certificate-publisher-controller',
  'namespace-controller',
  'garbage-collector-controller',
];

/** The running platform cluster. */
export interface PlatformCluster {
  controlPlane: ControlPlane;
  kwok: KwokNode;
  /** Token of the restricted ServiceAccount. */
  restrictedToken: string;
  /** Names of the CRDs installed from the Kratix CRD directory. */
  kratixCrds: string[];
}

/**
 * Starts the platform: etcd + kube-apiserver, then kube-controller-manager,
 * kube-scheduler, KWOK with its node, the Kratix CRDs and the restricted identity in
 * parallel; resolves when the node is Ready and the `default` ServiceAccount exists
 * (so Pods can be created).
 */
export async function startPlatformCluster(
  supervisor: ProcessSupervisor,
  binaries: Binaries,
  workDir: string,
  kratixCrdDir: string | undefined,
  options: {
    holdPodsUntil?: string;
    auditLog?: boolean | AuditLogOptions;
  } = {},
): Promise<PlatformCluster> {
  const t = supervisor.timeline;
  const controlPlane = await t.step(
    'platform: etcd + kube-apiserver ready',
    startControlPlane({
      name: 'platform',
      workDir,
      binaries,
      supervisor,
      // This admission plugin gives every new Node the `node.kubernetes.io/not-ready:NoSchedule`
      // taint, which only kube-controller-manager's node-lifecycle-controller removes; that
      // controller would also evict Pods once KWOK stops (stopNode), so it is not run.
      apiServerFlags: ['--disable-admission-plugins=TaintNodesByCondition'],
      auditLog: options.auditLog,
    }),
  );
  startControllerManager(
    supervisor,
    binaries,
    controlPlane,
    PLATFORM_CONTROLLERS,
  );
  startScheduler(supervisor, binaries, controlPlane);
  const core = controlPlane.kubeConfig.makeApiClient(CoreV1Api);
  const [kwok, kratixCrds, restrictedToken] = await Promise.all([
    t.step(
      'platform: KWOK node Ready',
      startKwok(supervisor, binaries, controlPlane, options),
    ),
    t.step(
      'platform: Kratix CRDs',
      applyCrds(controlPlane.kubeConfig, kratixCrdDir ? [kratixCrdDir] : []),
    ),
    t.step(
      'platform: restricted identity',
      createRestrictedIdentity(controlPlane.kubeConfig),
    ),
    t.step(
      'platform: default ServiceAccount',
      waitFor(
        'ServiceAccount default/default (kube-controller-manager at work)',
        async () =>
          !!(await core.readNamespacedServiceAccount({
            name: 'default',
            namespace: 'default',
          })),
        { timeoutMs: 60_000, check: () => supervisor.assertRunning() },
      ),
    ),
  ]);
  return { controlPlane, kwok, restrictedToken, kratixCrds };
}
