import { KRATIX_LABELS } from '@kratix-backstage/plugin-kratix-common';
import {
  type KubeObject,
  readPromiseApi,
} from '@kratix-backstage/plugin-kratix-node';
import type { KubeEventType } from '@kratix-backstage/plugin-kratix-node';

/** Which Promise a request belongs to: by Kratix's label, else by its API kind. */
export class RequestPromiseIndex {
  private readonly byKind = new Map<string, string>();

  update(type: KubeEventType, promise: KubeObject) {
    let api;
    try {
      api = readPromiseApi(promise);
    } catch {
      return;
    }
    if (!api) return;
    const key = `${api.group}/${api.kind}`;
    if (type === 'deleted') this.byKind.delete(key);
    else this.byKind.set(key, promise.metadata.name);
  }

  promiseOf(request: KubeObject): string | undefined {
    const label = request.metadata.labels?.[KRATIX_LABELS.promiseName];
    if (label) return label;
    const group = String(request.apiVersion ?? '').split('/')[0];
    return this.byKind.get(`${group}/${request.kind}`);
  }
}
