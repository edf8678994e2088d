import type { Condition } from '@kratix-backstage/plugin-kratix-node';
import { condition, mergeConditions, type Status } from './status';

/**
 * What `/kratix/metadata/workflow-control.yaml` asked for, and when the run asking it
 * ended.
 *
 * @public
 */
export interface WorkflowControlInput {
  pipelineName: string;
  /** The stage's `message`. */
  message?: string;
  /** When Kratix retries (`retryAfter` after the run); absent for a plain `suspend`. */
  nextRetryAt?: Date;
  /** The request's (or Promise's) generation the run was for. */
  generation: number;
  now?: Date;
}

/**
 * A status after a pipeline's stage wrote `workflow-control.yaml`, as Kratix's
 * status-writer and controller leave it: the pipeline's phase `Suspended` with the
 * message, `nextRetryAt` and `attempts` (counting up while it keeps asking to retry),
 * `suspendedGeneration`, and `Reconciled` Unknown `WorkflowSuspended`. The object also
 * gets the label `kratix.io/workflow-suspended: "true"` (not part of the status).
 * Old (flat) layout: `status.kratix.workflows.pipelines`.
 *
 * @public
 */
export function pipelineSuspendedStatus(
  status: Status | undefined,
  input: WorkflowControlInput,
): Status {
  const now = input.now ?? new Date();
  const prev = status ?? {};
  const workflows = { ...(prev.kratix?.workflows ?? {}) };
  const pipelines: any[] = [...(workflows.pipelines ?? [])];
  const i = pipelines.findIndex(p => p.name === input.pipelineName);
  const previous = i >= 0 ? pipelines[i] : undefined;
  const entry: Record<string, unknown> = {
    name: input.pipelineName,
    phase: 'Suspended',
    lastTransitionTime: now.toISOString(),
  };
  if (input.message) entry.message = input.message;
  if (input.nextRetryAt) {
    entry.nextRetryAt = input.nextRetryAt.toISOString().replace(/\.\d+Z$/, 'Z');
    entry.attempts = Number(previous?.attempts ?? 0) + 1;
  }
  if (i >= 0) pipelines[i] = entry;
  else pipelines.push(entry);
  return {
    ...prev,
    conditions: mergeConditions(prev.conditions, [
      condition('Reconciled', 'Unknown', 'WorkflowSuspended', 'Suspended', now),
    ]),
    kratix: {
      ...(prev.kratix ?? {}),
      workflows: {
        ...workflows,
        pipelines,
        suspendedGeneration: input.generation,
      },
    },
  };
}

/**
 * A pipeline entry of the workflow status: name, phase, and what Kratix adds.
 *
 * @public
 */
export interface PipelineStatusEntry {
  name: string;
  phase: string;
  lastTransitionTime?: string;
  message?: string;
  attempts?: number;
  nextRetryAt?: string;
  /** The `kratix.io/hash` of the pipeline's last run (keyed layout only). */
  hash?: string;
}

/**
 * The keyed workflow-status layout (kratix PR #933):
 * `status.kratix.workflows.configure.pipelines` and `.delete.pipelines`, each entry with the `hash` of its last run,
 * from a status in the old layout (whose `pipelines` are the configure pipelines) and
 * the delete pipelines' entries. Everything else under `workflows`
 * (`suspendedGeneration`, `lastSuccessfulConfigureWorkflowTime`) stays where it was.
 *
 * @public
 */
export function keyedWorkflowStatus(
  status: Status,
  options: {
    /** `kratix.io/hash` of each configure pipeline's last run, by pipeline name. */
    hashes?: Record<string, string>;
    delete?: PipelineStatusEntry[];
  } = {},
): Status {
  const { pipelines, ...rest } = status.kratix?.workflows ?? {};
  const withHash = (p: PipelineStatusEntry) =>
    options.hashes?.[p.name] ? { ...p, hash: options.hashes[p.name] } : p;
  return {
    ...status,
    kratix: {
      ...(status.kratix ?? {}),
      workflows: {
        ...rest,
        configure: {
          pipelines: ((pipelines ?? []) as PipelineStatusEntry[]).map(withHash),
        },
        ...(options.delete?.length
          ? { delete: { pipelines: options.delete } }
          : {}),
      },
    },
  };
}

/**
 * `DeleteWorkflowCompleted` False, as Kratix sets it when a delete pipeline failed
 * (`DeleteWorkflowFailed`) or a stage suspended it (`DeleteWorkflowSuspended`).
 *
 * @public
 */
export function deleteWorkflowCondition(
  outcome: 'failed' | 'suspended',
  now: Date = new Date(),
): Condition {
  return outcome === 'failed'
    ? condition(
        'DeleteWorkflowCompleted',
        'False',
        'DeleteWorkflowFailed',
        'The Delete Pipeline has failed',
        now,
      )
    : condition(
        'DeleteWorkflowCompleted',
        'False',
        'DeleteWorkflowSuspended',
        'The delete workflow is suspended',
        now,
      );
}

/**
 * A Work's status when some workload groups match no Destination (Kratix's scheduler:
 * `ScheduleSucceeded` False `UnscheduledWorkloads`, `Ready` False `Pending`).
 *
 * @public
 */
export function workUnscheduledStatus(
  groups: number,
  unscheduledIds: string[],
  now: Date = new Date(),
): Status {
  return {
    workPlacements: groups,
    workPlacementsCreated: groups - unscheduledIds.length,
    conditions: [
      condition(
        'ScheduleSucceeded',
        'False',
        'UnscheduledWorkloads',
        `No matching destination found for workloadGroups: [${unscheduledIds.join(
          ',',
        )}]`,
        now,
      ),
      condition('Ready', 'False', 'UnscheduledWorkloads', 'Pending', now),
    ],
  };
}

/**
 * A Work's status when a Destination it was placed on no longer matches its selectors.
 *
 * @public
 */
export function workMisplacedStatus(
  groups: number,
  misplacedIds: string[],
  now: Date = new Date(),
): Status {
  return {
    workPlacements: groups,
    workPlacementsCreated: groups,
    conditions: [
      condition(
        'ScheduleSucceeded',
        'False',
        'DestinationSelectorMismatch',
        `Target destination no longer matches destinationSelectors for workloadGroups: [${misplacedIds.join(
          ',',
        )}]`,
        now,
      ),
      condition('Ready', 'False', 'Misplaced', 'Misplaced', now),
    ],
  };
}

/**
 * A WorkPlacement's status when its Destination no longer matches the Work's selectors
 * (Kratix keeps it, labelled `kratix.io/misplaced: "true"`, and its files stay written).
 *
 * @public
 */
export function workPlacementMisplacedStatus(
  versionID: string,
  now: Date = new Date(),
): Status {
  return {
    versionID,
    conditions: [
      condition(
        'ScheduleSucceeded',
        'False',
        'DestinationSelectorMismatch',
        'Target destination no longer matches destinationSelectors',
        now,
      ),
      condition(
        'WriteSucceeded',
        'True',
        'WorkloadsWrittenToStateStore',
        'Workloads written to State Store',
        now,
      ),
      condition('Ready', 'False', 'Misplaced', 'Misplaced', now),
    ],
  };
}

/**
 * A HealthRecord's `data.state`.
 *
 * @public
 */
export type HealthRecordState =
  | 'unknown'
  | 'ready'
  | 'healthy'
  | 'degraded'
  | 'unhealthy';

const WORST_FIRST: HealthRecordState[] = [
  'unhealthy',
  'degraded',
  'unknown',
  'healthy',
  'ready',
];

/**
 * `status.healthStatus` as Kratix's HealthRecord controller writes it into a request:
 * the worst state of its records, and each record (`lastRun` a Unix time in seconds).
 *
 * @public
 */
export function healthStatusFrom(
  records: Array<{
    metadata: { name: string; namespace?: string };
    data: { state?: HealthRecordState; lastRun?: number; details?: unknown };
  }>,
): Status | undefined {
  if (!records.length) return undefined;
  const states = records.map(r => r.data.state ?? 'unknown');
  const state = WORST_FIRST.find(s => states.includes(s)) ?? 'unknown';
  return {
    state,
    healthRecords: records.map(r => ({
      state: r.data.state ?? 'unknown',
      ...(r.data.lastRun !== undefined ? { lastRun: r.data.lastRun } : {}),
      source: { name: r.metadata.name, namespace: r.metadata.namespace },
      ...(r.data.details !== undefined ? { details: r.data.details } : {}),
    })),
  };
}
