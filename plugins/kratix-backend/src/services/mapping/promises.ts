import {
  KRATIX_LABELS,
  type PipelineDefinition,
  type PipelinePhase,
  type PromiseDetail,
  type PromiseRevisionSummary,
  type PromiseSummary,
} from '@kratix-backstage/plugin-kratix-common';
import {
  type KubeObject,
  readPipelinePhases,
  readPromiseApi,
  readWorkflowControl,
} from '@kratix-backstage/plugin-kratix-node';
import {
  conditionStatus,
  count,
  createdAt,
  labelsOf,
  origin,
  type PlatformContext,
  readConditions,
} from './common';

/** The request kind: from `spec.api`, else from what Kratix wrote in the status. */
function apiOf(promise: KubeObject): PromiseSummary['api'] {
  try {
    const api = readPromiseApi(promise);
    if (api) {
      return {
        group: api.group,
        version: api.version,
        kind: api.kind,
        plural: api.plural,
        apiVersion: `${api.group}/${api.version}`,
      };
    }
  } catch {
    // A malformed spec.api: fall back to the status.
  }
  const { apiVersion, kind } = promise.status ?? {};
  if (typeof apiVersion !== 'string' || typeof kind !== 'string')
    return undefined;
  const [group, version] = apiVersion.split('/');
  return group && version ? { group, version, kind, apiVersion } : undefined;
}

/**
 * A Promise as listed: status, API, selectors, conditions and workflow counters.
 *
 * @public
 */
export function toPromiseSummary(
  ctx: PlatformContext,
  promise: KubeObject,
): PromiseSummary {
  const status = promise.status ?? {};
  const conditions = readConditions(promise);
  const labels = labelsOf(promise);
  const version = status.version ?? labels[KRATIX_LABELS.promiseVersion];
  const workflowControl = readWorkflowControl(promise);
  return {
    ...origin(ctx),
    name: promise.metadata.name,
    ...(version ? { version: String(version) } : {}),
    status: status.status ?? status.kratix?.status ?? 'Unknown',
    ...(status.message ? { message: String(status.message) } : {}),
    reconciled: conditionStatus(conditions, 'Reconciled'),
    paused: labels[KRATIX_LABELS.paused] === 'true',
    deleting: Boolean(promise.metadata.deletionTimestamp),
    api: apiOf(promise),
    destinationSelectors: (promise.spec?.destinationSelectors ?? []).map(
      (s: any) => ({
        matchLabels: { ...(s?.matchLabels ?? {}) },
      }),
    ),
    conditions,
    workflows: {
      count: count(status.workflows),
      succeeded: count(status.workflowsSucceeded),
      failed: count(status.workflowsFailed),
    },
    ...(workflowControl ? { workflowControl } : {}),
    labels,
    createdAt: createdAt(promise),
  };
}

function pipelines(list: unknown): PipelineDefinition[] {
  if (!Array.isArray(list)) return [];
  return list.map((p: any) => ({
    name: String(p?.metadata?.name ?? ''),
    containers: (p?.spec?.containers ?? []).map((c: any) => ({
      name: String(c?.name ?? ''),
      image: String(c?.image ?? ''),
    })),
  }));
}

/**
 * The pipelines of an object's workflows in wire form: configure pipelines in order,
 * then delete ones, from either layout of `status.kratix.workflows`.
 */
export function pipelinePhases(object: KubeObject): PipelinePhase[] {
  return readPipelinePhases(object);
}

/**
 * A Promise with its API schema, workflows in order, and requirements.
 *
 * @public
 */
export function toPromiseDetail(
  ctx: PlatformContext,
  promise: KubeObject,
  revisions?: PromiseRevisionSummary[],
): PromiseDetail {
  const summary = toPromiseSummary(ctx, promise);
  const workflows = promise.spec?.workflows ?? {};
  let apiSchema: Record<string, unknown> | undefined;
  try {
    apiSchema = readPromiseApi(promise)?.schema;
  } catch {
    apiSchema = undefined;
  }
  return {
    ...summary,
    ...(apiSchema ? { apiSchema } : {}),
    workflows: {
      ...summary.workflows,
      resource: {
        configure: pipelines(workflows.resource?.configure),
        delete: pipelines(workflows.resource?.delete),
      },
      promise: {
        configure: pipelines(workflows.promise?.configure),
        delete: pipelines(workflows.promise?.delete),
      },
      ...(workflows.config?.pipelineNamespace
        ? { pipelineNamespace: String(workflows.config.pipelineNamespace) }
        : {}),
      ...(workflows.config?.reconciliationInterval
        ? {
            reconciliationInterval: String(
              workflows.config.reconciliationInterval,
            ),
          }
        : {}),
    },
    pipelines: pipelinePhases(promise),
    ...(revisions ? { revisions } : {}),
    requiredPromises: (
      promise.status?.requiredPromises ??
      promise.spec?.requiredPromises ??
      []
    ).map((r: any) => ({
      name: String(r.name),
      ...(r.version ? { version: String(r.version) } : {}),
      ...(r.state ? { state: String(r.state) } : {}),
    })),
    requiredBy: (promise.status?.requiredBy ?? []).map((r: any) => ({
      name: String(r.promise?.name ?? ''),
      ...(r.promise?.version ? { version: String(r.promise.version) } : {}),
      ...(r.requiredVersion
        ? { requiredVersion: String(r.requiredVersion) }
        : {}),
    })),
  };
}
