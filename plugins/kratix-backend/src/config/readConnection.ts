import type { Config } from '@backstage/config';
import type { BackendAuthStrategies } from '../cluster/auth/BackendAuthStrategies';
import { readKubernetesPluginCluster } from './readKubernetesPluginCluster';
import { readUrl } from './readUrl';
import type { ClusterConnection } from './types';

const CONNECTION_KEYS = [
  'kubeconfig',
  'url',
  'inCluster',
  'kubernetesCluster',
] as const;

/** What reading a connection needs besides its own config. */
export interface ConnectionContext {
  /** The root config, where `kubernetes.clusterLocatorMethods` is. */
  root: Config;
  /** The auth strategies for clusters of the Kubernetes plugin. */
  strategies: BackendAuthStrategies;
}

/**
 * Reads one cluster connection: exactly one of `kubeconfig`, `url`, `inCluster: true` or
 * `kubernetesCluster` (a cluster of the Kubernetes plugin).
 */
export function readConnection(
  config: Config,
  key: string,
  context: ConnectionContext,
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
      return readKubernetesPluginCluster(
        config.getString('kubernetesCluster'),
        `${key}.kubernetesCluster`,
        context.root,
        context.strategies,
      );
  }
}
