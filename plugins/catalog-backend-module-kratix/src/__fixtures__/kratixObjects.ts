import type { KubeObject } from '@kratix-backstage/plugin-kratix-node';
import type {
  KratixClusterSource,
  KratixObjectEvent,
} from '@kratix-backstage/plugin-kratix-node';
import type { KratixCacheStatus } from '@kratix-backstage/plugin-kratix-common';

/** A Promise whose API is `Database` in `example.org/v1`. */
export const databasePromise: KubeObject = {
  apiVersion: 'platform.kratix.io/v1alpha1',
  kind: 'Promise',
  metadata: { name: 'database' },
  spec: {
    api: {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'databases.example.org' },
      spec: {
        group: 'example.org',
        names: { kind: 'Database', plural: 'databases', singular: 'database' },
        scope: 'Namespaced',
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            schema: {
              openAPIV3Schema: {
                type: 'object',
                properties: {
                  spec: {
                    type: 'object',
                    required: ['size'],
                    properties: {
                      size: {
                        type: 'string',
                        enum: ['small', 'large'],
                        default: 'small',
                        description: 'How big',
                      },
                      replicas: { type: 'integer', minimum: 1, maximum: 5 },
                    },
                  },
                },
              },
            },
          },
        ],
      },
    },
  },
  status: { status: 'Available' },
};

/** A Promise without an API (dependencies only). */
export const toolsPromise: KubeObject = {
  apiVersion: 'platform.kratix.io/v1alpha1',
  kind: 'Promise',
  metadata: { name: 'tools' },
  spec: {},
  status: { status: 'Available' },
};

/** A malformed Promise: its API is not a CRD. */
export const brokenPromise: KubeObject = {
  apiVersion: 'platform.kratix.io/v1alpha1',
  kind: 'Promise',
  metadata: { name: 'broken' },
  spec: { api: { kind: 'ConfigMap' } },
};

export const janeRequest: KubeObject = {
  apiVersion: 'example.org/v1',
  kind: 'Database',
  metadata: {
    name: 'orders',
    namespace: 'team-a',
    labels: { 'kratix.io/promise-name': 'database' },
    annotations: { 'backstage.io/kratix-requester': 'user:default/jane' },
  },
  spec: { size: 'large' },
  status: { conditions: [{ type: 'Reconciled', status: 'True' }] },
};

export const anonymousRequest: KubeObject = {
  apiVersion: 'example.org/v1',
  kind: 'Database',
  metadata: { name: 'billing', namespace: 'default' },
  spec: { size: 'small' },
};

export const worker1: KubeObject = {
  apiVersion: 'platform.kratix.io/v1alpha1',
  kind: 'Destination',
  metadata: { name: 'worker-1' },
  spec: {},
};

/** An in-memory platform source: lists, subscriptions, and scripted failures. */
export class FakeKratixSource {
  readonly cluster = 'fake';
  promises: KubeObject[] = [databasePromise, toolsPromise, brokenPromise];
  requests: KubeObject[] = [janeRequest, anonymousRequest];
  destinations: KubeObject[] = [worker1];
  failure?: Error;
  /** Reads never answer (a cluster that accepts connections but does not reply). */
  hang = false;
  status: KratixCacheStatus[] = [];
  private readonly listeners = new Set<(e: KratixObjectEvent) => void>();

  private async answer<T>(value: T): Promise<T> {
    if (this.hang) await new Promise(() => {});
    if (this.failure) throw this.failure;
    return value;
  }
  listPromises = () => this.answer(this.promises);
  listDestinations = () => this.answer(this.destinations);
  listRequests = (promise: KubeObject) =>
    this.answer(promise.metadata.name === 'database' ? this.requests : []);
  cacheStatus = () => this.status;
  subscribe(_kinds: unknown, listener: (e: KratixObjectEvent) => void) {
    this.listeners.add(listener);
    for (const object of this.promises)
      listener({ type: 'added', kind: 'promises', object });
    for (const object of this.requests)
      listener({ type: 'added', kind: 'requests', object });
    for (const object of this.destinations)
      listener({ type: 'added', kind: 'destinations', object });
    return () => this.listeners.delete(listener);
  }
  emit(event: KratixObjectEvent) {
    this.listeners.forEach(l => l(event));
  }
  asSource(): KratixClusterSource {
    return this as unknown as KratixClusterSource;
  }
}
