/**
 * The files the workshop's elastic-cloud pipeline writes to /kratix/output for a request:
 * the ECK CRDs and operator (the same for every request, which is what breaks the
 * second request on the worker) and the request's own Elasticsearch, Kibana and Beats.
 */
export function elasticCloudOutputs(
  name: string,
  spec: { enableDataCollection?: boolean },
): Record<string, string> {
  const crd = (plural: string, group: string, kind: string) =>
    [
      'apiVersion: apiextensions.k8s.io/v1',
      'kind: CustomResourceDefinition',
      'metadata:',
      `  name: ${plural}.${group}`,
      'spec:',
      `  group: ${group}`,
      '  names:',
      `    kind: ${kind}`,
      `    plural: ${plural}`,
      `    singular: ${kind.toLowerCase()}`,
      '  scope: Namespaced',
      '  versions:',
      '    - name: v1',
      '      served: true',
      '      storage: true',
      '      schema:',
      '        openAPIV3Schema:',
      '          type: object',
      '          x-kubernetes-preserve-unknown-fields: true',
    ].join('\n');
  const files: Record<string, string> = {
    'elastic-crds.yaml': `${[
      crd('elasticsearches', 'elasticsearch.k8s.elastic.co', 'Elasticsearch'),
      crd('kibanas', 'kibana.k8s.elastic.co', 'Kibana'),
      crd('beats', 'beat.k8s.elastic.co', 'Beat'),
    ].join('\n---\n')}\n`,
    'elastic-operator.yaml': [
      'apiVersion: v1',
      'kind: Namespace',
      'metadata:',
      '  name: elastic-system',
      '---',
      'apiVersion: v1',
      'kind: ServiceAccount',
      'metadata:',
      '  name: elastic-operator',
      '  namespace: elastic-system',
      '---',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: elastic-operator',
      '  namespace: elastic-system',
      'data:',
      '  eck.yaml: |-',
      '    log-verbosity: 0',
      '    metrics-port: 0',
      '',
    ].join('\n'),
    'elasticsearch.yaml': [
      'apiVersion: elasticsearch.k8s.elastic.co/v1',
      'kind: Elasticsearch',
      'metadata:',
      `  name: ${name}`,
      '  namespace: default',
      'spec:',
      '  version: 8.11.1',
      '  nodeSets:',
      '    - name: default',
      '      count: 1',
      '',
    ].join('\n'),
    'kibana.yaml': [
      'apiVersion: kibana.k8s.elastic.co/v1',
      'kind: Kibana',
      'metadata:',
      `  name: ${name}-eck-kibana`,
      '  namespace: default',
      'spec:',
      '  version: 8.11.1',
      '  count: 1',
      '  elasticsearchRef:',
      `    name: ${name}`,
      '',
    ].join('\n'),
  };
  if (spec.enableDataCollection) {
    files['beats.yaml'] = [
      'apiVersion: beat.k8s.elastic.co/v1',
      'kind: Beat',
      'metadata:',
      `  name: ${name}-beat-metricbeat`,
      '  namespace: default',
      'spec:',
      '  type: metricbeat',
      '  version: 8.11.1',
      '  elasticsearchRef:',
      `    name: ${name}`,
      '',
    ].join('\n');
  }
  return files;
}
