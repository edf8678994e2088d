import {
  condition,
  elasticCloudPromise,
} from '@kratix-backstage/kratix-simulation';
import { toPromiseDetail, toPromiseSummary } from './promises';

const at = new Date('2026-11-17T10:00:00Z');
const promise = {
  ...structuredClone(elasticCloudPromise),
  metadata: {
    ...structuredClone(elasticCloudPromise.metadata),
    creationTimestamp: '2026-11-17T09:00:00Z',
  },
  status: {
    status: 'Available',
    version: 'v0.1.0',
    workflows: 1,
    workflowsSucceeded: 1,
    workflowsFailed: 0,
    conditions: [
      condition(
        'Available',
        'True',
        'PromiseAvailable',
        'Ready to fulfil resource requests',
        at,
      ),
      condition('Reconciled', 'True', 'Reconciled', 'Reconciled', at),
    ],
    kratix: {
      workflows: {
        pipelines: [
          {
            name: 'promise-configure',
            phase: 'Succeeded',
            lastTransitionTime: at.toISOString(),
          },
        ],
      },
    },
  },
};

describe('toPromiseSummary', () => {
  it('maps status, API, selectors, conditions and counters', () => {
    expect(toPromiseSummary({ name: 'prod', demo: false }, promise)).toEqual({
      platform: 'prod',
      name: 'elastic-cloud',
      version: 'v0.1.0',
      status: 'Available',
      reconciled: 'True',
      paused: false,
      deleting: false,
      api: {
        group: 'workshop.kratix.io',
        version: 'v1alpha1',
        kind: 'elastic-cloud',
        plural: 'elastic-clouds',
        apiVersion: 'workshop.kratix.io/v1alpha1',
      },
      destinationSelectors: [{ matchLabels: { environment: 'dev' } }],
      conditions: [
        {
          type: 'Available',
          status: 'True',
          reason: 'PromiseAvailable',
          message: 'Ready to fulfil resource requests',
          lastTransitionTime: at.toISOString(),
        },
        {
          type: 'Reconciled',
          status: 'True',
          reason: 'Reconciled',
          message: 'Reconciled',
          lastTransitionTime: at.toISOString(),
        },
      ],
      workflows: { count: 1, succeeded: 1, failed: 0 },
      labels: { 'kratix.io/promise-version': 'v0.1.0' },
      createdAt: '2026-11-17T09:00:00Z',
    });
  });

  it('marks demo data, pause and deletion, and survives a Promise without status or API', () => {
    const bare = {
      apiVersion: 'platform.kratix.io/v1alpha1',
      kind: 'Promise',
      metadata: {
        name: 'deps-only',
        labels: { 'kratix.io/paused': 'true' },
        deletionTimestamp: '2026-11-17T11:00:00Z',
      },
      spec: {},
    };
    expect(toPromiseSummary({ name: 'demo', demo: true }, bare)).toMatchObject({
      platform: 'demo',
      demo: true,
      status: 'Unknown',
      reconciled: 'Unknown',
      paused: true,
      deleting: true,
      api: undefined,
      conditions: [],
      workflows: { count: 0, succeeded: 0, failed: 0 },
    });
  });
});

describe('toPromiseDetail', () => {
  it('adds the API schema, the workflows in order and their last phases', () => {
    const detail = toPromiseDetail({ name: 'prod', demo: false }, promise);
    expect(detail.apiSchema).toEqual(
      elasticCloudPromise.spec.api.spec.versions[0].schema.openAPIV3Schema,
    );
    expect(detail.workflows).toEqual({
      count: 1,
      succeeded: 1,
      failed: 0,
      resource: {
        configure: [
          {
            name: 'resource-configure',
            containers: [
              {
                name: 'pipeline-stage-0',
                image: 'kratix-workshop/elastic-pipeline:dev',
              },
            ],
          },
        ],
        delete: [],
      },
      promise: { configure: [], delete: [] },
    });
    expect(detail.pipelines).toEqual([
      {
        name: 'promise-configure',
        workflow: 'configure',
        phase: 'Succeeded',
        lastTransitionTime: at.toISOString(),
      },
    ]);
    expect(detail.requiredPromises).toEqual([]);
    expect(detail.requiredBy).toEqual([]);
  });
});

describe('the request kind of a Promise whose spec.api cannot be read', () => {
  it('comes from what Kratix wrote in the status, without a plural', () => {
    const pruned = {
      ...promise,
      spec: { ...promise.spec, api: {} },
      status: {
        ...promise.status,
        apiVersion: 'workshop.kratix.io/v1alpha1',
        kind: 'elastic-cloud',
      },
    };
    expect(toPromiseSummary({ name: 'prod', demo: false }, pruned).api).toEqual(
      {
        group: 'workshop.kratix.io',
        version: 'v1alpha1',
        kind: 'elastic-cloud',
        apiVersion: 'workshop.kratix.io/v1alpha1',
      },
    );
  });
});
