import {
  ApiException,
  CustomObjectsApi,
  KubeConfig,
  KubernetesObject,
  KubernetesObjectApi,
} from '@kubernetes/client-node';
import type { KubeObject } from '@kratix-backstage/plugin-kratix-node';
import { crdForClient } from '../kube/crdForClient';
import { waitFor as pollUntil } from '../util/waitFor';

/** The HTTP status of a client-node error, if it has one. */
export function statusCode(error: unknown): number | undefined {
  if (error instanceof ApiException) return error.code;
  const code = (error as any)?.code ?? (error as any)?.statusCode;
  return typeof code === 'number' ? code : undefined;
}

/** Waits until `fn` returns something other than undefined, or throws after `ms`. */
export function waitFor<T>(
  what: string,
  fn: () => Promise<T | undefined>,
  ms = 60_000,
  every = 200,
): Promise<T> {
  return pollUntil(what, fn, { timeoutMs: ms, intervalMs: every });
}

/** Small typed helpers over client-node for the simulator. */
export class Kube {
  readonly objects: KubernetesObjectApi;
  readonly custom: CustomObjectsApi;

  constructor(readonly kubeConfig: KubeConfig) {
    this.objects = KubernetesObjectApi.makeApiClient(kubeConfig);
    this.custom = kubeConfig.makeApiClient(CustomObjectsApi);
  }

  async read(obj: {
    apiVersion: string;
    kind: string;
    name: string;
    namespace?: string;
  }): Promise<KubeObject | undefined> {
    try {
      return (await this.objects.read({
        apiVersion: obj.apiVersion,
        kind: obj.kind,
        metadata: { name: obj.name, namespace: obj.namespace },
      } as any)) as unknown as KubeObject;
    } catch (e) {
      if (statusCode(e) === 404) return undefined;
      throw e;
    }
  }

  async list(
    apiVersion: string,
    kind: string,
    namespace?: string,
    labelSelector?: string,
  ): Promise<KubeObject[]> {
    const list = await this.objects.list(
      apiVersion,
      kind,
      namespace,
      undefined,
      undefined,
      undefined,
      undefined,
      labelSelector,
    );
    return list.items as unknown as KubeObject[];
  }

  /** Creates the object, or replaces it (keeping its status) when it exists. Retries while the API server warms up. */
  async apply(input: KubeObject): Promise<KubeObject> {
    const obj =
      input.kind === 'CustomResourceDefinition' ? crdForClient(input) : input;
    return this.retrying(async () => {
      try {
        return (await this.objects.create(
          obj as KubernetesObject,
        )) as unknown as KubeObject;
      } catch (e) {
        if (statusCode(e) !== 409) throw e;
        const existing = await this.read({
          apiVersion: obj.apiVersion,
          kind: obj.kind,
          name: obj.metadata.name,
          namespace: obj.metadata.namespace,
        });
        const next = {
          ...obj,
          metadata: {
            ...obj.metadata,
            resourceVersion: (existing?.metadata as any)?.resourceVersion,
          },
        };
        return (await this.objects.replace(
          next as KubernetesObject,
        )) as unknown as KubeObject;
      }
    });
  }

  async delete(obj: {
    apiVersion: string;
    kind: string;
    name: string;
    namespace?: string;
  }): Promise<void> {
    try {
      await this.objects.delete({
        apiVersion: obj.apiVersion,
        kind: obj.kind,
        metadata: { name: obj.name, namespace: obj.namespace },
      } as KubernetesObject);
    } catch (e) {
      if (statusCode(e) !== 404) throw e;
    }
  }

  /** Read-modify-write of a custom object's status subresource, retried on conflicts. */
  async updateStatus(
    ref: {
      group: string;
      version: string;
      plural: string;
      name: string;
      namespace?: string;
    },
    update: (status: any, object: any) => any,
  ): Promise<any> {
    return this.retrying(async () => {
      const object: any = ref.namespace
        ? await this.custom.getNamespacedCustomObject({
            ...ref,
            namespace: ref.namespace,
          })
        : await this.custom.getClusterCustomObject(ref);
      const body = { ...object, status: update(object.status ?? {}, object) };
      return ref.namespace
        ? this.custom.replaceNamespacedCustomObjectStatus({
            ...ref,
            namespace: ref.namespace,
            body,
          })
        : this.custom.replaceClusterCustomObjectStatus({ ...ref, body });
    });
  }

  private async retrying<T>(fn: () => Promise<T>, attempts = 20): Promise<T> {
    for (let i = 1; ; i++) {
      try {
        return await fn();
      } catch (e) {
        const code = statusCode(e);
        // 409 on status writes = someone else wrote first; 429 = storage (re)initializing after a new CRD.
        if (i >= attempts || (code !== 409 && code !== 429 && code !== 503))
          throw e;
        await new Promise(r => setTimeout(r, 100 * i));
      }
    }
  }
}
