import { existsSync } from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';
import type {
  ClusterConnection,
  KubernetesPluginConnection,
} from '../config/types';

/**
 * A client-node KubeConfig for a kubeconfig, URL or in-cluster connection (a cluster of
 * the Kubernetes plugin is reached through its auth strategy instead: `clusterAuthFor`).
 * Throws an Error naming the config key when the kubeconfig file or context does not
 * exist.
 *
 * @public
 */
export function kubeConfigFor(
  connection: Exclude<ClusterConnection, KubernetesPluginConnection>,
  name: string,
): KubeConfig {
  const kc = new KubeConfig();
  switch (connection.type) {
    case 'kubeconfig': {
      if (!existsSync(connection.path)) {
        throw new Error(
          `Invalid Kratix config at '${connection.configKey}.path': no kubeconfig file at ${connection.path}`,
        );
      }
      kc.loadFromFile(connection.path);
      if (connection.context) {
        if (!kc.getContextObject(connection.context)) {
          throw new Error(
            `Invalid Kratix config at '${connection.configKey}.context': the kubeconfig has no context '${connection.context}'`,
          );
        }
        kc.setCurrentContext(connection.context);
      }
      return kc;
    }
    case 'in-cluster':
      kc.loadFromCluster();
      return kc;
    default:
      kc.loadFromOptions({
        clusters: [
          {
            name,
            server: connection.url,
            caData: connection.caData,
            caFile: connection.caFile,
            skipTLSVerify: connection.skipTLSVerify,
          },
        ],
        users: [{ name, token: connection.serviceAccountToken }],
        contexts: [{ name, cluster: name, user: name }],
        currentContext: name,
      });
      return kc;
  }
}
