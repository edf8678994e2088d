/**
 * The canary ("test") documents Kratix writes for a Destination in the default
 * `nestedByMetadata` layout, by path in the state store.
 *
 * @public
 */
export function destinationCanaryFiles(root: string): Record<string, string> {
  const dir = root.replace(/\/+$/, '');
  return {
    [`${dir}/dependencies/kratix-canary-namespace.yaml`]: [
      'apiVersion: v1',
      'kind: Namespace',
      'metadata:',
      '  name: kratix-worker-system',
      '',
    ].join('\n'),
    [`${dir}/resources/kratix-canary-configmap.yaml`]: [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: kratix-info',
      '  namespace: kratix-worker-system',
      'data:',
      '  canary: this confirms your infrastructure is reading from Kratix state stores',
      '',
    ].join('\n'),
  };
}
