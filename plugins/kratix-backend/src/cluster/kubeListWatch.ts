import { createInterface } from 'node:readline';
import type { KubeHttpClient } from './KubeHttpClient';
import { apiVersionOf, type KindDescriptor, kindPath } from './kinds';
import type { ListWatchApi, RawWatchEvent } from './ResourceCache';
import type { KubeObject } from './types';

function deadConnection() {
  return Object.assign(new Error('watch connection went silent'), {
    name: 'TimeoutError',
  });
}

/**
 * List (paged) and watch one kind across all namespaces through the Kubernetes API.
 *
 * @public
 */
export function kubeListWatch(
  client: KubeHttpClient,
  kind: KindDescriptor,
  options: { pageSize?: number; watchTimeoutSeconds?: number } = {},
): ListWatchApi {
  const path = kindPath(kind);
  const pageSize = options.pageSize ?? 500;
  const watchTimeoutSeconds = options.watchTimeoutSeconds ?? 300;
  const apiVersion = apiVersionOf(kind);

  return {
    async list() {
      const items: KubeObject[] = [];
      let resourceVersion = '';
      let next: string | undefined;
      do {
        const page = await client.get<{
          items?: KubeObject[];
          metadata?: { continue?: string; resourceVersion?: string };
        }>(path, {
          labelSelector: kind.labelSelector,
          limit: pageSize,
          continue: next,
        });
        for (const item of page.items ?? []) {
          // Items of typed lists carry no apiVersion/kind.
          items.push({ ...item, apiVersion, kind: kind.kind });
        }
        resourceVersion = page.metadata?.resourceVersion ?? resourceVersion;
        next = page.metadata?.continue || undefined;
      } while (next);
      return { items, resourceVersion };
    },

    async watch(resourceVersion, onEvent, signal) {
      const controller = new AbortController();
      const stop = () => controller.abort();
      signal.addEventListener('abort', stop, { once: true });
      try {
        const body = await client.stream(
          path,
          {
            watch: 1,
            resourceVersion,
            allowWatchBookmarks: true,
            timeoutSeconds: watchTimeoutSeconds,
            labelSelector: kind.labelSelector,
          },
          controller.signal,
        );
        await new Promise<void>((resolve, reject) => {
          let done = false;
          let idle: NodeJS.Timeout | undefined;
          const finish = (error?: unknown) => {
            if (done) return;
            done = true;
            clearTimeout(idle);
            body.destroy();
            if (error && !controller.signal.aborted) reject(error);
            else resolve();
          };
          // The server ends a watch after timeoutSeconds; silence well beyond that is a dead connection.
          const resetIdle = () => {
            clearTimeout(idle);
            idle = setTimeout(
              () => finish(deadConnection()),
              (watchTimeoutSeconds + 60) * 1000,
            );
          };
          resetIdle();
          body.on('data', resetIdle);
          body.on('error', finish);
          const lines = createInterface({ input: body, crlfDelay: Infinity });
          lines.on('error', finish);
          lines.on('line', line => {
            if (!line.trim()) return;
            let event: RawWatchEvent;
            try {
              event = JSON.parse(line);
            } catch {
              return;
            }
            if (
              event.object &&
              event.type !== 'ERROR' &&
              event.type !== 'BOOKMARK'
            ) {
              event.object.apiVersion ??= apiVersion;
              event.object.kind ??= kind.kind;
            }
            try {
              onEvent(event);
            } catch (error) {
              finish(error);
            }
          });
          lines.on('close', () => finish());
        });
      } finally {
        signal.removeEventListener('abort', stop);
      }
    },
  };
}
