import {
  KRATIX_LABELS,
  type PipelinePhase,
  type WorkflowControlState,
} from '@kratix-backstage/plugin-kratix-common';
import type { KubeObject, WorkflowAction } from './types';

/** A whole number, or a string of digits, as a number. */
function generationOf(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return undefined;
}

function phaseOf(p: any, workflow: WorkflowAction): PipelinePhase | undefined {
  if (!p || typeof p !== 'object' || p.name === undefined) return undefined;
  const hash = p.hash ?? p[KRATIX_LABELS.hash];
  const attempts = generationOf(p.attempts);
  return {
    name: String(p.name),
    workflow,
    phase: String(p.phase ?? 'Unknown'),
    ...(hash ? { hash: String(hash) } : {}),
    ...(p.lastTransitionTime
      ? { lastTransitionTime: String(p.lastTransitionTime) }
      : {}),
    ...(p.message ? { message: String(p.message) } : {}),
    ...(p.nextRetryAt ? { nextRetryAt: String(p.nextRetryAt) } : {}),
    ...(attempts !== undefined ? { attempts } : {}),
  };
}

function list(value: unknown, workflow: WorkflowAction): PipelinePhase[] {
  if (!Array.isArray(value)) return [];
  return value
    .map(p => phaseOf(p, workflow))
    .filter((p): p is PipelinePhase => Boolean(p));
}

/**
 * The pipelines of an object's workflows, as Kratix last reported them: configure
 * pipelines in order, then delete pipelines in order. Reads both layouts of
 * `status.kratix.workflows`: `pipelines[]` (Kratix up to September 2026, configure only)
 * and `<configure|delete>.pipelines[]` (kratix PR #933 onwards); the keyed one wins where
 * an object has both.
 *
 * @public
 */
export function readPipelinePhases(object: KubeObject): PipelinePhase[] {
  const workflows = object.status?.kratix?.workflows;
  if (!workflows || typeof workflows !== 'object') return [];
  const keyedConfigure = workflows.configure?.pipelines;
  const configure = Array.isArray(keyedConfigure)
    ? list(keyedConfigure, 'configure')
    : list(workflows.pipelines, 'configure');
  return [...configure, ...list(workflows.delete?.pipelines, 'delete')];
}

/**
 * A workflow a stage suspended or asked to retry (through
 * `/kratix/metadata/workflow-control.yaml`): the first pipeline in phase `Suspended`,
 * configure before delete; `undefined` when none is.
 *
 * @public
 */
export function readWorkflowControl(
  object: KubeObject,
  phases: PipelinePhase[] = readPipelinePhases(object),
): WorkflowControlState | undefined {
  const suspended = phases.find(p => p.phase === 'Suspended');
  if (!suspended) return undefined;
  const workflows = object.status?.kratix?.workflows ?? {};
  const suspendedGeneration =
    generationOf(workflows.suspendedGeneration) ??
    generationOf(workflows[suspended.workflow]?.suspendedGeneration);
  return {
    state: suspended.nextRetryAt ? 'waiting-to-retry' : 'suspended',
    workflow: suspended.workflow,
    pipeline: suspended.name,
    ...(suspended.message ? { message: suspended.message } : {}),
    ...(suspended.attempts !== undefined
      ? { attempts: suspended.attempts }
      : {}),
    ...(suspended.nextRetryAt ? { nextRetryAt: suspended.nextRetryAt } : {}),
    labelled: isWorkflowSuspendedLabelled(object),
    ...(suspendedGeneration !== undefined ? { suspendedGeneration } : {}),
  };
}

/**
 * Whether an object carries `kratix.io/workflow-suspended: "true"` (what Kratix's
 * status-writer sets when a stage suspends the workflow, and what resuming removes).
 *
 * @public
 */
export function isWorkflowSuspendedLabelled(object: KubeObject): boolean {
  return object.metadata.labels?.[KRATIX_LABELS.workflowSuspended] === 'true';
}
