import { kubeListWatch } from './kubeListWatch';
import type { KubeHttpClient } from './KubeHttpClient';
import { PLATFORM_KINDS, type KindDescriptor } from './kinds';
import { trimForCache } from './trim';
import type { KubeObject } from './types';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

const requestKind: KindDescriptor = {
  group: 'example.kratix.io',
  version: 'v1',
  plural: 'things',
  kind: 'Thing',
  namespaced: true,
};

const managed = {
  managedFields: [
    { manager: 'kubectl', operation: 'Update', fieldsV1: { 'f:spec': {} } },
  ],
  selfLink: '/apis/x',
};

describe('trimForCache', () => {
  it('keeps a request whole but for managedFields, selfLink and the last-applied copy', () => {
    const request: KubeObject = {
      apiVersion: 'example.kratix.io/v1',
      kind: 'Thing',
      metadata: {
        name: 'a',
        namespace: 'ns',
        uid: 'u1',
        generation: 2,
        resourceVersion: '7',
        labels: { 'kratix.io/paused': 'true' },
        annotations: { [LAST_APPLIED]: '{"big":true}', keep: 'me' },
        ...managed,
      },
      spec: { size: 'm', nested: { x: [1, 2] } },
      status: { message: 'Resource requested', conditions: [{ type: 'R' }] },
    };
    const trimmed = trimForCache(requestKind)(request);
    expect(trimmed).toEqual({
      apiVersion: 'example.kratix.io/v1',
      kind: 'Thing',
      metadata: {
        name: 'a',
        namespace: 'ns',
        uid: 'u1',
        generation: 2,
        resourceVersion: '7',
        labels: { 'kratix.io/paused': 'true' },
        annotations: { keep: 'me' },
      },
      spec: { size: 'm', nested: { x: [1, 2] } },
      status: { message: 'Resource requested', conditions: [{ type: 'R' }] },
    });
    // The object given is not changed.
    expect(request.metadata.managedFields).toBeDefined();
    expect(request.metadata.annotations?.[LAST_APPLIED]).toBeDefined();
  });

  it("keeps of a pipeline Pod's spec only its containers' names and images", () => {
    const pod: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'ns', ...managed },
      spec: {
        serviceAccountName: 'sa',
        volumes: [{ name: 'v', emptyDir: {} }],
        initContainers: [
          { name: 'reader', image: 'kratix', env: [{ name: 'A' }] },
        ],
        containers: [
          { name: 'status-writer', image: 'kratix', args: ['update-status'] },
        ],
      },
      status: { phase: 'Succeeded', containerStatuses: [{ name: 'x' }] },
    };
    expect(trimForCache(PLATFORM_KINDS.pods)(pod)).toEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'ns' },
      spec: {
        initContainers: [{ name: 'reader', image: 'kratix' }],
        containers: [{ name: 'status-writer', image: 'kratix' }],
      },
      status: { phase: 'Succeeded', containerStatuses: [{ name: 'x' }] },
    });
  });

  it("drops a Job's Pod template and a Promise's dependencies", () => {
    const job = trimForCache(PLATFORM_KINDS.jobs)({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'j', namespace: 'ns' },
      spec: { suspend: true, backoffLimit: 0, template: { spec: {} } },
      status: { active: 1 },
    });
    expect(job.spec).toEqual({ suspend: true, backoffLimit: 0 });
    expect(job.status).toEqual({ active: 1 });
    const promise = trimForCache(PLATFORM_KINDS.promises)({
      apiVersion: 'platform.kratix.io/v1alpha1',
      kind: 'Promise',
      metadata: { name: 'p' },
      spec: {
        api: { kind: 'CustomResourceDefinition' },
        workflows: { resource: {} },
        destinationSelectors: [{ matchLabels: { a: 'b' } }],
        dependencies: [{ kind: 'CustomResourceDefinition' }],
      },
    });
    expect(promise.spec).toEqual({
      api: { kind: 'CustomResourceDefinition' },
      workflows: { resource: {} },
      destinationSelectors: [{ matchLabels: { a: 'b' } }],
    });
  });

  it('keeps Works whole (their workloads are shown on demand)', () => {
    const work: KubeObject = {
      apiVersion: 'platform.kratix.io/v1alpha1',
      kind: 'Work',
      metadata: { name: 'w', namespace: 'ns' },
      spec: { workloadGroups: [{ workloads: [{ content: 'H4sI' }] }] },
    };
    expect(trimForCache(PLATFORM_KINDS.works)(work)).toEqual(work);
  });
});

describe('kubeListWatch', () => {
  it('lists page by page with limit and continue, trimming each page as it arrives', async () => {
    const pages: Array<{ items: any[]; metadata: any }> = [
      {
        items: [{ metadata: { name: 'a', namespace: 'ns', ...managed } }],
        metadata: { continue: 'next', resourceVersion: '5' },
      },
      {
        items: [{ metadata: { name: 'b', namespace: 'ns', ...managed } }],
        metadata: { resourceVersion: '6' },
      },
    ];
    const queries: any[] = [];
    const seen: string[] = [];
    const client = {
      get: async (_path: string, query: any) => {
        queries.push(query);
        // Each page is trimmed before the next is asked for.
        seen.push(`page ${queries.length}`);
        return pages[queries.length - 1];
      },
    } as unknown as KubeHttpClient;
    const trim = trimForCache(requestKind);
    const listed = await kubeListWatch(client, requestKind, {
      pageSize: 1,
    }).list({
      transform: o => {
        seen.push(`trim ${o.metadata.name}`);
        return trim(o);
      },
    });
    expect(seen).toEqual(['page 1', 'trim a', 'page 2', 'trim b']);
    expect(queries.map(q => [q.limit, q.continue])).toEqual([
      [1, undefined],
      [1, 'next'],
    ]);
    expect(listed).toEqual({
      items: [
        {
          apiVersion: 'example.kratix.io/v1',
          kind: 'Thing',
          metadata: { name: 'a', namespace: 'ns' },
        },
        {
          apiVersion: 'example.kratix.io/v1',
          kind: 'Thing',
          metadata: { name: 'b', namespace: 'ns' },
        },
      ],
      resourceVersion: '6',
      transformed: true,
    });
  });
});
