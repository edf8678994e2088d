import {
  conditionHint,
  type KratixApiError,
  type PipelineRun,
  type Placement,
  requestOutcome,
  type ResourceRequest,
  type WorkerHealth,
} from '@kratix-backstage/plugin-kratix-common';

/** Where a request's trouble is, in one line, with what to do. */
export interface KeyError {
  /** `pipeline` (a stage failed), `condition` (Kratix's own), `worker` (Flux refused the output), `placement`, `workflow` (suspended or retrying), `health`. */
  source:
    | 'pipeline'
    | 'condition'
    | 'worker'
    | 'placement'
    | 'workflow'
    | 'health';
  message: string;
  hint?: string;
  /** For `pipeline`: the run and stage to read the log of. */
  run?: string;
  pod?: string;
  stage?: string;
  /** For `worker` and `placement`: the Destination. */
  destination?: string;
}

/** What the status action answers: the request and its whole chain, summed up. */
export interface RequestStatus {
  request: {
    platform: string;
    promise: string;
    namespace: string;
    name: string;
    kind: string;
    apiVersion: string;
    uid?: string;
    requester?: string;
    state: ResourceRequest['state'];
    stateReason?: string;
    message?: string;
    /** The configure workflow's outcome from the conditions (`requestOutcome`). */
    outcome: 'succeeded' | 'failed' | 'pending';
    paused: boolean;
    generation?: number;
    observedGeneration?: number;
    spec: Record<string, unknown>;
    destinations: string[];
    createdAt?: string;
    lastOperation?: ResourceRequest['lastOperation'];
    workflowControl?: ResourceRequest['workflowControl'];
    health?: { state: string; source: string };
    promiseVersion?: string;
  };
  /** One paragraph: where it stands and why. */
  summary: string;
  keyError?: KeyError;
  /** What to do next, as tool calls where there is one. */
  next: string[];
  conditions: Array<{
    type: string;
    status: string;
    reason?: string;
    message?: string;
    hint?: string;
  }>;
  /** Newest first, at most {@link MAX_RUNS}. */
  runs: Array<{
    name: string;
    pipeline: string;
    workflowAction: string;
    state: string;
    attempts: number;
    startedAt?: string;
    finishedAt?: string;
    durationMs?: number;
    message?: string;
    namespace: string;
    pod?: string;
    stages: Array<{
      name: string;
      origin: string;
      state: string;
      exitCode?: number;
      reason?: string;
    }>;
  }>;
  runsTotal: number;
  works: Array<{
    name: string;
    pipeline?: string;
    state: string;
    message?: string;
    files: string[];
  }>;
  placements: Array<{
    name: string;
    work?: string;
    destination: string;
    state: string;
    misplaced: boolean;
    pending: boolean;
    message?: string;
  }>;
  workers: Array<{
    destination: string;
    cluster: string;
    reachable: boolean;
    healthy: boolean;
    /** What this request's output did there (the backend's judgment of Flux's status). */
    request?: { state: string; message?: string; kustomization?: string };
    /** Kustomizations that are not Ready, with whether they name this request. */
    failing: Array<{
      name: string;
      reason?: string;
      message?: string;
      implicatesThisRequest: boolean;
    }>;
  }>;
  /** Parts that could not be read (a platform's RBAC, an unreachable worker). */
  errors: KratixApiError[];
}

/** How many runs the status shows. */
export const MAX_RUNS = 5;

function cut(text: string | undefined, max = 600): string | undefined {
  if (!text) return text;
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function keyErrorOf(
  request: ResourceRequest,
  runs: PipelineRun[],
  placement: Placement | undefined,
): KeyError | undefined {
  const [newest] = runs;
  if (newest?.state === 'failed') {
    const stage = newest.stages.find(s => s.state === 'failed');
    return {
      source: 'pipeline',
      message: stage
        ? `Stage ${stage.name} of pipeline ${newest.pipeline} failed${
            stage.exitCode !== undefined
              ? ` with exit code ${stage.exitCode}`
              : ''
          }${stage.reason ? ` (${stage.reason})` : ''}${
            stage.message ? `: ${cut(stage.message, 300)}` : ''
          }`
        : `Run ${newest.name} of pipeline ${newest.pipeline} failed${
            newest.message ? `: ${cut(newest.message, 300)}` : ''
          }`,
      hint: "Read the failed stage's log, fix the input or the Promise, then re-run.",
      run: newest.name,
      ...(newest.pod ? { pod: newest.pod } : {}),
      ...(stage ? { stage: stage.name } : {}),
    };
  }
  const failingCondition = request.conditions.find(
    c =>
      c.status !== 'True' && conditionHint(c) && /fail/i.test(c.reason ?? ''),
  );
  if (failingCondition) {
    return {
      source: 'condition',
      message: `${failingCondition.type} is ${failingCondition.status} (${
        failingCondition.reason
      })${
        failingCondition.message ? `: ${cut(failingCondition.message)}` : ''
      }`,
      hint: conditionHint(failingCondition),
    };
  }
  const workerFailing = request.worker?.destinations.find(
    d => d.state === 'failing',
  );
  if (workerFailing) {
    return {
      source: 'worker',
      message: `The worker cluster ${
        workerFailing.cluster ?? workerFailing.destination
      } of Destination ${
        workerFailing.destination
      } refuses the request's output${
        workerFailing.kustomization
          ? ` (Flux Kustomization ${workerFailing.kustomization})`
          : ''
      }${workerFailing.message ? `: ${cut(workerFailing.message)}` : ''}`,
      hint: "Kratix placed the files, but the worker's Flux cannot apply them: fix what Flux names (often another request's output or the Promise's), then re-run.",
      destination: workerFailing.destination,
    };
  }
  const badPlacement = placement?.workPlacements.find(
    p => p.state === 'failing' || p.state === 'misplaced',
  );
  if (badPlacement) {
    const why =
      [badPlacement.written, badPlacement.scheduled].find(
        c => c && c.status !== 'True',
      ) ?? badPlacement.conditions.find(c => c.status !== 'True');
    return {
      source: 'placement',
      message: `WorkPlacement ${badPlacement.name} to Destination ${
        badPlacement.destination
      } is ${badPlacement.state}${
        why
          ? `: ${why.reason ?? why.type}${
              why.message ? `: ${cut(why.message)}` : ''
            }`
          : ''
      }`,
      hint: why ? conditionHint(why, 'workplacement') : undefined,
      destination: badPlacement.destination,
    };
  }
  const otherCondition = request.conditions.find(
    c => c.status !== 'True' && conditionHint(c),
  );
  if (request.workflowControl) {
    const wc = request.workflowControl;
    return {
      source: 'workflow',
      message: `The ${wc.workflow} workflow is ${
        wc.state === 'suspended' ? 'suspended' : 'waiting to retry'
      } at pipeline ${wc.pipeline}${wc.message ? `: ${cut(wc.message)}` : ''}${
        wc.nextRetryAt ? ` (next retry ${wc.nextRetryAt})` : ''
      }`,
      hint:
        wc.state === 'suspended'
          ? "A stage suspended the workflow: read its message; resume the workflow from Backstage's request page once the cause is fixed."
          : 'A stage asked Kratix to retry later; Kratix retries by itself at the time shown.',
    };
  }
  if (
    request.health &&
    ['unhealthy', 'degraded'].includes(request.health.state)
  ) {
    const record = request.health.records.find(r =>
      ['unhealthy', 'degraded'].includes(r.state),
    );
    return {
      source: 'health',
      message: `Its health checks say ${request.health.state}${
        record ? ` (${record.name})` : ''
      }`,
    };
  }
  if (otherCondition && request.state !== 'ready') {
    return {
      source: 'condition',
      message: `${otherCondition.type} is ${otherCondition.status} (${
        otherCondition.reason
      })${otherCondition.message ? `: ${cut(otherCondition.message)}` : ''}`,
      hint: conditionHint(otherCondition),
    };
  }
  return undefined;
}

/**
 * The request's chain (its runs and stages, Works, WorkPlacements, and the workers of its
 * Destinations) as the status action answers it: the parts an agent needs, the key error
 * and the next step.
 */
export function summarizeRequestStatus(parts: {
  request: ResourceRequest;
  runs: PipelineRun[];
  placement?: Placement;
  workers: WorkerHealth[];
  errors: KratixApiError[];
}): RequestStatus {
  const { request, placement } = parts;
  const runs = [...parts.runs].sort((a, b) =>
    (b.createdAt ?? '').localeCompare(a.createdAt ?? ''),
  );
  const target = {
    platform: request.platform,
    promise: request.promise,
    namespace: request.namespace,
    name: request.name,
  };
  const args = (extra: Record<string, string> = {}) =>
    JSON.stringify({ ...target, ...extra });
  const keyError = keyErrorOf(request, runs, placement);
  const outcome = requestOutcome(request.conditions);
  const what = `${request.promise} request ${request.namespace}/${request.name} on platform ${request.platform}`;

  const next: string[] = [];
  if (keyError?.source === 'pipeline' && keyError.stage) {
    next.push(
      `Read the failed stage's log: kratix.tail-stage-log ${args({
        run: keyError.run!,
        stage: keyError.stage,
      })}`,
    );
  }
  if (keyError && keyError.source !== 'health') {
    if (keyError.hint) next.push(keyError.hint);
    if (['pipeline', 'condition', 'worker'].includes(keyError.source))
      next.push(
        `Once the cause is fixed, re-run: kratix.rerun-request ${args()}`,
      );
  } else if (request.state === 'pending') {
    next.push(
      `Kratix is still working on it: call kratix.get-request-status ${args()} again in a few seconds.`,
    );
  } else if (request.state === 'ready') {
    next.push('Nothing to do: the request is ready.');
  }

  let summary = `${what} is ${request.state}`;
  if (request.message) summary += ` (Kratix: "${cut(request.message, 200)}")`;
  summary += `; its configure workflow ${
    { succeeded: 'succeeded', failed: 'failed', pending: 'has not finished' }[
      outcome
    ]
  }`;
  if (runs.length) {
    summary += `; newest of ${runs.length} pipeline run${
      runs.length === 1 ? '' : 's'
    }: ${runs[0].pipeline} ${runs[0].state}`;
  }
  if (placement) {
    summary += `; ${placement.works.length} Work${
      placement.works.length === 1 ? '' : 's'
    }, placed on ${
      request.destinations.length
        ? request.destinations.join(', ')
        : 'nothing yet'
    }`;
  }
  if (keyError) summary += `. Key error: ${keyError.message}`;
  summary += '.';

  const failing = new Map(
    (request.worker?.destinations ?? []).map(d => [d.destination, d]),
  );
  return {
    request: {
      ...target,
      kind: request.kind,
      apiVersion: request.apiVersion,
      ...(request.uid ? { uid: request.uid } : {}),
      ...(request.requester ? { requester: request.requester } : {}),
      state: request.state,
      ...(request.stateReason ? { stateReason: request.stateReason } : {}),
      ...(request.message ? { message: request.message } : {}),
      outcome,
      paused: request.paused,
      ...(request.generation !== undefined
        ? { generation: request.generation }
        : {}),
      ...(request.observedGeneration !== undefined
        ? { observedGeneration: request.observedGeneration }
        : {}),
      spec: request.spec,
      destinations: request.destinations,
      ...(request.createdAt ? { createdAt: request.createdAt } : {}),
      ...(request.lastOperation
        ? { lastOperation: request.lastOperation }
        : {}),
      ...(request.workflowControl
        ? { workflowControl: request.workflowControl }
        : {}),
      ...(request.health
        ? {
            health: {
              state: request.health.state,
              source: request.health.source,
            },
          }
        : {}),
      ...(request.version?.current
        ? { promiseVersion: request.version.current }
        : {}),
    },
    summary,
    ...(keyError ? { keyError } : {}),
    next,
    conditions: request.conditions.map(c => {
      const hint = conditionHint(c);
      return {
        type: c.type,
        status: c.status,
        ...(c.reason ? { reason: c.reason } : {}),
        ...(c.message ? { message: cut(c.message) } : {}),
        ...(hint ? { hint } : {}),
      };
    }),
    runs: runs.slice(0, MAX_RUNS).map(r => ({
      name: r.name,
      pipeline: r.pipeline,
      workflowAction: r.workflowAction,
      state: r.state,
      attempts: r.attempts,
      ...(r.startedAt ? { startedAt: r.startedAt } : {}),
      ...(r.finishedAt ? { finishedAt: r.finishedAt } : {}),
      ...(r.durationMs !== undefined ? { durationMs: r.durationMs } : {}),
      ...(r.message ? { message: cut(r.message) } : {}),
      namespace: r.namespace,
      ...(r.pod ? { pod: r.pod } : {}),
      stages: r.stages.map(s => ({
        name: s.name,
        origin: s.origin,
        state: s.state,
        ...(s.exitCode !== undefined ? { exitCode: s.exitCode } : {}),
        ...(s.reason ? { reason: s.reason } : {}),
      })),
    })),
    runsTotal: runs.length,
    works: (placement?.works ?? []).map(w => ({
      name: w.name,
      ...(w.pipeline ? { pipeline: w.pipeline } : {}),
      state: w.state,
      ...(w.message ? { message: cut(w.message) } : {}),
      files: w.workloadGroups.flatMap(g => g.files.map(f => f.path)),
    })),
    placements: (placement?.workPlacements ?? []).map(p => {
      const why = [p.written, p.scheduled].find(c => c && c.status !== 'True');
      return {
        name: p.name,
        ...(p.work ? { work: p.work } : {}),
        destination: p.destination,
        state: p.state,
        misplaced: p.misplaced,
        pending: p.pending,
        ...(why?.message ? { message: cut(why.message) } : {}),
      };
    }),
    workers: parts.workers.flatMap(health =>
      health.workers.map(w => {
        const judged = failing.get(health.destination);
        return {
          destination: health.destination,
          cluster: w.cluster,
          reachable: w.reachable,
          healthy: w.healthy,
          ...(judged && (!judged.cluster || judged.cluster === w.cluster)
            ? {
                request: {
                  state: judged.state,
                  ...(judged.message ? { message: cut(judged.message) } : {}),
                  ...(judged.kustomization
                    ? { kustomization: judged.kustomization }
                    : {}),
                },
              }
            : {}),
          failing: w.kustomizations
            .filter(k => k.ready !== 'True')
            .map(k => ({
              name: `${k.namespace}/${k.name}`,
              ...(k.reason ? { reason: k.reason } : {}),
              ...(k.message ? { message: cut(k.message) } : {}),
              implicatesThisRequest: k.implicatedRequests.some(
                r =>
                  r.namespace === request.namespace &&
                  r.promise === request.promise &&
                  r.name === request.name,
              ),
            })),
        };
      }),
    ),
    errors: parts.errors,
  };
}
