import type { KratixScenario, KubeObject, ScenarioRequest } from '@kratix-backstage/plugin-kratix-node';

import { EXIT_CODE_ANNOTATION, FAIL_CONTAINER_ANNOTATION } from '../kwok/podStages';

// The same annotations that make KWOK fail a Pod make the simulator fail a request when
// they are on the request itself.

/**
 * What a request's configure pipeline does in the simulation.
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
}

/** @public */
export type BehaviourFn = (promise: KubeObject, request: KubeObject) => RequestBehaviour;

function genericBehaviour(promise: KubeObject, request: KubeObject): RequestBehaviour {
  const name = request.metadata.name;
  const ns = request.metadata.namespace ?? 'default';
  const stages: string[] = (promise.spec?.workflows?.resource?.configure ?? []).flatMap(
    (p: any) => (p.spec?.containers ?? []).map((c: any) => c.name),
  );
  const logs: Record<string, string[]> = {
    reader: [`Reading object ${ns}/${name}`, 'Writing object to /kratix/input/object.yaml'],
    'work-writer': ['Work written'],
    'status-writer': ['Status updated: Resource requested'],
  };
  for (const stage of stages) logs[stage] = [`${stage}: configuring ${promise.metadata.name} ${ns}/${name}`, `${stage}: done`];
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
 * Behaviour from scenarios (matched by Promise and request name), else a generic
 * pipeline that logs a few lines and writes one ConfigMap. A request annotated with
 * `testenv.kratix.io/fail-container` (and `testenv.kratix.io/exit-code`) fails there.
 *
 * @public
 */
export function scenarioBehaviour(...scenarios: KratixScenario[]): BehaviourFn {
  return (promise, request) => {
    let behaviour: RequestBehaviour | undefined;
    for (const scenario of scenarios) {
      if (scenario.promise.metadata.name !== promise.metadata.name) continue;
      const known: ScenarioRequest = scenario.requests.find(
        r => r.name === request.metadata.name && r.namespace === (request.metadata.namespace ?? 'default'),
      ) ?? {
        name: request.metadata.name,
        namespace: request.metadata.namespace ?? 'default',
        spec: request.spec ?? {},
        outcome: 'healthy' as const,
      };
      const req = { ...known, spec: request.spec ?? known.spec };
      behaviour = { logs: scenario.stageLogs(req), outputs: scenario.outputs(req), failAt: req.failAt };
    }
    behaviour ??= genericBehaviour(promise, request);
    const failContainer = request.metadata.annotations?.[FAIL_CONTAINER_ANNOTATION];
    if (failContainer) {
      behaviour = {
        ...behaviour,
        failAt: { container: failContainer, exitCode: Number(request.metadata.annotations?.[EXIT_CODE_ANNOTATION] ?? 1) },
      };
    }
    return behaviour;
  };
}
