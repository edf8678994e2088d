import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { applyObjects, retryTransient } from '../kube/applyObjects';

/** ServiceAccount (namespace `default`) of the `platform-restricted` context. */
export const RESTRICTED_SERVICE_ACCOUNT = 'kratix-restricted';
/** Its ClusterRole (and ClusterRoleBinding). */
export const RESTRICTED_CLUSTER_ROLE = 'kratix-testenv-restricted';

/**
 * Creates the restricted identity: a ServiceAccount bound to a ClusterRole that allows
 * only get/list/watch of `platform.kratix.io` promises and destinations and `batch` jobs
 * (no pods, pods/log, secrets or works), and returns a token for it from the TokenRequest
 * API (valid 24 h; a real ServiceAccount token, checked by the API server like any other).
 */
export async function createRestrictedIdentity(
  kubeConfig: KubeConfig,
): Promise<string> {
  await applyObjects(kubeConfig, [
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: RESTRICTED_SERVICE_ACCOUNT, namespace: 'default' },
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: RESTRICTED_CLUSTER_ROLE },
      rules: [
        {
          apiGroups: ['platform.kratix.io'],
          resources: ['promises', 'destinations'],
          verbs: ['get', 'list', 'watch'],
        },
        {
          apiGroups: ['batch'],
          resources: ['jobs'],
          verbs: ['get', 'list', 'watch'],
        },
      ],
    } as never,
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: RESTRICTED_CLUSTER_ROLE },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: RESTRICTED_CLUSTER_ROLE,
      },
      subjects: [
        {
          kind: 'ServiceAccount',
          name: RESTRICTED_SERVICE_ACCOUNT,
          namespace: 'default',
        },
      ],
    } as never,
  ]);
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const request = await retryTransient('request a ServiceAccount token', () =>
    core.createNamespacedServiceAccountToken({
      name: RESTRICTED_SERVICE_ACCOUNT,
      namespace: 'default',
      body: { spec: { audiences: [], expirationSeconds: 24 * 3600 } },
    }),
  );
  const token = request.status?.token;
  if (!token) throw new Error('TokenRequest returned no token');
  return token;
}
