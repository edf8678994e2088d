import {
  KubeConfig,
  KubernetesObject,
  KubernetesObjectApi,
  PatchStrategy,
} from '@kubernetes/client-node';
import { describeError, sleep } from '../util/waitFor';

/** The field manager of everything the environment applies. */
export const FIELD_MANAGER = 'kratix-testenv';

/**
 * Server-side applies `objects` in order (force: the environment owns them), retrying for
 * up to `timeoutMs` on answers that mean "not yet": 429 (e.g. `storage is (re)initializing`
 * right after a CRD is Established), 5xx, 404 for a kind the API server does not serve yet,
 * and connection errors.
 */
export async function applyObjects(
  kubeConfig: KubeConfig,
  objects: KubernetesObject[],
  options: { timeoutMs?: number } = {},
): Promise<KubernetesObject[]> {
  const client = KubernetesObjectApi.makeApiClient(kubeConfig);
  const applied: KubernetesObject[] = [];
  for (const object of objects) {
    applied.push(
      await retryTransient(
        `apply ${object.kind} ${
          object.metadata?.namespace ? `${object.metadata.namespace}/` : ''
        }${object.metadata?.name}`,
        () =>
          client.patch(
            object,
            undefined,
            undefined,
            FIELD_MANAGER,
            true,
            PatchStrategy.ServerSideApply,
          ),
        options.timeoutMs ?? 30_000,
      ),
    );
  }
  return applied;
}

/** True for errors that a retry may cure (see {@link applyObjects}). */
export function isTransientError(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  if (typeof code === 'number') {
    return code === 429 || code >= 500 || code === 404;
  }
  const message = (error as { message?: unknown })?.message;
  return (
    typeof message === 'string' &&
    /ECONNREFUSED|ECONNRESET|socket hang up|Unrecognized API version|Failed to fetch resource metadata/i.test(
      message,
    )
  );
}

/** Runs `fn` until it succeeds, retrying {@link isTransientError} failures until `timeoutMs`. */
export async function retryTransient<T>(
  what: string,
  fn: () => Promise<T>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 50; ; delay = Math.min(delay * 2, 500)) {
    try {
      return await fn();
    } catch (error) {
      if (!isTransientError(error) || Date.now() + delay > deadline) {
        throw new Error(`${what}: ${describeError(error)}`);
      }
      await sleep(delay);
    }
  }
}
