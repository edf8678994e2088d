import type { KubeObject } from '@kratix-backstage/plugin-kratix-node';
import {
  implicatedRequests,
  toFluxStatus,
  toWorkerClusterHealth,
} from './workerHealth';

const DUPLICATE_CRD =
  "kustomize build failed: accumulating resources: accumulation err='merging resources from './default/elastic-cloud/second-request/resource-configure/5058f/elastic-crds.yaml': may not add resource with an already registered id: CustomResourceDefinition.v1.apiextensions.k8s.io/elasticsearches.elasticsearch.k8s.elastic.co.[noNs]'";

const ready = (status: string, reason: string, message: string) => ({
  conditions: [
    {
      type: 'Ready',
      status,
      reason,
      message,
      lastTransitionTime: '2026-11-17T10:00:00Z',
    },
  ],
});

const kustomization = (
  name: string,
  path: string,
  status: object,
  extra: object = {},
): KubeObject => ({
  apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
  kind: 'Kustomization',
  metadata: { name, namespace: 'flux-system' },
  spec: {
    path,
    sourceRef: { kind: 'GitRepository', name: 'kratix' },
    ...extra,
  },
  status,
});

const repo = (name: string): KubeObject => ({
  apiVersion: 'source.toolkit.fluxcd.io/v1',
  kind: 'GitRepository',
  metadata: { name, namespace: 'flux-system' },
  spec: { url: `https://git.example.com/${name}.git` },
  status: {
    artifact: { revision: 'main@sha1:abc' },
    ...ready(
      'True',
      'Succeeded',
      "stored artifact for revision 'main@sha1:abc'",
    ),
  },
});

describe('implicatedRequests', () => {
  it('names the request whose files kustomize could not merge', () => {
    expect(implicatedRequests(DUPLICATE_CRD)).toEqual([
      {
        namespace: 'default',
        promise: 'elastic-cloud',
        name: 'second-request',
      },
    ]);
    expect(implicatedRequests('Applied revision: main@sha1:abc')).toEqual([]);
    expect(implicatedRequests(undefined)).toEqual([]);
  });
});

describe('toFluxStatus', () => {
  it('maps a failing Kustomization with its message, revision and implicated request', () => {
    const k = kustomization('kratix-worker-resources', './worker-1/resources', {
      lastAppliedRevision: 'main@sha1:old',
      ...ready('False', 'BuildFailed', DUPLICATE_CRD),
    });
    expect(toFluxStatus(k)).toEqual({
      kind: 'Kustomization',
      name: 'kratix-worker-resources',
      namespace: 'flux-system',
      ready: 'False',
      reason: 'BuildFailed',
      message: DUPLICATE_CRD,
      suspended: false,
      revision: 'main@sha1:old',
      path: './worker-1/resources',
      sourceRef: { kind: 'GitRepository', name: 'kratix' },
      lastTransitionTime: '2026-11-17T10:00:00Z',
      implicatedRequests: [
        {
          namespace: 'default',
          promise: 'elastic-cloud',
          name: 'second-request',
        },
      ],
    });
  });

  it('maps a source with its URL and fetched revision', () => {
    expect(toFluxStatus(repo('kratix'))).toMatchObject({
      kind: 'GitRepository',
      ready: 'True',
      revision: 'main@sha1:abc',
      path: 'https://git.example.com/kratix.git',
      implicatedRequests: [],
    });
  });
});

describe('toWorkerClusterHealth', () => {
  const deps = kustomization(
    'kratix-worker-dependencies',
    './worker-1/dependencies',
    ready('True', 'ReconciliationSucceeded', 'Applied revision: main@sha1:abc'),
  );
  const other = kustomization(
    'team-apps',
    './apps',
    ready('False', 'BuildFailed', 'unrelated'),
    { sourceRef: { kind: 'GitRepository', name: 'apps' } },
  );

  it("keeps Kratix's Kustomizations and the sources they read, and is healthy when all are Ready", () => {
    const health = toWorkerClusterHealth(
      'worker',
      'worker-1',
      [deps, other],
      [repo('kratix'), repo('apps')],
    );
    expect(health.kustomizations.map(k => k.name)).toEqual([
      'kratix-worker-dependencies',
    ]);
    expect(health.sources.map(s => s.name)).toEqual(['kratix']);
    expect(health).toMatchObject({
      cluster: 'worker',
      reachable: true,
      healthy: true,
    });
  });

  it('is unhealthy when a Kustomization fails or is suspended, or when there is none', () => {
    const failing = kustomization(
      'kratix-worker-resources',
      './worker-1/resources',
      ready('False', 'BuildFailed', DUPLICATE_CRD),
    );
    expect(
      toWorkerClusterHealth('w', 'worker-1', [deps, failing], [repo('kratix')])
        .healthy,
    ).toBe(false);
    const suspended = kustomization(
      'kratix-worker-resources',
      './worker-1/resources',
      ready('True', 'x', 'y'),
      { suspend: true },
    );
    expect(
      toWorkerClusterHealth('w', 'worker-1', [suspended], []).healthy,
    ).toBe(false);
    expect(
      toWorkerClusterHealth('w', 'worker-1', [], [repo('kratix')]),
    ).toMatchObject({ healthy: false, sources: [{ name: 'kratix' }] });
  });

  it('shows every Kustomization when none looks like Kratix', () => {
    expect(
      toWorkerClusterHealth('w', 'worker-9', [other], []).kustomizations.map(
        k => k.name,
      ),
    ).toEqual(['team-apps']);
  });
});
