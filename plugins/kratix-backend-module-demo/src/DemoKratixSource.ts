import {
  KRATIX_LABELS,
  type KratixCacheStatus,
} from '@kratix-backstage/plugin-kratix-common';
import { hasLabels } from '@kratix-backstage/plugin-kratix-node';
import { toKratixClusterError } from '@kratix-backstage/plugin-kratix-node';
import type {
  CreateRequestOptions,
  KratixClusterSource,
  KratixEventKind,
  KratixObjectEvent,
  KratixTarget,
  KratixWriteOptions,
  KubeObject,
  LogOptions,
  MetadataPatch,
} from '@kratix-backstage/plugin-kratix-node';
import type { DemoWorld } from './DemoWorld';

/**
 * The demo platform cluster: the same interface as a real one, answered from the
 * in-memory workshop scenario. Its writes accept an identity to act as
 * (`KratixWriteOptions`) and ignore it: the demo has no RBAC, and the demo platform
 * writes as the service.
 *
 * @public
 */
export class DemoKratixSource implements KratixClusterSource {
  readonly cluster: string;

  constructor(private readonly world: DemoWorld, cluster: string) {
    this.cluster = cluster;
  }

  async listPromises() {
    return this.world.promises();
  }

  async getPromise(name: string) {
    return this.world.promises().find(p => p.metadata.name === name);
  }

  async listRequests(promise: KubeObject, namespace?: string) {
    if (!(await this.getPromise(promise.metadata.name))) return [];
    return this.world
      .requestObjects()
      .filter(r => !namespace || r.metadata.namespace === namespace);
  }

  async getRequest(promise: KubeObject, namespace: string, name: string) {
    return (await this.listRequests(promise, namespace)).find(
      r => r.metadata.name === name,
    );
  }

  async listJobs(labels: Record<string, string>) {
    return this.world.jobs().filter(j => hasLabels(j, labels));
  }

  async listPods(labels: Record<string, string>) {
    return this.world.pods().filter(p => hasLabels(p, labels));
  }

  async getPod(namespace: string, name: string) {
    return this.world
      .pods()
      .find(
        p => p.metadata.namespace === namespace && p.metadata.name === name,
      );
  }

  async listWorks(labels?: Record<string, string>) {
    return this.world.works().filter(w => hasLabels(w, labels));
  }

  async listWorkPlacements(labels?: Record<string, string>) {
    return this.world.workPlacements().filter(w => hasLabels(w, labels));
  }

  async listDestinations() {
    return this.world.destinations;
  }

  async listStateStores() {
    return this.world.stateStores;
  }

  async optionalKinds() {
    return {
      healthRecords: true,
      promiseRevisions: true,
      resourceBindings: true,
      dryRuns: true,
    };
  }

  async listHealthRecords() {
    return this.world.healthRecords();
  }

  async listPromiseRevisions(promise?: string) {
    return this.world
      .promiseRevisions()
      .filter(
        r =>
          !promise ||
          r.metadata.labels?.[KRATIX_LABELS.promiseName] === promise,
      );
  }

  async listResourceBindings(labels?: Record<string, string>) {
    return this.world.resourceBindings().filter(b => hasLabels(b, labels));
  }

  async createDryRun(object: KubeObject, _as?: KratixWriteOptions) {
    try {
      return this.world.dryRuns.create(object);
    } catch (error) {
      throw toKratixClusterError(error, this.cluster);
    }
  }

  async getDryRun(namespace: string, name: string, _as?: KratixWriteOptions) {
    return this.world.dryRuns.get(namespace, name);
  }

  async deleteDryRun(
    namespace: string,
    name: string,
    _as?: KratixWriteOptions,
  ) {
    try {
      this.world.dryRuns.delete(namespace, name);
    } catch (error) {
      throw toKratixClusterError(error, this.cluster);
    }
  }

  async readLogs(
    namespace: string,
    pod: string,
    container: string,
    options: LogOptions,
  ) {
    return this.world.readLogs(namespace, pod, container, options);
  }

  async patchMetadata(
    target: KratixTarget,
    patch: MetadataPatch,
    _as?: KratixWriteOptions,
  ) {
    try {
      return this.world.patch(target, patch);
    } catch (error) {
      throw toKratixClusterError(error, this.cluster);
    }
  }

  async createRequest(
    _promise: KubeObject,
    object: KubeObject,
    options: CreateRequestOptions,
  ): Promise<KubeObject> {
    // Its API-server-like errors (422, 404, 409, with a statusCode) and its 403 for the
    // demo's limit are mapped by the request creation service, as a cluster's are.
    return this.world.createRequest(object, options);
  }

  async deleteRequest(
    _promise: KubeObject,
    namespace: string,
    name: string,
    _as?: KratixWriteOptions,
  ) {
    try {
      return this.world.deleteRequest(namespace, name);
    } catch (error) {
      throw toKratixClusterError(error, this.cluster);
    }
  }

  subscribe(
    kinds: KratixEventKind[],
    listener: (event: KratixObjectEvent) => void,
  ) {
    return this.world.subscribe(event => {
      if (kinds.includes(event.kind)) listener(event);
      // Kratix keeps each request's ResourceBinding in step with the request, and
      // removes the request's HealthRecords with it.
      if (event.kind !== 'requests') return;
      const { namespace = 'default', name } = event.object.metadata;
      if (kinds.includes('resourcebindings')) {
        const binding =
          event.type === 'deleted'
            ? undefined
            : this.world.resourceBindingOf(namespace, name);
        if (binding)
          listener({
            type: event.type,
            kind: 'resourcebindings',
            object: binding,
          });
      }
    });
  }

  cacheStatus(): KratixCacheStatus[] {
    return [];
  }

  async stop() {
    this.world.stop();
  }
}
