import type { Condition } from '@kratix-backstage/plugin-kratix-node';

/**
 * A condition with its transition time.
 *
 * @public
 */
export function condition(
  type: string,
  status: Condition['status'],
  reason: string,
  message: string,
  now: Date = new Date(),
): Condition {
  return {
    type,
    status,
    reason,
    message,
    lastTransitionTime: now.toISOString(),
  };
}

/**
 * Replaces conditions by type; keeps the old transition time when status is unchanged.
 *
 * @public
 */
export function mergeConditions(
  existing: Condition[] | undefined,
  updates: Condition[],
): Condition[] {
  const result = [...(existing ?? [])];
  for (const update of updates) {
    const i = result.findIndex(c => c.type === update.type);
    if (i < 0) result.push(update);
    else
      result[i] =
        result[i].status === update.status
          ? { ...update, lastTransitionTime: result[i].lastTransitionTime }
          : update;
  }
  return result;
}

/**
 * A Kratix object's `status`, as the builders here read and write it.
 *
 * @public
 */
export type Status = Record<string, any>;

function pipelinesStatus(
  status: Status,
  name: string,
  phase: string,
  now: Date,
  message?: string,
) {
  const pipelines: any[] = [...(status.kratix?.workflows?.pipelines ?? [])];
  const entry = {
    name,
    phase,
    lastTransitionTime: now.toISOString(),
    ...(message ? { message } : {}),
  };
  const i = pipelines.findIndex(p => p.name === name);
  if (i < 0) pipelines.push(entry);
  else pipelines[i] = entry;
  return {
    ...(status.kratix ?? {}),
    workflows: { ...(status.kratix?.workflows ?? {}), pipelines },
  };
}

/**
 * A resource request's status when a configure pipeline starts.
 *
 * @public
 */
export function pipelineStartedStatus(
  status: Status | undefined,
  options: {
    pipelineName: string;
    pipelines: string[];
    completedBefore: number;
    now?: Date;
  },
): Status {
  const now = options.now ?? new Date();
  const prev = status ?? {};
  return {
    ...prev,
    message: 'Pending',
    workflows: options.pipelines.length,
    workflowsSucceeded: options.completedBefore,
    workflowsFailed: 0,
    conditions: mergeConditions(prev.conditions, [
      condition(
        'ConfigureWorkflowCompleted',
        'False',
        'PipelinesInProgress',
        'Pipelines are still in progress',
        now,
      ),
      condition('Reconciled', 'Unknown', 'WorkflowPending', 'Pending', now),
    ]),
    kratix: pipelinesStatus(prev, options.pipelineName, 'Running', now),
  };
}

/**
 * A resource request's status when a configure pipeline succeeded. After the last one,
 * the status-writer merges the pipeline's `status.yaml` and marks the workflow completed.
 *
 * @public
 */
export function pipelineSucceededStatus(
  status: Status | undefined,
  options: {
    pipelineName: string;
    isLastPipeline: boolean;
    statusYaml?: Record<string, unknown>;
    kind?: 'resource' | 'promise';
    now?: Date;
  },
): Status {
  const now = options.now ?? new Date();
  const prev = status ?? {};
  const merged: Status = { ...prev, ...(options.statusYaml ?? {}) };
  merged.kratix = pipelinesStatus(prev, options.pipelineName, 'Succeeded', now);
  merged.workflowsSucceeded = (prev.workflowsSucceeded ?? 0) + 1;
  if (!options.isLastPipeline) return merged;
  if (!merged.message || merged.message === 'Pending') {
    merged.message =
      options.kind === 'promise' ? 'Promise configured' : 'Resource requested';
  }
  merged.workflowsSucceeded = prev.workflows ?? merged.workflowsSucceeded;
  merged.lastSuccessfulConfigureWorkflowTime = now.toISOString();
  merged.kratix.workflows.lastSuccessfulConfigureWorkflowTime =
    now.toISOString();
  merged.conditions = mergeConditions(merged.conditions, [
    condition(
      'ConfigureWorkflowCompleted',
      'True',
      'PipelinesExecutedSuccessfully',
      'Pipelines completed',
      now,
    ),
  ]);
  return merged;
}

/**
 * A resource request's status when a configure pipeline failed.
 *
 * @public
 */
export function pipelineFailedStatus(
  status: Status | undefined,
  options: { pipelineName: string; now?: Date },
): Status {
  const now = options.now ?? new Date();
  const prev = status ?? {};
  return {
    ...prev,
    workflowsSucceeded: 0,
    workflowsFailed: 1,
    conditions: mergeConditions(prev.conditions, [
      condition(
        'ConfigureWorkflowCompleted',
        'False',
        'ConfigureWorkflowFailed',
        `A Configure Pipeline has failed: ${options.pipelineName}`,
        now,
      ),
      condition(
        'Reconciled',
        'False',
        'ConfigureWorkflowFailed',
        'Failing',
        now,
      ),
    ]),
    kratix: pipelinesStatus(prev, options.pipelineName, 'Failed', now),
  };
}

/**
 * The `WorksSucceeded` and `Reconciled` conditions from the Ready message of each Work
 * (`Ready`, `Pending`, `Failing`, `Misplaced`), as Kratix rolls them up.
 *
 * @public
 */
export function worksRollupStatus(
  status: Status | undefined,
  works: Array<{ name: string; ready?: string }>,
  options: { subject?: 'resource' | 'promise'; now?: Date } = {},
): Status {
  const now = options.now ?? new Date();
  const subject = options.subject ?? 'resource';
  const prev = status ?? {};
  const by = (m: string) =>
    works.filter(w => (w.ready ?? 'Pending') === m).map(w => w.name);
  const failed = by('Failing');
  const pending = works
    .filter(w => !w.ready || w.ready === 'Pending')
    .map(w => w.name);
  const misplaced = by('Misplaced');
  let works_: Condition;
  if (failed.length)
    works_ = condition(
      'WorksSucceeded',
      'False',
      'WorksFailing',
      `Some works associated with this ${subject} failed: [${failed.join(
        ',',
      )}]`,
      now,
    );
  else if (pending.length)
    works_ = condition(
      'WorksSucceeded',
      'Unknown',
      'WorksPending',
      `Some works associated with this ${subject} are not ready: [${pending.join(
        ',',
      )}]`,
      now,
    );
  else if (misplaced.length)
    works_ = condition(
      'WorksSucceeded',
      'False',
      'WorksMisplaced',
      `Some works associated with this ${subject} are misplaced: [${misplaced.join(
        ',',
      )}]`,
      now,
    );
  else
    works_ = condition(
      'WorksSucceeded',
      'True',
      'WorksSucceeded',
      `All works associated with this ${subject} are ready`,
      now,
    );

  const configured = (prev.conditions as Condition[] | undefined)?.find(
    c => c.type === 'ConfigureWorkflowCompleted',
  );
  let reconciled: Condition;
  if (
    configured?.status === 'False' &&
    configured.reason === 'PipelinesInProgress'
  )
    reconciled = condition(
      'Reconciled',
      'Unknown',
      'WorkflowPending',
      'Pending',
      now,
    );
  else if (configured?.status === 'False')
    reconciled = condition(
      'Reconciled',
      'False',
      'ConfigureWorkflowFailed',
      'Failing',
      now,
    );
  else if (works_.status === 'Unknown')
    reconciled = condition(
      'Reconciled',
      'Unknown',
      'WorksPending',
      'Pending',
      now,
    );
  else if (works_.status === 'False')
    reconciled = condition(
      'Reconciled',
      'False',
      'WorksFailing',
      'Failing',
      now,
    );
  else
    reconciled = condition(
      'Reconciled',
      'True',
      'Reconciled',
      'Reconciled',
      now,
    );

  // A Promise without promise workflows has no ConfigureWorkflowCompleted, and Kratix
  // then gives it no Reconciled condition either.
  if (subject === 'promise' && !configured) {
    return { ...prev, conditions: mergeConditions(prev.conditions, [works_]) };
  }
  return {
    ...prev,
    conditions: mergeConditions(prev.conditions, [works_, reconciled]),
  };
}

/**
 * A Work's status once every workload group has a WorkPlacement.
 *
 * @public
 */
export function workScheduledStatus(
  groups: number,
  ready: boolean,
  now: Date = new Date(),
): Status {
  return {
    workPlacements: groups,
    workPlacementsCreated: groups,
    conditions: [
      condition(
        'ScheduleSucceeded',
        'True',
        'AllWorkplacementsScheduled',
        'All workplacements scheduled successfully',
        now,
      ),
      ready
        ? condition('Ready', 'True', 'AllWorkplacementsScheduled', 'Ready', now)
        : condition('Ready', 'False', 'UnscheduledWorkloads', 'Pending', now),
    ],
  };
}

/**
 * A WorkPlacement's status after its files were written to the state store.
 *
 * @public
 */
export function workPlacementWrittenStatus(
  versionID: string,
  now: Date = new Date(),
): Status {
  return {
    versionID,
    conditions: [
      condition(
        'ScheduleSucceeded',
        'True',
        'ScheduledToDestination',
        'Scheduled to correct Destination',
        now,
      ),
      condition(
        'WriteSucceeded',
        'True',
        'WorkloadsWrittenToStateStore',
        'Workloads written to State Store',
        now,
      ),
      condition(
        'Ready',
        'True',
        'WorkloadsWrittenToTargetDestination',
        'Ready',
        now,
      ),
    ],
  };
}

/**
 * A Destination's status once Kratix wrote its test documents to the state store.
 *
 * @public
 */
export function destinationReadyStatus(now: Date = new Date()): Status {
  return {
    conditions: [
      condition(
        'Ready',
        'True',
        'TestDocumentsWritten',
        'Test documents written to State Store',
        now,
      ),
    ],
  };
}
