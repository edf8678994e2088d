import { describeResourceId } from './resourceIds';

describe('describeResourceId', () => {
  it('reads kustomize ids as kind and name, with the namespace when there is one', () => {
    expect(
      describeResourceId(
        'CustomResourceDefinition.v1.apiextensions.k8s.io/elasticsearches.elasticsearch.k8s.elastic.co.[noNs]',
      ),
    ).toBe(
      'CustomResourceDefinition elasticsearches.elasticsearch.k8s.elastic.co',
    );
    expect(describeResourceId('ConfigMap.v1.[noGrp]/settings.team-a')).toBe(
      'ConfigMap team-a/settings',
    );
    expect(describeResourceId('not an id')).toBe('not an id');
  });
});
