import { elasticCloudOutputs } from '../workshop/elasticCloudOutputs';
import {
  duplicateResourceIdIn,
  firstDuplicateResource,
  kustomizeResourceId,
  resourceIdsOf,
} from '@kratix-backstage/plugin-kratix-node';

describe('kustomize resource ids', () => {
  it('names objects as kustomize does, with [noGrp] and [noNs]', () => {
    expect(
      kustomizeResourceId({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'a', namespace: 'ns' },
      }),
    ).toBe('ConfigMap.v1.[noGrp]/a.ns');
    expect(
      kustomizeResourceId({
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: 'kibanas.kibana.k8s.elastic.co' },
      }),
    ).toBe(
      'CustomResourceDefinition.v1.apiextensions.k8s.io/kibanas.kibana.k8s.elastic.co.[noNs]',
    );
    expect(
      kustomizeResourceId({ kind: 'ConfigMap', metadata: { name: 'a' } }),
    ).toBeUndefined();
  });

  it('reads every object of a multi-document file and skips what does not parse', () => {
    expect(
      resourceIdsOf(elasticCloudOutputs('x', {})['elastic-crds.yaml']),
    ).toHaveLength(3);
    expect(resourceIdsOf('key: [unclosed')).toEqual([]);
  });

  it('finds the first duplicate in path order, as kustomize refuses it', () => {
    const files = (request: string) =>
      Object.entries(elasticCloudOutputs(request, {})).map(
        ([path, content]) => ({
          path: `./default/elastic-cloud/${request}/resource-configure/5058f/${path}`,
          content,
        }),
      );
    expect(firstDuplicateResource(files('example'))).toBeUndefined();
    expect(
      firstDuplicateResource([...files('third-request'), ...files('example')]),
    ).toEqual({
      path: './default/elastic-cloud/third-request/resource-configure/5058f/elastic-crds.yaml',
      id: 'CustomResourceDefinition.v1.apiextensions.k8s.io/elasticsearches.elasticsearch.k8s.elastic.co.[noNs]',
    });
  });

  it("reads the id out of kustomize's error", () => {
    expect(
      duplicateResourceIdIn(
        "kustomize build failed: accumulating resources: accumulation err='merging resources from './a.yaml': may not add resource with an already registered id: Namespace.v1.[noGrp]/elastic-system.[noNs]'",
      ),
    ).toBe('Namespace.v1.[noGrp]/elastic-system.[noNs]');
    expect(
      duplicateResourceIdIn('Applied revision: main@sha1:abc'),
    ).toBeUndefined();
  });
});
