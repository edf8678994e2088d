import type {
  AuthenticationStrategy,
  AuthMetadata,
  ClusterDetails,
  KubernetesCredential,
} from '@backstage/plugin-kubernetes-node';
import type { KubernetesRequestAuth } from '@backstage/plugin-kubernetes-common';

/**
 * The Kubernetes plugin's serviceAccount strategy, except that a token from config
 * (`serviceAccountToken`) is given as it is: that strategy first loads client-node with
 * a dynamic `import()`, which Jest's module sandbox cannot run, so the token path would
 * be untestable. Without a token, the Kubernetes plugin's strategy reads the Pod's
 * token file.
 */
export class ServiceAccountTokenStrategy implements AuthenticationStrategy {
  constructor(private readonly podToken: AuthenticationStrategy) {}

  async getCredential(
    cluster: ClusterDetails,
    auth: KubernetesRequestAuth,
  ): Promise<KubernetesCredential> {
    const token = cluster.authMetadata.serviceAccountToken;
    if (token) return { type: 'bearer token', token };
    return this.podToken.getCredential(cluster, auth);
  }

  validateCluster(authMetadata: AuthMetadata): Error[] {
    return this.podToken.validateCluster(authMetadata);
  }

  presentAuthMetadata(authMetadata: AuthMetadata): AuthMetadata {
    return this.podToken.presentAuthMetadata(authMetadata);
  }
}
