import { readFileSync } from 'node:fs';
import type {
  ClusterConnection,
  KubernetesPluginConnection,
} from '../../config/types';
import { kubeConfigFor } from '../kubeConfigFor';
import type { ClusterAuth } from './ClusterAuth';
import { KubeConfigAuth } from './KubeConfigAuth';
import { StrategyAuth } from './StrategyAuth';
import { StrategyCredentials } from './StrategyCredentials';

/**
 * How to authenticate to one configured cluster: a Kubernetes plugin cluster through
 * its auth strategy, anything else through a client-node KubeConfig. Throws an Error
 * naming the config key when a file it needs cannot be read.
 *
 * @public
 */
export function clusterAuthFor(
  connection: ClusterConnection,
  name: string,
): ClusterAuth {
  if (connection.type !== 'kubernetes-plugin') {
    return new KubeConfigAuth(kubeConfigFor(connection, name));
  }
  return new StrategyAuth({
    cluster: connection.cluster,
    caPem: readCa(connection),
    credentials: new StrategyCredentials({
      cluster: connection.cluster,
      strategy: connection.strategy,
      authProvider: connection.authProvider,
      maxAgeMs: connection.credentialMaxAgeMs,
      clusterName: name,
    }),
  });
}

function readCa(connection: KubernetesPluginConnection): string | undefined {
  const { caData, caFile, name } = connection.cluster;
  if (caData) {
    // Base64 as in a kubeconfig; a PEM pasted as is works too.
    return caData.includes('-----BEGIN')
      ? caData
      : Buffer.from(caData, 'base64').toString('utf8');
  }
  if (!caFile) return undefined;
  try {
    return readFileSync(caFile, 'utf8');
  } catch (error) {
    throw new Error(
      `Invalid Kratix config at '${
        connection.configKey
      }': cannot read the CA file of Kubernetes plugin cluster '${name}' (${
        connection.clusterKey
      }.caFile): ${(error as Error).message}`,
    );
  }
}
