import { KratixClusterError } from './errors';
import type { KubeHttpClient } from './KubeHttpClient';
import {
  type KindDescriptor,
  requestGvkFromStatus,
  requestKindOf,
} from './kinds';
import type { KubeObject } from './types';

type Resource = { name: string; kind: string; namespaced?: boolean };

/**
 * Finds the kind of a Promise's requests: from `spec.api`, else from what Kratix wrote
 * in the Promise's status, with the plural from API discovery (cached per group version).
 *
 * @public
 */
export class RequestKindResolver {
  private readonly discovered = new Map<string, Resource[]>();

  constructor(private readonly client: KubeHttpClient) {}

  async resolve(promise: KubeObject): Promise<KindDescriptor | undefined> {
    let specError: Error | undefined;
    try {
      const fromSpec = requestKindOf(promise);
      if (fromSpec) return fromSpec;
    } catch (error) {
      specError = error as Error;
    }
    let gvk: ReturnType<typeof requestGvkFromStatus>;
    try {
      gvk = requestGvkFromStatus(promise);
    } catch (error) {
      throw this.error((error as Error).message);
    }
    if (!gvk) {
      if (specError) throw this.error(specError.message);
      return undefined;
    }
    const resources = await this.discover(gvk.group, gvk.version);
    const match = resources.find(
      r => r.kind === gvk!.kind && !r.name.includes('/'),
    );
    if (!match) {
      throw new KratixClusterError({
        type: 'not-found',
        cluster: this.client.cluster,
        message: `Cluster '${this.client.cluster}': the API server serves no kind ${gvk.kind} in ${gvk.group}/${gvk.version} (Promise ${promise.metadata.name})`,
      });
    }
    return {
      ...gvk,
      plural: match.name,
      namespaced: match.namespaced !== false,
    };
  }

  private async discover(group: string, version: string): Promise<Resource[]> {
    const key = `${group}/${version}`;
    const cached = this.discovered.get(key);
    if (cached) return cached;
    const list = await this.client.get<{ resources?: Resource[] }>(
      `/apis/${group}/${version}`,
    );
    const resources = list.resources ?? [];
    this.discovered.set(key, resources);
    return resources;
  }

  private error(message: string) {
    return new KratixClusterError({
      type: 'unknown',
      cluster: this.client.cluster,
      message: `Cluster '${this.client.cluster}': ${message}`,
    });
  }
}
