import {
  failingWorkerDestinations,
  HEALTH_STATES_WORST_FIRST,
  type HealthState,
  KRATIX_LABELS,
  type RequestWorkerJudgment,
} from '@kratix-backstage/plugin-kratix-common';
import type { KubeObject } from '@kratix-backstage/plugin-kratix-node';

/**
 * The catalog label (and annotation) keys this module sets from a Kratix object's state,
 * so that catalog filters (`filter=metadata.labels.kratix.io/health=unhealthy`), the
 * catalog UI's tag picker and search find them.
 */
export const KRATIX_CATALOG_LABELS = {
  /** A request's health: Kratix's roll-up `status.healthStatus.state`. */
  health: 'kratix.io/health',
  /** `"true"` while the object's workflow is suspended (Kratix's own label, copied). */
  workflowSuspended: KRATIX_LABELS.workflowSuspended,
  /** What the workers' Flux did with a request's output: `applied`, `failing` or `unknown`. */
  worker: 'kratix.io/worker',
} as const;

/** The tag of a request a worker's Flux refuses. */
export const WORKER_FAILING_TAG = 'worker-failing';

/** The tag of a health state, for the catalog UI's tag filter. */
export const healthTag = (state: HealthState) => `health-${state}`;
/** The tag of an object whose workflow Kratix has suspended. */
export const WORKFLOW_SUSPENDED_TAG = 'workflow-suspended';

/**
 * Kratix's health roll-up of a request (`status.healthStatus.state`, written by its
 * HealthRecord controller as the worst of the request's records); undefined when the
 * request has none or it is not one of Kratix's five states.
 */
export function healthStateOf(object: KubeObject): HealthState | undefined {
  const state = object.status?.healthStatus?.state;
  if (typeof state !== 'string') return undefined;
  const normalised = state.trim().toLowerCase() as HealthState;
  return HEALTH_STATES_WORST_FIRST.includes(normalised)
    ? normalised
    : undefined;
}

/** Whether Kratix has suspended the object's workflow (its `kratix.io/workflow-suspended` label). */
export function isWorkflowSuspended(object: KubeObject): boolean {
  return object.metadata?.labels?.[KRATIX_LABELS.workflowSuspended] === 'true';
}

/** What an entity carries of its Kratix object's health and workflow suspension. */
export interface KratixStateMarks {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  tags: string[];
  /** Words for the description, which is what catalog search indexes. */
  description: string;
}

/**
 * Labels, an annotation, tags and a sentence of the description from the object's
 * health (requests) and workflow suspension (requests and Promises). Empty when there
 * is nothing to say, so entities of objects without them do not change.
 */
export function kratixStateMarks(
  object: KubeObject,
  options: { health: boolean; worker?: RequestWorkerJudgment },
): KratixStateMarks {
  const marks: KratixStateMarks = {
    labels: {},
    annotations: {},
    tags: [],
    description: '',
  };
  const sentences: string[] = [];
  const health = options.health ? healthStateOf(object) : undefined;
  if (health) {
    marks.labels[KRATIX_CATALOG_LABELS.health] = health;
    marks.annotations[KRATIX_CATALOG_LABELS.health] = health;
    marks.tags.push(healthTag(health));
    sentences.push(`Health: ${health}.`);
  }
  const { worker } = options;
  if (worker) {
    marks.labels[KRATIX_CATALOG_LABELS.worker] = worker.state;
    marks.annotations[KRATIX_CATALOG_LABELS.worker] = worker.state;
    const failing = failingWorkerDestinations(worker);
    if (failing.length) {
      marks.tags.push(WORKER_FAILING_TAG);
      const clip = (text = '') =>
        text.length > 300 ? `${text.slice(0, 299)}…` : text;
      sentences.push(
        ...failing.map(
          d =>
            `Failing on ${d.destination}${
              d.message ? `: ${clip(d.message)}` : ''
            }.`,
        ),
      );
    }
  }
  if (isWorkflowSuspended(object)) {
    marks.labels[KRATIX_CATALOG_LABELS.workflowSuspended] = 'true';
    marks.tags.push(WORKFLOW_SUSPENDED_TAG);
    sentences.push('Workflow suspended.');
  }
  marks.description = sentences.join(' ');
  return marks;
}
