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
 * List (paged, `limit`/`continue`, 500 a page by default) and watch one kind across all
 * namespaces through the Kubernetes API. The list applies the cache's transform to each
 * page as it arrives.
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
    async list(listOptions = {}) {
      const { transform } = listOptions;
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
          const typed = { ...item, apiVersion, kind: kind.kind };
          // Stored as trimmed page by page: a list of 100,000 objects never holds
          // them all untrimmed at once.
          items.push(transform ? transform(typed) : typed);
        }
        resourceVersion = page.metadata?.resourceVersion ?? resourceVersion;
        next = page.metadata?.continue || undefined;
      } while (next);
      return { items, resourceVersion, transformed: Boolean(transform) };
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
