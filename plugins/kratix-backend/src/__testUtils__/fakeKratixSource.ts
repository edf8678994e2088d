/* An in-memory KratixClusterSource for service and router tests. */
import { gzipSync } from 'node:zlib';
import { elasticCloudPromise } from '@kratix-backstage/kratix-simulation';
import {
  hasLabels,
  type KratixClusterSource,
  type KratixOptionalKinds,
  type KratixPlatform,
  type KubeObject,
} from '@kratix-backstage/plugin-kratix-node';

/** What the fake's DryRun controller does with a new DryRun. */
export type FakeDryRunBehaviour =
  | 'complete' // runs the pipeline: ephemeral request, Works, summary, Completed=True
  | 'fail' // Completed=False, as when the pipeline failed
  | 'silent' // no controller: nothing ever happens
  | 'slow'; // an ephemeral request, then nothing

/** Compresses a file as Kratix stores it in a Work. */
export const encodeWorkload = (text: string) =>
  gzipSync(Buffer.from(text)).toString('base64');

export const fakePromise: KubeObject = structuredClone(
  elasticCloudPromise,
) as KubeObject;

/** A request of the fake's elastic-cloud Promise. */
export function fakeRequest(
  name: string,
  status: Record<string, unknown> = {},
  labels: Record<string, string> = {},
): KubeObject {
  return {
    apiVersion: 'workshop.kratix.io/v1alpha1',
    kind: 'elastic-cloud',
    metadata: {
      name,
      namespace: 'default',
      labels: { 'kratix.io/promise-name': 'elastic-cloud', ...labels },
    },
    spec: { enableDataCollection: true },
    status,
  };
}

export class FakeKratixSource implements KratixClusterSource {
  readonly cluster = 'fake';
  promises: KubeObject[] = [structuredClone(fakePromise)];
  requests: KubeObject[] = [];
  works: KubeObject[] = [];
  workPlacements: KubeObject[] = [];
  healthRecords: KubeObject[] = [];
  promiseRevisions: KubeObject[] = [];
  resourceBindings: KubeObject[] = [];
  dryRuns = new Map<string, KubeObject>();
  /** Every DryRun ever created, and every one deleted. */
  createdDryRuns: KubeObject[] = [];
  deletedDryRuns: string[] = [];
  served: KratixOptionalKinds = {
    healthRecords: true,
    promiseRevisions: true,
    resourceBindings: true,
    dryRuns: true,
  };
  dryRunBehaviour: FakeDryRunBehaviour = 'complete';
  /** Requests as the API server's dry run answered them. */
  serverDryRuns: KubeObject[] = [];
  failNext?: { method: keyof KratixClusterSource; error: Error };

  private fail(method: keyof KratixClusterSource) {
    if (this.failNext?.method === method) {
      const { error } = this.failNext;
      this.failNext = undefined;
      throw error;
    }
  }

  async listPromises() {
    return this.promises;
  }
  async getPromise(name: string) {
    return this.promises.find(p => p.metadata.name === name);
  }
  async listRequests(_promise: KubeObject, namespace?: string) {
    this.fail('listRequests');
    return this.requests.filter(
      r => !namespace || r.metadata.namespace === namespace,
    );
  }
  async getRequest(_promise: KubeObject, namespace: string, name: string) {
    return this.requests.find(
      r => r.metadata.namespace === namespace && r.metadata.name === name,
    );
  }
  async listJobs() {
    return [];
  }
  async listPods() {
    return [];
  }
  async getPod() {
    return undefined;
  }
  async listWorks(labels?: Record<string, string>) {
    this.fail('listWorks');
    return this.works.filter(w => hasLabels(w, labels));
  }
  async listWorkPlacements(labels?: Record<string, string>) {
    return this.workPlacements.filter(w => hasLabels(w, labels));
  }
  destinations: KubeObject[] = [];
  async listDestinations() {
    return this.destinations;
  }
  async listStateStores() {
    return [];
  }
  async optionalKinds() {
    return this.served;
  }
  async listHealthRecords() {
    this.fail('listHealthRecords');
    return this.served.healthRecords ? this.healthRecords : [];
  }
  async listPromiseRevisions(promise?: string) {
    if (!this.served.promiseRevisions) return [];
    return this.promiseRevisions.filter(
      r =>
        !promise || r.metadata.labels?.['kratix.io/promise-name'] === promise,
    );
  }
  async listResourceBindings(labels?: Record<string, string>) {
    if (!this.served.resourceBindings) return [];
    return this.resourceBindings.filter(b => hasLabels(b, labels));
  }
  async createDryRun(object: KubeObject) {
    this.fail('createDryRun');
    const stored = structuredClone(object);
    const key = `${object.metadata.namespace}/${object.metadata.name}`;
    this.dryRuns.set(key, stored);
    this.createdDryRuns.push(stored);
    const ephemeral = `kratix-dry-run-${object.metadata.name}-abcde`;
    const owner = {
      'kratix.io/dry-run': 'true',
      'kratix.io/dry-run-owner': object.metadata.name,
    };
    if (this.dryRunBehaviour !== 'silent') {
      this.requests.push({
        ...fakeRequest(ephemeral, {}, owner),
        spec: object.spec.resource,
      });
    }
    if (this.dryRunBehaviour === 'complete') {
      const labels = {
        'kratix.io/promise-name': object.spec.promiseRef.name,
        'kratix.io/resource-name': ephemeral,
        'kratix.io/work-type': 'resource',
        'kratix.io/dry-run': 'true',
      };
      this.works.push(
        {
          apiVersion: 'platform.kratix.io/v1alpha1',
          kind: 'Work',
          metadata: {
            name: `${ephemeral}-resource-configure`,
            namespace: object.metadata.namespace,
            labels: {
              ...labels,
              'kratix.io/pipeline-name': 'resource-configure',
            },
          },
          spec: {
            workloadGroups: [
              {
                id: '5058f',
                directory: '.',
                workloads: [
                  {
                    filepath: 'elasticsearch.yaml',
                    content: encodeWorkload(
                      `kind: Elasticsearch\nspec: ${JSON.stringify(
                        object.spec.resource,
                      )}\n`,
                    ),
                  },
                ],
              },
            ],
          },
        },
        {
          apiVersion: 'platform.kratix.io/v1alpha1',
          kind: 'Work',
          metadata: {
            name: `elastic-cloud-${object.metadata.name}-dry-run-summary`,
            namespace: object.metadata.namespace,
            labels: {
              ...labels,
              'kratix.io/dry-run-summary': 'true',
              'kratix.io/dry-run-owner': object.metadata.name,
            },
          },
          spec: {
            workloadGroups: [
              {
                id: 'x',
                directory: '.',
                workloads: [
                  {
                    filepath: 'kratix-dry-run-summary.md',
                    content: encodeWorkload(
                      '# Kratix Dry Run Summary\n\n**1 added · 0 modified · 0 removed**\n',
                    ),
                  },
                ],
              },
            ],
          },
        },
      );
      stored.status = {
        conditions: [
          {
            type: 'Completed',
            status: 'True',
            reason: 'SummaryWritten',
            message: 'Dry run completed; summary written to output repository',
          },
        ],
      };
    } else if (this.dryRunBehaviour === 'fail') {
      stored.status = {
        conditions: [
          {
            type: 'Completed',
            status: 'False',
            reason: 'PipelineFailed',
            message: 'A Configure Pipeline has failed: resource-configure',
          },
        ],
      };
    }
    return stored;
  }
  async getDryRun(namespace: string, name: string) {
    return structuredClone(this.dryRuns.get(`${namespace}/${name}`));
  }
  async deleteDryRun(namespace: string, name: string) {
    this.dryRuns.delete(`${namespace}/${name}`);
    this.deletedDryRuns.push(`${namespace}/${name}`);
    // Kubernetes' garbage collector removes what the DryRun owns.
    const owned = (o: KubeObject) =>
      o.metadata.labels?.['kratix.io/dry-run-owner'] === name ||
      o.metadata.labels?.['kratix.io/resource-name']?.includes(name);
    this.requests = this.requests.filter(r => !owned(r));
    this.works = this.works.filter(w => !owned(w));
  }
  async readLogs() {
    return {
      available: false as const,
      reason: 'pod-not-found' as any,
      message: 'none',
    };
  }
  async patchMetadata(target: any, patch: any) {
    const object =
      target.kind === 'promise'
        ? this.promises.find(p => p.metadata.name === target.name)!
        : this.requests.find(
            r =>
              r.metadata.namespace === target.namespace &&
              r.metadata.name === target.name,
          )!;
    for (const field of ['labels', 'annotations'] as const) {
      const current = { ...(object.metadata[field] ?? {}) };
      for (const [k, v] of Object.entries(patch[field] ?? {})) {
        if (v === null) delete current[k];
        else current[k] = v as string;
      }
      object.metadata[field] = current;
    }
    return object;
  }
  async createRequest(
    _promise: KubeObject,
    object: KubeObject,
    options: { dryRun?: boolean },
  ) {
    if (object.metadata.name === 'refused-by-admission') {
      throw Object.assign(
        new Error('admission webhook "elastic.example.com" denied the request'),
        { statusCode: 422 },
      );
    }
    const stored = {
      ...structuredClone(object),
      metadata: {
        ...structuredClone(object.metadata),
        managedFields: [{ manager: 'backstage-kratix' }],
      },
      spec: { enableDataCollection: false, ...object.spec },
    };
    if (options.dryRun) this.serverDryRuns.push(stored);
    else this.requests.push(stored);
    return stored;
  }
  async deleteRequest() {
    return undefined;
  }
  subscribe() {
    return () => undefined;
  }
  cacheStatus() {
    return [];
  }
  async stop() {}
}

/** A platform over a fake source. */
export function fakePlatform(
  source: FakeKratixSource,
  extra: Partial<KratixPlatform> = {},
): KratixPlatform {
  return {
    name: 'prod',
    title: 'Production',
    demo: false,
    connection: 'url',
    kratix: source,
    workers: [],
    ...extra,
  };
}
