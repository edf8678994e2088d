import { KRATIX_LABELS } from '@kratix-backstage/plugin-kratix-common';
import {
  type KubeObject,
  readPromiseApi,
} from '@kratix-backstage/plugin-kratix-node';
import type { KubeEventType } from '@kratix-backstage/plugin-kratix-node';

/**
 * Which Promise a request belongs to (by Kratix's label, else by its API kind), and
 * whether the catalog gets that Promise's requests.
 */
export class RequestPromiseIndex {
  private readonly byKind = new Map<string, string>();
  private readonly included = new Map<string, boolean>();

  constructor(
    private readonly requestsInCatalog: (promise: KubeObject) => boolean = () =>
      true,
  ) {}

  /**
   * Follows a Promise's event; answers true when that made its requests go into or
   * out of the catalog (a label of the Promise changed).
   */
  update(type: KubeEventType, promise: KubeObject): boolean {
    const name = promise.metadata?.name;
    let flipped = false;
    if (name && type === 'deleted') this.included.delete(name);
    else if (name) {
      const now = this.requestsInCatalog(promise);
      const before = this.included.get(name);
      flipped = before !== undefined && before !== now;
      this.included.set(name, now);
    }
    let api;
    try {
      api = readPromiseApi(promise);
    } catch {
      return flipped;
    }
    if (!api) return flipped;
    const key = `${api.group}/${api.kind}`;
    if (type === 'deleted') this.byKind.delete(key);
    else this.byKind.set(key, name);
    return flipped;
  }

  /** Whether the catalog gets the requests of the Promise of that name. */
  requestsIncluded(promise: string): boolean {
    return (
      this.included.get(promise) ??
      this.requestsInCatalog({ metadata: { name: promise } } as KubeObject)
    );
  }

  promiseOf(request: KubeObject): string | undefined {
    const label = request.metadata.labels?.[KRATIX_LABELS.promiseName];
    if (label) return label;
    const group = String(request.apiVersion ?? '').split('/')[0];
    return this.byKind.get(`${group}/${request.kind}`);
  }
}
