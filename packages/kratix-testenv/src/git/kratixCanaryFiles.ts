/** The worker's directory in the state store (Kratix: `<destination path>/<destination name>`). */
export const WORKER_STATE_PATH = 'worker-1';

/**
 * The canary files Kratix writes for a Destination when it becomes ready: a Namespace in
 * `dependencies/` and a ConfigMap in `resources/`. They make both directories exist, which
 * Flux's Kustomizations need (a path with no file fails with `kustomization path not found`).
 */
export function kratixCanaryFiles(
  path = WORKER_STATE_PATH,
): Record<string, string> {
  return {
    [`${path}/dependencies/kratix-canary-namespace.yaml`]: [
      'apiVersion: v1',
      'kind: Namespace',
      'metadata:',
      '  name: kratix-worker-system',
      '',
    ].join('\n'),
    [`${path}/resources/kratix-canary-configmap.yaml`]: [
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
