import type { Config } from '@backstage/config';
import type { ClusterConnection } from './types';

const CONNECTION_KEYS = [
  'kubeconfig',
  'url',
  'inCluster',
  'kubernetesCluster',
] as const;

/**
 * Reads one cluster connection: exactly one of `kubeconfig`, `url`, `inCluster: true` or
 * `kubernetesCluster` (a cluster of the Kubernetes plugin's config locator).
 */
export function readConnection(
  config: Config,
  key: string,
  root: Config,
): ClusterConnection {
  const present = CONNECTION_KEYS.filter(k =>
    k === 'inCluster' ? config.getOptionalBoolean(k) === true : config.has(k),
  );
  if (present.length !== 1) {
    const found = present.length ? ` (found ${present.join(', ')})` : '';
    throw new Error(
      `Invalid Kratix config at '${key}': set exactly one of kubeconfig, url, inCluster: true or kubernetesCluster${found}`,
    );
  }
  switch (present[0]) {
    case 'kubeconfig':
      return {
        type: 'kubeconfig',
        configKey: `${key}.kubeconfig`,
        path: config.getString('kubeconfig.path'),
        context: config.getOptionalString('kubeconfig.context'),
      };
    case 'url':
      return {
        type: 'url',
        configKey: `${key}.url`,
        url: readUrl(config.getString('url'), `${key}.url`),
        serviceAccountToken: config.getOptionalString('serviceAccountToken'),
        caData: config.getOptionalString('caData'),
        caFile: config.getOptionalString('caFile'),
        skipTLSVerify: config.getOptionalBoolean('skipTLSVerify') ?? false,
      };
    case 'inCluster':
      return { type: 'in-cluster', configKey: `${key}.inCluster` };
    default:
      return fromKubernetesPlugin(
        config.getString('kubernetesCluster'),
        `${key}.kubernetesCluster`,
        root,
      );
  }
}

function readUrl(value: string, key: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(
      `Invalid Kratix config at '${key}': '${value}' is not a URL`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(
      `Invalid Kratix config at '${key}': the URL must be http(s), got ${url.protocol}`,
    );
  }
  return value.replace(/\/+$/, '');
}

/** Reuses a cluster of `kubernetes.clusterLocatorMethods` (type `config`). */
function fromKubernetesPlugin(
  name: string,
  key: string,
  root: Config,
): ClusterConnection {
  const methods =
    root.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? [];
  for (const method of methods) {
    if (method.getOptionalString('type') !== 'config') continue;
    for (const cluster of method.getOptionalConfigArray('clusters') ?? []) {
      if (cluster.getOptionalString('name') !== name) continue;
      const authProvider =
        cluster.getOptionalString('authProvider') ?? 'serviceAccount';
      if (authProvider !== 'serviceAccount') {
        throw new Error(
          `Invalid Kratix config at '${key}': Kubernetes plugin cluster '${name}' uses authProvider '${authProvider}'; only serviceAccount clusters can be reused`,
        );
      }
      return {
        type: 'kubernetes-plugin',
        configKey: key,
        url: readUrl(cluster.getString('url'), key),
        serviceAccountToken: cluster.getOptionalString('serviceAccountToken'),
        caData: cluster.getOptionalString('caData'),
        caFile: cluster.getOptionalString('caFile'),
        skipTLSVerify: cluster.getOptionalBoolean('skipTLSVerify') ?? false,
      };
    }
  }
  throw new Error(
    `Invalid Kratix config at '${key}': no cluster named '${name}' in kubernetes.clusterLocatorMethods (type: config)`,
  );
}
