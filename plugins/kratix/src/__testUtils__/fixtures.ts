import type {
  Destination,
  DestinationRequestsResponse,
  PipelineRun,
  PipelineStage,
  PipelineState,
  Placement,
  PlatformSummary,
  PromiseDetail,
  ResourceRequest,
  WorkerHealth,
} from '@kratix-backstage/plugin-kratix-common';

/** The demo platform's answers, shaped as the backend serves them (the workshop story). */
export const platform: PlatformSummary = {
  name: 'demo',
  title: 'Kratix workshop (demo data)',
  demo: true,
  connection: 'demo',
  workers: [
    { name: 'demo-worker-1', destination: 'worker-1', connection: 'demo' },
  ],
  caches: [],
};

const minutesAgo = (m: number) =>
  new Date(Date.now() - m * 60_000).toISOString();

export const promise: PromiseDetail = {
  platform: 'demo',
  demo: true,
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
    },
  ],
  workflows: {
    count: 0,
    succeeded: 0,
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
  },
  labels: { 'kratix.io/promise-version': 'v0.1.0' },
  createdAt: minutesAgo(45),
  apiSchema: {
    type: 'object',
    properties: {
      spec: {
        type: 'object',
        properties: {
          enableDataCollection: {
            type: 'boolean',
            default: false,
            description:
              'If enabled, you will receive tools for\nmetric, log, and trace collection.\n',
          },
        },
      },
    },
  },
  pipelines: [],
  requiredPromises: [],
  requiredBy: [],
};

export function request(
  name: string,
  overrides: Partial<ResourceRequest> = {},
): ResourceRequest {
  return {
    platform: 'demo',
    demo: true,
    promise: 'elastic-cloud',
    name,
    namespace: 'default',
    apiVersion: 'workshop.kratix.io/v1alpha1',
    kind: 'elastic-cloud',
    state: 'ready',
    message: 'Resource requested',
    conditions: [
      {
        type: 'ConfigureWorkflowCompleted',
        status: 'True',
        reason: 'PipelinesExecutedSuccessfully',
        message: 'Pipelines completed',
      },
      {
        type: 'Reconciled',
        status: 'True',
        reason: 'Reconciled',
        message: 'Reconciled',
      },
    ],
    paused: false,
    generation: 1,
    observedGeneration: 1,
    spec: { enableDataCollection: true },
    statusFields: {},
    workflows: { count: 1, succeeded: 1, failed: 0 },
    pipelines: [
      { name: 'resource-configure', workflow: 'configure', phase: 'Succeeded' },
    ],
    destinations: ['worker-1'],
    labels: { 'kratix.io/promise-name': 'elastic-cloud' },
    createdAt: minutesAgo(30),
    ...overrides,
  };
}

const STAGES = ['reader', 'pipeline-stage-0', 'work-writer', 'status-writer'];

/** A run of the request's configure pipeline; stages after `runningAt` are pending. */
export function run(
  job: string,
  options: {
    request?: string;
    startedMinutesAgo: number;
    state: PipelineState;
    runningAt?: string;
    failAt?: { stage: string; exitCode: number };
  },
): PipelineRun {
  const started = Date.now() - options.startedMinutesAgo * 60_000;
  const stages: PipelineStage[] = STAGES.map((name, i) => {
    const base = {
      name,
      origin:
        name === 'pipeline-stage-0'
          ? ('pipeline' as const)
          : ('kratix' as const),
      image:
        name === 'pipeline-stage-0'
          ? 'kratix-workshop/elastic-pipeline:dev'
          : 'ghcr.io/syntasso/kratix-pipeline-adapter:latest',
      restartCount: 0,
    };
    const runningIndex = options.runningAt
      ? STAGES.indexOf(options.runningAt)
      : -1;
    const failIndex = options.failAt
      ? STAGES.indexOf(options.failAt.stage)
      : -1;
    if (failIndex >= 0 && i === failIndex) {
      return {
        ...base,
        state: 'failed',
        exitCode: options.failAt!.exitCode,
        durationMs: 14_000,
        reason: 'Error',
      };
    }
    if (failIndex >= 0 && i > failIndex) return { ...base, state: 'skipped' };
    if (runningIndex >= 0 && i === runningIndex) {
      return {
        ...base,
        state: 'running',
        startedAt: new Date(started + 2000).toISOString(),
      };
    }
    if (runningIndex >= 0 && i > runningIndex)
      return { ...base, state: 'pending', reason: 'PodInitializing' };
    return {
      ...base,
      state: 'succeeded',
      exitCode: 0,
      durationMs: [1800, 14_000, 2600, 1400][i],
      reason: 'Completed',
    };
  });
  return {
    platform: 'demo',
    demo: true,
    name: job,
    namespace: 'default',
    promise: 'elastic-cloud',
    pipeline: 'resource-configure',
    workflowType: 'resource',
    workflowAction: 'configure',
    resource: { name: options.request ?? 'example', namespace: 'default' },
    state: options.state,
    createdAt: new Date(started).toISOString(),
    startedAt: new Date(started).toISOString(),
    durationMs: options.state === 'running' ? undefined : 22_150,
    pod: `${job}-pod01`,
    attempts: 1,
    stages,
  };
}

export function placement(requestName: string): Placement {
  const work = `elastic-cloud-${requestName}-resource-configure-c9646`;
  return {
    platform: 'demo',
    demo: true,
    works: [
      {
        name: work,
        namespace: 'default',
        promise: 'elastic-cloud',
        resource: requestName,
        pipeline: 'resource-configure',
        workType: 'resource',
        state: 'ready',
        message: 'All workplacements scheduled successfully',
        conditions: [],
        workloadGroups: [
          {
            id: '5058f1af8388633f609cadb75a75dc9d',
            directory: '.',
            destinationSelectors: [
              { matchLabels: { environment: 'dev' }, source: 'promise' },
            ],
            files: [
              { path: 'elastic-crds.yaml', bytes: 1300 },
              { path: 'kibana.yaml', bytes: 195 },
            ],
          },
        ],
      },
    ],
    workPlacements: [
      {
        name: `${work}.worker-1-5058f`,
        namespace: 'default',
        work,
        workloadGroupId: '5058f1af8388633f609cadb75a75dc9d',
        destination: 'worker-1',
        state: 'ready',
        scheduled: {
          type: 'ScheduleSucceeded',
          status: 'True',
          reason: 'ScheduledToDestination',
          message: 'Scheduled to correct Destination',
        },
        written: {
          type: 'WriteSucceeded',
          status: 'True',
          reason: 'WorkloadsWrittenToStateStore',
          message: 'Workloads written to State Store',
        },
        misplaced: false,
        pending: false,
        versionID: '5623956239562395623956239562395623956239',
        files: ['elastic-crds.yaml', 'kibana.yaml'],
        conditions: [],
      },
    ],
    errors: [],
  };
}

/** The requests placed on worker-1, as `GET .../destinations/worker-1/requests` answers. */
export function requestsAt(
  requestNames: string[] = ['example', 'second-request'],
): DestinationRequestsResponse {
  return {
    items: requestNames.map(name => ({
      request: request(name),
      placements: placement(name).workPlacements,
    })),
    errors: [],
  };
}

export const destination: Destination = {
  platform: 'demo',
  demo: true,
  name: 'worker-1',
  labels: { environment: 'dev' },
  path: 'worker-1',
  strictMatchLabels: false,
  filepathMode: 'nestedByMetadata',
  ready: 'True',
  readyReason: 'TestDocumentsWritten',
  readyMessage: 'Test documents written to State Store',
  conditions: [
    {
      type: 'Ready',
      status: 'True',
      reason: 'TestDocumentsWritten',
      message: 'Test documents written to State Store',
    },
  ],
  stateStore: {
    kind: 'GitStateStore',
    name: 'default',
    found: true,
    ready: 'True',
    message: 'State store is ready',
    url: 'https://git.kratix-demo.invalid/platform/state-store.git',
    branch: 'main',
  },
  workers: ['demo-worker-1'],
};

export const DUPLICATE_CRD_MESSAGE =
  "kustomize build failed: accumulating resources: accumulation err='merging resources from './default/elastic-cloud/second-request/resource-configure/5058f/elastic-crds.yaml': may not add resource with an already registered id: CustomResourceDefinition.v1.apiextensions.k8s.io/elasticsearches.elasticsearch.k8s.elastic.co.[noNs]'";

export const unhealthyWorker: WorkerHealth = {
  platform: 'demo',
  demo: true,
  destination: 'worker-1',
  workers: [
    {
      cluster: 'demo-worker-1',
      reachable: true,
      healthy: false,
      kustomizations: [
        {
          kind: 'Kustomization',
          name: 'kratix-worker-dependencies',
          namespace: 'flux-system',
          ready: 'True',
          reason: 'ReconciliationSucceeded',
          message: 'Applied revision: main@sha1:147254f0',
          suspended: false,
          lastTransitionTime: minutesAgo(49),
          implicatedRequests: [],
        },
        {
          kind: 'Kustomization',
          name: 'kratix-worker-resources',
          namespace: 'flux-system',
          ready: 'False',
          reason: 'BuildFailed',
          message: DUPLICATE_CRD_MESSAGE,
          suspended: false,
          lastTransitionTime: minutesAgo(49),
          implicatedRequests: [
            {
              namespace: 'default',
              promise: 'elastic-cloud',
              name: 'second-request',
            },
          ],
        },
      ],
      sources: [
        {
          kind: 'GitRepository',
          name: 'kratix',
          namespace: 'flux-system',
          ready: 'True',
          reason: 'Succeeded',
          message: "stored artifact for revision 'main@sha1:147254f0'",
          suspended: false,
          lastTransitionTime: minutesAgo(49),
          implicatedRequests: [],
        },
      ],
    },
  ],
  errors: [],
};

/**
 * A request whose configure pipeline a stage asked to retry later, with a degraded
 * health record, bound to a Promise version whose upgrade failed, placed on two
 * Destinations (the newest Kratix's status, keyed workflows layout).
 */
export function troubledRequest(
  overrides: Partial<ResourceRequest> = {},
): ResourceRequest {
  const nextRetryAt = new Date(Date.now() + 4 * 60_000 + 30_000).toISOString();
  return request('db-approval', {
    state: 'pending',
    message: 'Pending',
    conditions: [
      {
        type: 'Reconciled',
        status: 'Unknown',
        reason: 'WorkflowSuspended',
        message: 'Workflow suspended: waiting for approval from the DBA team',
      },
    ],
    pipelines: [
      {
        name: 'resource-configure',
        workflow: 'configure',
        phase: 'Succeeded',
        hash: '5058f1af8388633f609cadb75a75dc9d',
        attempts: 1,
      },
      {
        name: 'approval',
        workflow: 'configure',
        phase: 'Suspended',
        message: 'waiting for approval from the DBA team',
        attempts: 3,
        nextRetryAt,
      },
      {
        name: 'instance-delete',
        workflow: 'delete',
        phase: 'Failed',
        message: 'exit code 1',
        hash: 'a1b2c3d4e5f60718',
      },
    ],
    workflowControl: {
      state: 'waiting-to-retry',
      workflow: 'configure',
      pipeline: 'approval',
      message: 'waiting for approval from the DBA team',
      attempts: 3,
      nextRetryAt,
      labelled: false,
    },
    health: {
      state: 'degraded',
      source: 'status',
      records: [
        {
          name: 'db-approval-health',
          namespace: 'default',
          state: 'degraded',
          lastRun: minutesAgo(2),
          details: { replicas: '1/3 ready', region: 'eu-west-1' },
        },
      ],
    },
    version: {
      binding: 'db-approval-binding',
      desired: 'latest',
      lastAppliedVersion: 'v0.1.0',
      failedVersion: 'v0.2.0',
      upgrade: {
        type: 'UpgradeSucceeded',
        status: 'False',
        reason: 'UpgradeFailed',
        message: 'configure workflow failed at v0.2.0',
      },
    },
    destinations: ['worker-1', 'worker-2'],
    ...overrides,
  });
}
