import {
  requestEntityName,
  type ResourceRequest,
} from '@kratix-backstage/plugin-kratix-common';
import type { KubeObject } from '@kratix-backstage/plugin-kratix-node';

/**
 * What a requester is told about: the configure workflow of a generation succeeded,
 * it failed, or the request's Work failed on a worker.
 *
 * @public
 */
export type KratixNotificationTransition =
  | 'succeeded'
  | 'failed'
  | 'workerFailed';

/** Every transition, in the order the config lists them by default. */
export const ALL_TRANSITIONS: KratixNotificationTransition[] = [
  'succeeded',
  'failed',
  'workerFailed',
];

/** A transition a request is in, for one of its generations. */
export interface DetectedTransition {
  transition: KratixNotificationTransition;
  generation: number;
  /** When it happened (the condition's lastTransitionTime), when known. */
  at?: string;
  /** The line that says why (Kratix's or Flux's message), for failures. */
  keyLine?: string;
  /** Where it failed: the Destinations, for `workerFailed`. */
  destinations?: string[];
}

type Condition = {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
};

const MAX_KEY_LINE = 300;

/** The first non-empty line of a message, cut to 300 characters. */
export function keyLineOf(message: string | undefined): string | undefined {
  const line = (message ?? '')
    .split(/\r?\n/)
    .map(l => l.trim())
    .find(Boolean);
  if (!line) return undefined;
  return line.length > MAX_KEY_LINE
    ? `${line.slice(0, MAX_KEY_LINE - 1)}…`
    : line;
}

function conditionsOf(object: KubeObject): Condition[] {
  const conditions = object.status?.conditions;
  return Array.isArray(conditions) ? (conditions as Condition[]) : [];
}

/**
 * The transitions a request is in now, read from its status: at most one of
 * `succeeded` and `failed` (the configure workflow's outcome for the current
 * generation) and `workerFailed` (its output fails on a Destination: a worker's Flux
 * refuses it (`ResourceRequest.worker` failing, with Flux's message), else Kratix's
 * `WorksSucceeded` False with `WorksFailing`).
 * `succeeded` needs `ConfigureWorkflowCompleted` True for this generation
 * (`status.observedGeneration` reached `metadata.generation`, where Kratix writes it).
 */
export function detectTransitions(
  object: KubeObject,
  request?: Pick<ResourceRequest, 'worker'>,
): DetectedTransition[] {
  const generation = Number(object.metadata.generation ?? 1);
  const observed = object.status?.observedGeneration;
  const conditions = conditionsOf(object);
  const find = (type: string) => conditions.find(c => c?.type === type);
  const found: DetectedTransition[] = [];

  const configured = find('ConfigureWorkflowCompleted');
  if (
    configured?.status === 'True' &&
    (observed === undefined || Number(observed) >= generation)
  ) {
    found.push({
      transition: 'succeeded',
      generation,
      at: configured.lastTransitionTime,
    });
  } else if (
    configured?.status === 'False' &&
    /fail/i.test(configured.reason ?? '')
  ) {
    found.push({
      transition: 'failed',
      generation,
      at: configured.lastTransitionTime,
      keyLine:
        keyLineOf(configured.message) ??
        `The configure workflow failed (${configured.reason})`,
    });
  }

  const works = find('WorksSucceeded');
  const worker = request?.worker;
  const failingOn = (worker?.destinations ?? []).filter(
    d => d.state === 'failing',
  );
  if (worker?.state === 'failing' && failingOn.length) {
    found.push({
      transition: 'workerFailed',
      generation,
      destinations: failingOn.map(d => d.destination),
      keyLine:
        failingOn
          .map(d => {
            const line = keyLineOf(d.message);
            return line ? `${d.destination}: ${line}` : undefined;
          })
          .find(Boolean) ??
        `Failing on ${failingOn.map(d => d.destination).join(', ')}`,
    });
  } else if (works?.status === 'False' && works.reason === 'WorksFailing') {
    found.push({
      transition: 'workerFailed',
      generation,
      at: works.lastTransitionTime,
      keyLine: keyLineOf(works.message) ?? 'Some of its Works failed',
    });
  }
  return found;
}

/** The catalog entity page of a request, as the catalog module names its entity. */
export function requestEntityLink(
  platform: string,
  namespace: string,
  promise: string,
  name: string,
): string {
  return `/catalog/default/resource/${requestEntityName(
    platform,
    namespace,
    promise,
    name,
  )}`;
}
