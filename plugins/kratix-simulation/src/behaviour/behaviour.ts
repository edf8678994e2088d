import type { KubeObject } from '@kratix-backstage/plugin-kratix-node';
import type {
  KratixScenario,
  ScenarioRequest,
} from '../workshop/workshopScenario';

/**
 * Annotation on a resource request (or a pipeline Pod) naming the container that fails
 * in a simulated run; {@link FAIL_EXIT_CODE_ANNOTATION} gives its exit code (default 1).
 * The test environment's KWOK stages read the same annotations on Pods.
 *
 * @public
 */
export const FAIL_CONTAINER_ANNOTATION = 'testenv.kratix.io/fail-container';

/**
 * Exit code of the container named by {@link FAIL_CONTAINER_ANNOTATION}.
 *
 * @public
 */
export const FAIL_EXIT_CODE_ANNOTATION = 'testenv.kratix.io/exit-code';

/**
 * What one run of a request's (or Promise's) configure pipeline does when it is played
 * rather than run: what each container logs, what the Promise's stages write to
 * `/kratix/output` and `/kratix/metadata`, and where it fails. The demo platform and the
 * test environment's Kratix simulator play the same behaviours.
 *
 * @public
 */
export interface RequestBehaviour {
  /** Log lines by container name. */
  logs: Record<string, string[]>;
  /** Files written to /kratix/output, by path. */
  outputs: Record<string, string>;
  /** A container that exits non-zero, and its exit code. */
  failAt?: { container: string; exitCode: number };
  /** What the pipeline writes to /kratix/metadata/status.yaml. */
  statusYaml?: Record<string, unknown>;
  /** What it writes to /kratix/metadata/destination-selectors.yaml (scheduling of its output). */
  destinationSelectors?: Array<{
    matchLabels: Record<string, string>;
    directory?: string;
  }>;
  /** What it writes to /kratix/metadata/workflow-control.yaml (suspend, retry). */
  workflowControl?: {
    suspend?: boolean;
    retryAfter?: string;
    message?: string;
  };
}

/**
 * Annotations on a request that add what its pipeline writes to `/kratix/metadata`, as
 * JSON: the tests' way to have a stage write `status.yaml`, `destination-selectors.yaml`
 * or `workflow-control.yaml` on any Promise.
 *
 * @public
 */
export const METADATA_ANNOTATIONS = {
  status: 'testenv.kratix.io/status',
  destinationSelectors: 'testenv.kratix.io/destination-selectors',
  workflowControl: 'testenv.kratix.io/workflow-control',
} as const;

function withAnnotatedMetadata(
  behaviour: RequestBehaviour,
  request: KubeObject,
): RequestBehaviour {
  const annotations = request.metadata.annotations ?? {};
  const read = (key: string) => {
    const value = annotations[key];
    if (value === undefined) return undefined;
    try {
      return JSON.parse(value);
    } catch (error) {
      throw new Error(
        `annotation ${key} on ${request.metadata.namespace}/${
          request.metadata.name
        } is not JSON: ${(error as Error).message}`,
      );
    }
  };
  const status = read(METADATA_ANNOTATIONS.status);
  const selectors = read(METADATA_ANNOTATIONS.destinationSelectors);
  const control = read(METADATA_ANNOTATIONS.workflowControl);
  return {
    ...behaviour,
    ...(status ? { statusYaml: { ...behaviour.statusYaml, ...status } } : {}),
    ...(selectors ? { destinationSelectors: selectors } : {}),
    ...(control ? { workflowControl: control } : {}),
  };
}

/**
 * Picks the behaviour of a run from the Promise and the request as it is now.
 *
 * @public
 */
export type BehaviourFn = (
  promise: KubeObject,
  request: KubeObject,
) => RequestBehaviour;

/** Any Promise: a few log lines per stage and one ConfigMap as output. */
function genericBehaviour(
  promise: KubeObject,
  request: KubeObject,
): RequestBehaviour {
  const name = request.metadata.name;
  const ns = request.metadata.namespace ?? 'default';
  const stages: string[] = (
    promise.spec?.workflows?.resource?.configure ?? []
  ).flatMap((p: any) => (p.spec?.containers ?? []).map((c: any) => c.name));
  const logs: Record<string, string[]> = {
    reader: [
      `Reading object ${ns}/${name}`,
      'Writing object to /kratix/input/object.yaml',
    ],
    'work-writer': ['Work written'],
    'status-writer': ['Status updated: Resource requested'],
  };
  for (const stage of stages) {
    logs[stage] = [
      `${stage}: configuring ${promise.metadata.name} ${ns}/${name}`,
      `${stage}: done`,
    ];
  }
  return {
    logs,
    outputs: {
      'configmap.yaml': [
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata:',
        `  name: ${promise.metadata.name}-${name}`,
        `  namespace: ${ns}`,
        'data:',
        `  promise: ${promise.metadata.name}`,
        `  request: ${name}`,
        '',
      ].join('\n'),
    },
  };
}

/**
 * The scenario request a request object plays: the scenario's own entry of that name,
 * else a new `healthy` request with the object's spec. A request annotated with
 * {@link FAIL_CONTAINER_ANNOTATION} fails at that container.
 *
 * @public
 */
export function scenarioRequestFor(
  scenario: KratixScenario,
  request: KubeObject,
): ScenarioRequest {
  const namespace = request.metadata.namespace ?? 'default';
  const known = scenario.requests.find(
    r => r.name === request.metadata.name && r.namespace === namespace,
  );
  const played: ScenarioRequest = {
    ...(known ?? {
      name: request.metadata.name,
      namespace,
      spec: {},
      outcome: 'healthy' as const,
    }),
    spec: request.spec ?? known?.spec ?? {},
  };
  const failAt = annotatedFailure(request);
  return failAt ? { ...played, outcome: 'pipeline-failure', failAt } : played;
}

/** Where the request's annotations say its pipeline fails, if they do. */
function annotatedFailure(
  request: KubeObject,
): RequestBehaviour['failAt'] | undefined {
  const annotations = request.metadata.annotations ?? {};
  const container = annotations[FAIL_CONTAINER_ANNOTATION];
  if (!container) return undefined;
  return {
    container,
    exitCode: Number(annotations[FAIL_EXIT_CODE_ANNOTATION] ?? 1),
  };
}

/**
 * Behaviour from scenarios (matched by Promise, then by request name), else a generic
 * pipeline that logs a few lines and writes one ConfigMap. A request annotated with
 * {@link FAIL_CONTAINER_ANNOTATION} (and {@link FAIL_EXIT_CODE_ANNOTATION}) fails there.
 *
 * @public
 */
export function scenarioBehaviour(...scenarios: KratixScenario[]): BehaviourFn {
  return (promise, request) => {
    const scenario = scenarios.find(
      s => s.promise.metadata.name === promise.metadata.name,
    );
    if (scenario) {
      const played = scenarioRequestFor(scenario, request);
      return withAnnotatedMetadata(
        {
          logs: scenario.stageLogs(played),
          outputs: scenario.outputs(played),
          failAt: played.failAt,
        },
        request,
      );
    }
    const behaviour = withAnnotatedMetadata(
      genericBehaviour(promise, request),
      request,
    );
    const failAt = annotatedFailure(request);
    return failAt ? { ...behaviour, failAt } : behaviour;
  };
}
