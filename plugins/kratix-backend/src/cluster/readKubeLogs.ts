import type { KubeHttpClient } from './KubeHttpClient';
import { KratixClusterError, toKratixClusterError } from './errors';
import { kindPath, PLATFORM_KINDS } from './kinds';
import type { LogOptions, LogRead } from './types';

/**
 * Reads a container's log through the API server, which fetches it from the node's
 * kubelet. When no log can be had, answers why instead of failing.
 *
 * @public
 */
export async function readKubeLogs(
  client: KubeHttpClient,
  namespace: string,
  pod: string,
  container: string,
  options: LogOptions,
): Promise<LogRead> {
  const signal = options.signal ?? new AbortController().signal;
  try {
    const stream = await client.stream(
      `${kindPath(PLATFORM_KINDS.pods, namespace, pod)}/log`,
      {
        container,
        tailLines: options.tailLines,
        sinceSeconds: options.sinceSeconds,
        limitBytes: options.limitBytes,
        follow: options.follow ? true : undefined,
      },
      signal,
    );
    return { available: true, stream };
  } catch (error) {
    return logsUnavailableFrom(toKratixClusterError(error, client.cluster));
  }
}

/**
 * Why the API server could not give a log. Rethrows what is not about logs (the
 * platform rejecting the credentials altogether).
 *
 * @public
 */
export function logsUnavailableFrom(error: KratixClusterError): LogRead {
  const { statusCode, type } = error;
  const base = {
    available: false as const,
    statusCode,
    message: error.message,
  };
  if (statusCode === 400) return { ...base, reason: 'container-not-started' };
  if (statusCode === 404) return { ...base, reason: 'pod-gone' };
  if (statusCode === 403) return { ...base, reason: 'forbidden' };
  if (statusCode !== undefined && statusCode >= 500) {
    return {
      ...base,
      reason: 'kubelet-unreachable',
      message: `The API server could not get the log from the node's kubelet: ${error.message}`,
    };
  }
  if (type === 'unreachable' || type === 'timeout')
    return { ...base, reason: 'unreachable' };
  if (type === 'unauthorized') throw error;
  return { ...base, reason: 'unknown' };
}
