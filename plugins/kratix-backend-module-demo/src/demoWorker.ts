import type { KubeObject } from '@kratix-backstage/plugin-kratix-node';

/** Where the demo state store lives (not a real host: `.invalid`). */
export const DEMO_GIT_URL =
  'https://git.kratix-demo.invalid/platform/state-store.git';

function sha(seed: string): string {
  let h = 0x811c9dc5;
  let out = '';
  for (let round = 0; out.length < 40; round++) {
    for (const ch of `${seed}:${round}`)
      h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
    out += h.toString(16).padStart(8, '0');
  }
  return out.slice(0, 40);
}

/** The file kustomize refused, and the id of the object it registered twice. */
export interface DuplicateResource {
  /** Relative to the Kustomization's path: `./<namespace>/<promise>/<request>/...`. */
  path: string;
  id: string;
}

/** kustomize's error when a file carries an object that an earlier file registered. */
export function duplicateResourceMessage(duplicate: DuplicateResource): string {
  return (
    "kustomize build failed: accumulating resources: accumulation err='merging resources from " +
    `'${duplicate.path}': may not add resource with an already registered id: ${duplicate.id}'`
  );
}

const condition = (
  status: string,
  reason: string,
  message: string,
  at: string,
) => ({
  type: 'Ready',
  status,
  reason,
  message,
  lastTransitionTime: at,
  observedGeneration: 1,
});

/**
 * The worker's Flux objects: a GitRepository on the state store and the two
 * Kustomizations of the workshop; the resources one fails while kustomize refuses a file.
 */
export function workerObjects(options: {
  destinationPath: string;
  revisionSeed: string;
  /** The state store commit Flux fetched (else one made up from the seed). */
  revisionSha?: string;
  failure?: DuplicateResource;
  since: string;
}): { kustomizations: KubeObject[]; gitRepositories: KubeObject[] } {
  const revision = `main@sha1:${
    options.revisionSha ?? sha(options.revisionSeed)
  }`;
  const applied = options.failure
    ? `main@sha1:${sha(`${options.revisionSeed}:before-clash`)}`
    : revision;
  const meta = (name: string) => ({
    name,
    namespace: 'flux-system',
    uid: sha(name).slice(0, 32),
    generation: 1,
    creationTimestamp: options.since,
  });
  const sourceRef = { kind: 'GitRepository', name: 'kratix' };
  const kustomization = (suffix: string, extra: object, ready: object) => ({
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: meta(`kratix-worker-${suffix}`),
    spec: {
      interval: suffix === 'resources' ? '3s' : '8s',
      path: `./${options.destinationPath}/${suffix}`,
      prune: true,
      sourceRef,
      ...extra,
    },
    status: { observedGeneration: 1, conditions: [ready] },
  });
  return {
    gitRepositories: [
      {
        apiVersion: 'source.toolkit.fluxcd.io/v1',
        kind: 'GitRepository',
        metadata: meta('kratix'),
        spec: { interval: '5s', url: DEMO_GIT_URL, ref: { branch: 'main' } },
        status: {
          observedGeneration: 1,
          artifact: {
            revision,
            path: `gitrepository/flux-system/kratix/${sha(revision)}.tar.gz`,
          },
          conditions: [
            condition(
              'True',
              'Succeeded',
              `stored artifact for revision '${revision}'`,
              options.since,
            ),
          ],
        },
      },
    ],
    kustomizations: [
      {
        ...kustomization(
          'dependencies',
          {},
          condition(
            'True',
            'ReconciliationSucceeded',
            `Applied revision: ${revision}`,
            options.since,
          ),
        ),
        status: {
          observedGeneration: 1,
          lastAppliedRevision: revision,
          lastAttemptedRevision: revision,
          conditions: [
            condition(
              'True',
              'ReconciliationSucceeded',
              `Applied revision: ${revision}`,
              options.since,
            ),
          ],
        },
      },
      {
        ...kustomization(
          'resources',
          { dependsOn: [{ name: 'kratix-worker-dependencies' }] },
          {},
        ),
        status: {
          observedGeneration: 1,
          lastAppliedRevision: applied,
          lastAttemptedRevision: revision,
          conditions: [
            options.failure
              ? condition(
                  'False',
                  'BuildFailed',
                  duplicateResourceMessage(options.failure),
                  options.since,
                )
              : condition(
                  'True',
                  'ReconciliationSucceeded',
                  `Applied revision: ${revision}`,
                  options.since,
                ),
          ],
        },
      },
    ],
  };
}
