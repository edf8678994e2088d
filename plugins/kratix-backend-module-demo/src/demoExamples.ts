import { createHash } from 'node:crypto';
import { KRATIX_LABELS } from '@kratix-backstage/plugin-kratix-common';
import type { KubeObject } from '@kratix-backstage/plugin-kratix-node';
import {
  condition,
  generateObjectName,
  type HealthRecordState,
} from '@kratix-backstage/kratix-simulation';
import { demoUid } from './demoRun';

const iso = (ms: number) => new Date(ms).toISOString();
const md5 = (text: string) => createHash('md5').update(text).digest('hex');
const MINUTE = 60_000;

/** The Promise version the workshop's Promise had before the demo's upgrade. */
export const DEMO_OLD_VERSION = 'v0.1.0';
/** The version of the demo's Promise with examples: it adds a delete pipeline. */
export const DEMO_NEW_VERSION = 'v0.2.0';
/** The delete pipeline's stage (short: a delete in the demo takes a few seconds). */
export const DEMO_DELETE_STAGE = 'elastic-cleanup';

/**
 * One example request of the demo: a request in a state a new user should be able to
 * see (a run waiting to retry, a degraded health record, a failed upgrade, ...), built
 * from the same objects and statuses Kratix writes.
 */
export interface DemoExample {
  name: string;
  spec: Record<string, unknown>;
  /** One line on what the example shows (the demo README lists them). */
  shows: string;
  /** Which workflow-status layout its Kratix writes: `flat` (pipelines[]) or `keyed` (PR #933). */
  layout: 'flat' | 'keyed';
  /** Minutes before the demo started that it was created. */
  createdMinutesAgo: number;
  /** Its configure pipeline's stage wrote workflow-control.yaml with retryAfter, `attempts` times. */
  retry?: { message: string; retryAfterMinutes: number; attempts: number };
  /** Its configure pipeline fails at this stage (each run after the first one). */
  configureFailsAt?: { container: string; exitCode: number };
  /** It was deleted, and its delete pipeline fails here. */
  deleteFailsAt?: { container: string; exitCode: number; minutesAgo: number };
  /** What its pipeline writes to /kratix/metadata/destination-selectors.yaml. */
  destinationSelectors?: Record<string, string>;
  /** A Destination it was placed on before its selectors changed (now misplaced). */
  misplacedOn?: string;
  /** Its ResourceBinding, where it differs from `latest`, applied. */
  binding?: { version?: string; lastAppliedVersion?: string };
  paused?: boolean;
  health?: Array<{
    /** The HealthRecord's name after the request's. */
    check: string;
    state: HealthRecordState;
    details: Record<string, unknown>;
    minutesAgo: number;
  }>;
}

/**
 * The examples the demo shows besides the workshop's two requests, all of the
 * workshop's `elastic-cloud` Promise in namespace `default`.
 */
export const DEMO_EXAMPLES: DemoExample[] = [
  {
    name: 'retrying-search',
    spec: { enableDataCollection: false },
    shows:
      'a configure pipeline suspended by workflow-control.yaml, waiting to retry (attempt 2); resume runs it now',
    layout: 'keyed',
    createdMinutesAgo: 34,
    retry: {
      message:
        'Waiting for the elastic-system storage quota to be approved (ticket OPS-4711)',
      retryAfterMinutes: 30,
      attempts: 2,
    },
  },
  {
    name: 'degraded-search',
    spec: { enableDataCollection: true },
    shows: 'a degraded HealthRecord (cluster health yellow)',
    layout: 'flat',
    createdMinutesAgo: 28,
    health: [
      {
        check: 'cluster-health',
        state: 'degraded',
        details: {
          cluster: 'yellow',
          unassignedShards: 2,
          message: '2 replica shards are unassigned: the cluster has one node',
        },
        minutesAgo: 2,
      },
    ],
  },
  {
    name: 'unhealthy-search',
    spec: { enableDataCollection: true },
    shows:
      'an unhealthy HealthRecord next to a healthy one (rolled up to unhealthy)',
    layout: 'keyed',
    createdMinutesAgo: 26,
    health: [
      {
        check: 'cluster-health',
        state: 'unhealthy',
        details: {
          cluster: 'red',
          message: 'primary shard of index logs-2026.12 is unassigned',
        },
        minutesAgo: 1,
      },
      {
        check: 'kibana',
        state: 'healthy',
        details: { status: 'available' },
        minutesAgo: 1,
      },
    ],
  },
  {
    name: 'paused-search',
    spec: { enableDataCollection: false },
    shows: `a paused request (kratix.io/paused), bound to ${DEMO_OLD_VERSION} (pinned)`,
    layout: 'flat',
    createdMinutesAgo: 24,
    paused: true,
    binding: { version: DEMO_OLD_VERSION },
  },
  {
    name: 'failing-search',
    spec: { enableDataCollection: true },
    shows: `ConfigureWorkflowFailed: its upgrade to ${DEMO_NEW_VERSION} failed (failedVersion), still at ${DEMO_OLD_VERSION}`,
    layout: 'keyed',
    createdMinutesAgo: 40,
    configureFailsAt: { container: 'pipeline-stage-0', exitCode: 1 },
    binding: { lastAppliedVersion: DEMO_OLD_VERSION },
  },
  {
    name: 'deleting-search',
    spec: { enableDataCollection: false },
    shows: 'a delete whose delete pipeline failed (DeleteWorkflowFailed)',
    layout: 'keyed',
    createdMinutesAgo: 22,
    deleteFailsAt: { container: DEMO_DELETE_STAGE, exitCode: 2, minutesAgo: 6 },
  },
  {
    name: 'unscheduled-search',
    spec: { enableDataCollection: false },
    shows:
      'a Work no Destination matches (ScheduleSucceeded False UnscheduledWorkloads)',
    layout: 'flat',
    createdMinutesAgo: 18,
    destinationSelectors: { environment: 'production' },
  },
  {
    name: 'misplaced-search',
    spec: { enableDataCollection: false },
    shows:
      'a WorkPlacement whose Destination no longer matches (DestinationSelectorMismatch, kratix.io/misplaced)',
    layout: 'keyed',
    createdMinutesAgo: 16,
    destinationSelectors: { environment: 'staging' },
    misplacedOn: 'worker-1',
  },
];

/**
 * The workshop's Promise as the demo serves it with examples: version
 * {@link DEMO_NEW_VERSION}, which adds a short resource delete pipeline.
 */
export function upgradedPromise(promise: KubeObject): KubeObject {
  const next = structuredClone(promise);
  next.metadata.labels = {
    ...next.metadata.labels,
    [KRATIX_LABELS.promiseVersion]: DEMO_NEW_VERSION,
  };
  next.spec.workflows.resource.delete = [
    {
      apiVersion: 'platform.kratix.io/v1alpha1',
      kind: 'Pipeline',
      metadata: { name: 'resource-delete' },
      spec: {
        containers: [
          {
            name: DEMO_DELETE_STAGE,
            image: 'kratix-workshop/elastic-cleanup:dev',
          },
        ],
      },
    },
  ];
  return next;
}

/** Kratix's deterministic names: the base, `-`, the first five of md5(inputs). */
export function deterministicName(base: string, ...inputs: string[]) {
  return generateObjectName(base, md5(inputs.length ? inputs.join('-') : base));
}

/**
 * The PromiseRevisions Kratix keeps for a Promise: one per version it has had, the
 * newest labelled `kratix.io/latest-revision`.
 */
export function promiseRevisions(
  promise: KubeObject,
  versions: Array<{ version: string; spec: unknown; createdAt: number }>,
): KubeObject[] {
  const name = promise.metadata.name;
  return versions.map((v, i) => {
    const latest = i === versions.length - 1;
    return {
      apiVersion: 'platform.kratix.io/v1alpha1',
      kind: 'PromiseRevision',
      metadata: {
        name: deterministicName(name, v.version),
        uid: demoUid(`${name}/revision/${v.version}`),
        creationTimestamp: iso(v.createdAt),
        generation: 1,
        labels: {
          [KRATIX_LABELS.promiseName]: name,
          ...(latest ? { [KRATIX_LABELS.latestRevision]: 'true' } : {}),
        },
        ownerReferences: [
          {
            apiVersion: promise.apiVersion,
            kind: promise.kind,
            name,
            uid: promise.metadata.uid,
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      spec: {
        promiseRef: { name },
        promiseSpec: structuredClone(v.spec),
        version: v.version,
      },
      status: { latest },
    };
  });
}

/** What a request's binding says, from its runs so far. */
export interface BindingState {
  /** `spec.version`: `latest` or a pinned version. */
  desired: string;
  /** The version `latest` or the pin resolves to. */
  resolved: string;
  lastAppliedVersion?: string;
  failedVersion?: string;
  upgrade: 'in-progress' | 'complete' | 'failed';
  /** The ConfigureWorkflowCompleted message, for a failed upgrade. */
  failure?: string;
  at: number;
}

/** The request's ResourceBinding, as Kratix creates and updates it. */
export function resourceBinding(
  request: KubeObject,
  promiseName: string,
  state: BindingState,
): KubeObject {
  const name = request.metadata.name;
  const labels = { ...(request.metadata.labels ?? {}) };
  delete labels[KRATIX_LABELS.manualReconciliation];
  delete labels['internal.workflows.kratix.io/run-from-start'];
  const at = new Date(state.at);
  const upgrade = {
    'in-progress': condition(
      'UpgradeSucceeded',
      'Unknown',
      'UpgradeInProgress',
      `Upgrade to version ${state.resolved} is in progress`,
      at,
    ),
    complete: condition(
      'UpgradeSucceeded',
      'True',
      'UpgradeComplete',
      `Resource is at version ${state.resolved}`,
      at,
    ),
    failed: condition(
      'UpgradeSucceeded',
      'False',
      'UpgradeFailed',
      state.failure ?? '',
      at,
    ),
  }[state.upgrade];
  return {
    apiVersion: 'platform.kratix.io/v1alpha1',
    kind: 'ResourceBinding',
    metadata: {
      name: deterministicName(`${name}-${promiseName}`),
      namespace: request.metadata.namespace,
      uid: demoUid(`${request.metadata.uid}/binding`),
      creationTimestamp: request.metadata.creationTimestamp,
      generation: 1,
      labels: {
        ...labels,
        [KRATIX_LABELS.promiseName]: promiseName,
        [KRATIX_LABELS.resourceName]: name,
      },
    },
    spec: {
      version: state.desired,
      promiseRef: { name: promiseName },
      resourceRef: { name, namespace: request.metadata.namespace },
    },
    status: {
      ...(state.lastAppliedVersion
        ? { lastAppliedVersion: state.lastAppliedVersion }
        : {}),
      ...(state.failedVersion ? { failedVersion: state.failedVersion } : {}),
      conditions: [upgrade],
    },
  };
}

/** The HealthRecords of an example request, as a health check would have written them. */
export function healthRecords(
  example: DemoExample,
  request: KubeObject,
  promiseName: string,
  now: number,
): KubeObject[] {
  return (example.health ?? []).map(h => {
    const name = `${request.metadata.name}-${h.check}`;
    const lastRun = Math.floor((now - h.minutesAgo * MINUTE) / 1000);
    return {
      apiVersion: 'platform.kratix.io/v1alpha1',
      kind: 'HealthRecord',
      metadata: {
        name,
        namespace: request.metadata.namespace,
        uid: demoUid(`${request.metadata.uid}/health/${h.check}`),
        creationTimestamp: iso(now - (example.createdMinutesAgo - 2) * MINUTE),
        generation: 1,
        finalizers: ['kratix.io/health-record-cleanup'],
      },
      data: {
        promiseRef: { name: promiseName },
        resourceRef: {
          name: request.metadata.name,
          namespace: request.metadata.namespace,
          generation: Number(request.metadata.generation ?? 1),
        },
        state: h.state,
        lastRun,
        details: h.details,
      },
    };
  });
}
