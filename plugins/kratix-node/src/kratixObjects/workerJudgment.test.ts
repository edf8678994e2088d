import { gzipSync } from 'zlib';
import { WorkerJudgment } from './workerJudgment';
import type { KubeObject } from './types';

const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: elasticsearches.elasticsearch.k8s.elastic.co
`;
const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: team-a
`;
const encode = (text: string) => gzipSync(text).toString('base64');

const placement = (
  name: string,
  files: string[],
  destination = 'worker-1',
): KubeObject => ({
  apiVersion: 'platform.kratix.io/v1alpha1',
  kind: 'WorkPlacement',
  metadata: { name: `${name}-wp`, namespace: 'default' },
  spec: {
    promiseName: 'elastic-cloud',
    resourceName: name,
    targetDestinationName: destination,
    workloads: files.map((content, i) => ({
      filepath: `file-${i}.yaml`,
      content: encode(content),
    })),
  },
});

const kustomization = (
  status: 'True' | 'False' | 'Unknown',
  message = '',
): KubeObject => ({
  apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
  kind: 'Kustomization',
  metadata: { name: 'kratix-workload-resources', namespace: 'flux-system' },
  spec: { path: './worker-1/resources' },
  status: {
    conditions: [{ type: 'Ready', status, reason: 'BuildFailed', message }],
  },
});

const DUPLICATE =
  "kustomize build failed: accumulating resources: accumulation err='merging resources from './default/elastic-cloud/second-request/resource-configure/5058f/elastic-crds.yaml': may not add resource with an already registered id: CustomResourceDefinition.v1.apiextensions.k8s.io/elasticsearches.elasticsearch.k8s.elastic.co.[noNs]'";

const judge = (k: KubeObject[], reachable = true) =>
  new WorkerJudgment({
    destinations: [
      {
        name: 'worker-1',
        path: 'worker-1',
        workers: [{ cluster: 'worker-1', reachable, kustomizations: k }],
      },
      { name: 'unwatched', workers: [] },
    ],
    workPlacements: [
      placement('example', [CRD]),
      placement('second-request', [CRD]),
      placement('web', [DEPLOYMENT]),
      placement('elsewhere', [DEPLOYMENT], 'unwatched'),
    ],
  });

describe('WorkerJudgment', () => {
  it('fails the request whose file kustomize named; the one carrying the same object is unknown, with why', () => {
    const judgment = judge([kustomization('False', DUPLICATE)]);
    expect(judgment.of('elastic-cloud', 'default', 'second-request')).toEqual({
      state: 'failing',
      destinations: [
        {
          destination: 'worker-1',
          state: 'failing',
          kustomization: 'flux-system/kratix-workload-resources',
          message: DUPLICATE,
        },
      ],
    });
    const example = judgment.of('elastic-cloud', 'default', 'example');
    expect(example?.state).toBe('unknown');
    expect(example?.destinations[0].message).toMatch(
      /^Its output holds CustomResourceDefinition elasticsearches\.elasticsearch\.k8s\.elastic\.co, which kustomize refused/,
    );
    expect(
      judgment.of('elastic-cloud', 'default', 'web')?.destinations,
    ).toEqual([
      expect.objectContaining({
        state: 'unknown',
        message: expect.stringMatching(/^Flux refuses another output/),
      }),
    ]);
    expect(
      judgment.of('elastic-cloud', 'default', 'elsewhere'),
    ).toBeUndefined();
  });

  it("fails the request whose object Flux's apply error names", () => {
    const judgment = judge([
      kustomization(
        'False',
        'Deployment/team-a/web dry-run failed (Invalid): spec.replicas: Invalid value',
      ),
    ]);
    expect(judgment.of('elastic-cloud', 'default', 'web')?.state).toBe(
      'failing',
    );
    expect(judgment.of('elastic-cloud', 'default', 'example')?.state).toBe(
      'unknown',
    );
  });

  it('is applied when every Kustomization is Ready, unknown while reconciling or unreachable', () => {
    expect(
      judge([kustomization('True')]).of('elastic-cloud', 'default', 'web'),
    ).toEqual({
      state: 'applied',
      destinations: [{ destination: 'worker-1', state: 'applied' }],
    });
    expect(
      judge([kustomization('Unknown', 'Reconciliation in progress')]).of(
        'elastic-cloud',
        'default',
        'web',
      )?.state,
    ).toBe('unknown');
    expect(
      judge([kustomization('True')], false).of(
        'elastic-cloud',
        'default',
        'web',
      )?.destinations[0].message,
    ).toBe('Worker worker-1 cannot be read');
  });
});
