import {
  CustomObjectsApi,
  KubeConfig,
  KubernetesObjectApi,
  PatchStrategy,
} from '@kubernetes/client-node';
import {
  DEPENDENCIES_KUSTOMIZATION,
  FLUX_NAMESPACE,
  GIT_REPOSITORY_NAME,
  RESOURCES_KUSTOMIZATION,
} from './fluxObjects';

/** The parts of a Kustomization's status the tests look at. */
export interface KustomizationStatus {
  name: string;
  /** Status of the Ready condition: 'True' | 'False' | 'Unknown' | undefined. */
  ready?: string;
  reason?: string;
  message?: string;
  /** `main@sha1:<sha>` */
  lastAppliedRevision?: string;
  lastAttemptedRevision?: string;
}

/** Reads the two Kratix Kustomizations' status from the worker. */
export async function readKustomizations(
  kubeConfig: KubeConfig,
): Promise<KustomizationStatus[]> {
  const api = kubeConfig.makeApiClient(CustomObjectsApi);
  return Promise.all(
    [DEPENDENCIES_KUSTOMIZATION, RESOURCES_KUSTOMIZATION].map(async name => {
      const object = (await api.getNamespacedCustomObject({
        group: 'kustomize.toolkit.fluxcd.io',
        version: 'v1',
        namespace: FLUX_NAMESPACE,
        plural: 'kustomizations',
        name,
      })) as {
        status?: {
          conditions?: Array<{
            type: string;
            status: string;
            reason?: string;
            message?: string;
          }>;
          lastAppliedRevision?: string;
          lastAttemptedRevision?: string;
        };
      };
      const ready = object.status?.conditions?.find(c => c.type === 'Ready');
      return {
        name,
        ready: ready?.status,
        reason: ready?.reason,
        message: ready?.message,
        lastAppliedRevision: object.status?.lastAppliedRevision,
        lastAttemptedRevision: object.status?.lastAttemptedRevision,
      };
    }),
  );
}

/** Annotates the GitRepository with a new `reconcile.fluxcd.io/requestedAt` (Flux fetches at once). */
export async function requestGitReconcile(
  kubeConfig: KubeConfig,
): Promise<void> {
  const api = KubernetesObjectApi.makeApiClient(kubeConfig);
  await api.patch(
    {
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'GitRepository',
      metadata: {
        name: GIT_REPOSITORY_NAME,
        namespace: FLUX_NAMESPACE,
        annotations: {
          'reconcile.fluxcd.io/requestedAt': new Date().toISOString(),
        },
      },
    },
    undefined,
    undefined,
    undefined,
    undefined,
    PatchStrategy.MergePatch,
  );
}
