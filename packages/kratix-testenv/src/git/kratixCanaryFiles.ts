import { destinationCanaryFiles } from '@kratix-backstage/kratix-simulation';

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
  return destinationCanaryFiles(path);
}
