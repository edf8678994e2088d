import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  CoreV1Api,
  type KubeConfig,
  RbacAuthorizationV1Api,
  type V1PolicyRule,
} from '@kubernetes/client-node';
import { resolveBinaries } from '../binaries/resolveBinaries';
import type { KratixTestEnvironment } from '../KratixTestEnvironment';
import { ProcessSupervisor } from '../process/ProcessSupervisor';
import { waitFor } from '../util/waitFor';

type ClusterName = 'platform' | 'worker';

/**
 * Runs the environment's kubectl (built with the other binaries) as the admin of one of
 * its clusters: `kubectl --kubeconfig <env kubeconfig> --context <cluster> ...args`, e.g.
 * `['apply', '-k', 'deploy/platform']`. Resolves with stdout; rejects with stderr.
 *
 * @public
 */
export async function runKubectl(
  env: Pick<KratixTestEnvironment, 'kubeconfigPath'>,
  cluster: ClusterName,
  args: string[],
  options: { timeoutMs?: number } = {},
): Promise<string> {
  const { kubectl } = await resolveBinaries();
  const argv = [
    `--kubeconfig=${env.kubeconfigPath}`,
    `--context=${cluster}`,
    ...args,
  ];
  return new Promise((resolve, reject) => {
    execFile(
      kubectl,
      argv,
      { timeout: options.timeoutMs ?? 60_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) {
          reject(
            new Error(
              `kubectl ${args.join(' ')} (${cluster}) failed: ${
                stderr.trim() || error.message
              }`,
            ),
          );
        } else resolve(stdout);
      },
    );
  });
}

/** A process the caller stops (before the environment's `stop()`). */
export interface StoppableProcess {
  pid: number;
  stop(): Promise<void>;
}

/**
 * Runs kube-controller-manager's `clusterrole-aggregation-controller` for one cluster of
 * the environment (or of a standalone control plane: its `workDir` and
 * `{ platform: { kubeConfig } }`), as every real cluster does, so that aggregated ClusterRoles
 * (`aggregationRule`) get their rules. The environment's own controller-manager runs only
 * the controllers its suites need, without this one. The process is registered with the
 * environment's watchdog (same work dir), logs to `<workDir>/logs/<cluster>-clusterrole-aggregation.log`,
 * and is stopped by `stop()` (call it before the environment's `stop()`).
 *
 * @public
 */
export async function startClusterRoleAggregation(
  env: Pick<KratixTestEnvironment, 'workDir'> &
    Partial<Record<ClusterName, { kubeConfig: KubeConfig }>>,
  cluster: ClusterName = 'platform',
): Promise<StoppableProcess> {
  const target = env[cluster];
  if (!target) throw new Error(`the environment has no ${cluster} cluster`);
  const binaries = await resolveBinaries();
  const kubeconfigFile = join(
    env.workDir,
    `${cluster}-clusterrole-aggregation.kubeconfig`,
  );
  // JSON is YAML: the controller-manager reads client-node's export as a kubeconfig.
  await writeFile(kubeconfigFile, target.kubeConfig.exportConfig(), {
    mode: 0o600,
  });
  const supervisor = new ProcessSupervisor(env.workDir);
  const child = supervisor.spawn(
    `${cluster}-clusterrole-aggregation`,
    binaries.kubeControllerManager,
    [
      `--kubeconfig=${kubeconfigFile}`,
      '--leader-elect=false',
      '--secure-port=0',
      '--controllers=clusterrole-aggregation-controller',
      '--use-service-account-credentials=false',
    ],
  );
  return {
    pid: child.pid,
    stop: () => supervisor.stopAll(),
  };
}

const ruleKey = (rule: V1PolicyRule) =>
  JSON.stringify([
    [...(rule.apiGroups ?? [])].sort(),
    [...(rule.resources ?? [])].sort(),
    [...(rule.verbs ?? [])].sort(),
    [...(rule.resourceNames ?? [])].sort(),
    [...(rule.nonResourceURLs ?? [])].sort(),
  ]);

/**
 * Waits until the aggregated ClusterRole `name` holds every rule of every ClusterRole its
 * `aggregationRule` selects, and returns its rules.
 *
 * @public
 */
export async function waitForAggregatedClusterRole(
  kubeConfig: KubeConfig,
  name: string,
  timeoutMs = 30_000,
): Promise<V1PolicyRule[]> {
  const rbac = kubeConfig.makeApiClient(RbacAuthorizationV1Api);
  let missing: string[] = [];
  try {
    return await waitFor(
      `ClusterRole ${name} to aggregate its ClusterRoles' rules`,
      async () => {
        const role = await rbac.readClusterRole({ name });
        const selectors = role.aggregationRule?.clusterRoleSelectors ?? [];
        if (!selectors.length)
          throw new Error(`ClusterRole ${name} has no aggregationRule`);
        const have = new Set((role.rules ?? []).map(ruleKey));
        missing = [];
        for (const selector of selectors) {
          const labelSelector = Object.entries(selector.matchLabels ?? {})
            .map(([k, v]) => `${k}=${v}`)
            .join(',');
          const sources = await rbac.listClusterRole({ labelSelector });
          for (const source of sources.items) {
            for (const rule of source.rules ?? []) {
              if (!have.has(ruleKey(rule)))
                missing.push(`${source.metadata?.name}: ${ruleKey(rule)}`);
            }
          }
        }
        return missing.length ? undefined : role.rules ?? [];
      },
      { timeoutMs, intervalMs: 200 },
    );
  } catch (error) {
    throw new Error(
      `${(error as Error).message}; rules not yet aggregated: ${missing.join(
        '; ',
      )}`,
    );
  }
}

/**
 * Waits until Kubernetes has filled a `kubernetes.io/service-account-token` Secret, and
 * returns its token (decoded) and `ca.crt` (base64, as the plugin's `caData` takes it).
 *
 * @public
 */
export async function readServiceAccountTokenSecret(
  kubeConfig: KubeConfig,
  namespace: string,
  name: string,
  timeoutMs = 30_000,
): Promise<{ token: string; caData: string }> {
  const core = kubeConfig.makeApiClient(CoreV1Api);
  return waitFor(
    `the token of Secret ${namespace}/${name}`,
    async () => {
      const secret = await core.readNamespacedSecret({ namespace, name });
      const token = secret.data?.token;
      const caData = secret.data?.['ca.crt'];
      return token && caData
        ? { token: Buffer.from(token, 'base64').toString('utf8'), caData }
        : undefined;
    },
    { timeoutMs, intervalMs: 200 },
  );
}
