import { KubernetesObject } from '@kubernetes/client-node';

/** Namespace of the Flux objects. */
export const FLUX_NAMESPACE = 'flux-system';
/** The GitRepository that reads the state store. */
export const GIT_REPOSITORY_NAME = 'kratix';
/** The Kustomization of `worker-1/dependencies`. */
export const DEPENDENCIES_KUSTOMIZATION = 'kratix-worker-1-dependencies';
/** The Kustomization of `worker-1/resources` (depends on the dependencies one). */
export const RESOURCES_KUSTOMIZATION = 'kratix-worker-1-resources';

/**
 * The worker's Flux objects as Kratix documents them for a Git state store (there with
 * `source.toolkit.fluxcd.io/v1beta2`; the v1.9 controllers serve `v1`): one GitRepository
 * and two pruning Kustomizations, resources after dependencies. Intervals are long to
 * spare the CPU: a commit through the environment's state store requests a reconcile, and
 * a Kustomization reacts to a new source revision at once.
 */
export function fluxObjects(
  gitUrl: string,
  branch: string,
): KubernetesObject[] {
  const kustomization = (name: string, path: string, dependsOn?: string) => ({
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: { name, namespace: FLUX_NAMESPACE },
    spec: {
      interval: '10m',
      retryInterval: '15s',
      timeout: '1m',
      sourceRef: { kind: 'GitRepository', name: GIT_REPOSITORY_NAME },
      path,
      prune: true,
      ...(dependsOn ? { dependsOn: [{ name: dependsOn }] } : {}),
    },
  });
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: FLUX_NAMESPACE } },
    {
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'GitRepository',
      metadata: { name: GIT_REPOSITORY_NAME, namespace: FLUX_NAMESPACE },
      spec: { interval: '1m', timeout: '20s', url: gitUrl, ref: { branch } },
    } as KubernetesObject,
    kustomization(DEPENDENCIES_KUSTOMIZATION, './worker-1/dependencies'),
    kustomization(
      RESOURCES_KUSTOMIZATION,
      './worker-1/resources',
      DEPENDENCIES_KUSTOMIZATION,
    ),
  ];
}
