import type { Config } from '@backstage/config';
import { ANNOTATION_KUBERNETES_AUTH_PROVIDER } from '@backstage/plugin-kubernetes-common';
import type { ClusterDetails } from '@backstage/plugin-kubernetes-node';
import type { BackendAuthStrategies } from '../cluster/auth/BackendAuthStrategies';
import { readConfigLocatorCluster } from './readConfigLocatorCluster';
import { checkUrl } from './readUrl';
import type { KubernetesPluginConnection } from './types';

/** The cluster of a `localKubectlProxy` locator: `kubectl proxy`'s default address. */
export const LOCAL_KUBECTL_PROXY_CLUSTER: Readonly<ClusterDetails> = {
  name: 'local',
  // The Kubernetes plugin resolves `localhost` preferring IPv4, which is where kubectl
  // proxy listens by default.
  url: 'http://127.0.0.1:8001',
  authMetadata: { [ANNOTATION_KUBERNETES_AUTH_PROVIDER]: 'localKubectlProxy' },
  skipMetricsLookup: true,
};

const UNSUPPORTED_LOCATORS: Record<string, string> = {
  catalog:
    'its clusters are catalog entities, and Kratix sets its clusters up once, at start-up, in a root service that cannot read the catalog',
  gke: 'it lists clusters through the Google Cloud API while the backend runs, and gives them without their CA certificate',
};

type Candidate = {
  clusterKey: string;
  read: () => ClusterDetails;
};

/**
 * A cluster of the Kubernetes plugin (`kubernetes.clusterLocatorMethods`, types `config`
 * and `localKubectlProxy`) by name, with the auth strategy that gives its credentials.
 * Every error names `key` and the Kubernetes plugin's key of the cluster.
 */
export function readKubernetesPluginCluster(
  name: string,
  key: string,
  root: Config,
  strategies: BackendAuthStrategies,
): KubernetesPluginConnection {
  const fail = (message: string) =>
    new Error(`Invalid Kratix config at '${key}': ${message}`);
  const candidates: Candidate[] = [];
  const unsupported: string[] = [];
  const methods =
    root.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? [];
  methods.forEach((method, i) => {
    const methodKey = `kubernetes.clusterLocatorMethods[${i}]`;
    const type = method.getOptionalString('type') ?? '';
    if (type === 'config') {
      (method.getOptionalConfigArray('clusters') ?? []).forEach((c, j) => {
        if (c.getOptionalString('name') !== name) return;
        const clusterKey = `${methodKey}.clusters[${j}]`;
        candidates.push({
          clusterKey,
          read: () => readConfigLocatorCluster(c, clusterKey),
        });
      });
    } else if (type === 'localKubectlProxy') {
      if (name === LOCAL_KUBECTL_PROXY_CLUSTER.name) {
        candidates.push({
          clusterKey: methodKey,
          read: () => structuredClone(LOCAL_KUBECTL_PROXY_CLUSTER),
        });
      }
    } else if (UNSUPPORTED_LOCATORS[type]) {
      unsupported.push(
        `${methodKey} (type ${type}) cannot be used yet: ${UNSUPPORTED_LOCATORS[type]}`,
      );
    }
  });

  if (candidates.length === 0) {
    throw fail(
      `no cluster named '${name}' in kubernetes.clusterLocatorMethods (types config and localKubectlProxy)${unsupported
        .map(u => `; ${u}`)
        .join('')}`,
    );
  }
  if (candidates.length > 1) {
    throw fail(
      `'${name}' names ${
        candidates.length
      } clusters of the Kubernetes plugin (${candidates
        .map(c => c.clusterKey)
        .join(', ')}); give them distinct names`,
    );
  }

  const [{ clusterKey, read }] = candidates;
  const where = `Kubernetes plugin cluster '${name}' (${clusterKey})`;
  let cluster: ClusterDetails;
  try {
    cluster = read();
    cluster.url = checkUrl(cluster.url);
  } catch (error) {
    throw fail(`${where}: ${(error as Error).message}`);
  }
  const authProvider =
    cluster.authMetadata[ANNOTATION_KUBERNETES_AUTH_PROVIDER];
  let found;
  try {
    found = strategies.strategyFor(authProvider, cluster.authMetadata);
  } catch (error) {
    throw fail(`${where}: ${(error as Error).message}`);
  }
  const problems = found.strategy.validateCluster(cluster.authMetadata);
  if (problems.length > 0) {
    throw fail(`${where}: ${problems.map(p => p.message).join(', ')}`);
  }
  return {
    type: 'kubernetes-plugin',
    configKey: key,
    clusterKey,
    cluster,
    authProvider,
    strategy: found.strategy,
    credentialMaxAgeMs: found.credentialMaxAgeMs,
  };
}
