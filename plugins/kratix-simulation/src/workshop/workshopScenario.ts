import type { KubeObject } from '@kratix-backstage/plugin-kratix-node';
import { elasticCloudOutputs } from './elasticCloudOutputs';
import { elasticCloudPromise } from './elasticCloudPromise';

/**
 * A resource request in a demo scenario and how it turns out.
 *
 * @public
 */
export interface ScenarioRequest {
  name: string;
  namespace: string;
  spec: Record<string, unknown>;
  /** Who asked for it (a Backstage user entity ref). */
  requester?: string;
  /**
   * - `healthy`: the pipeline succeeds and the worker applies the outputs;
   * - `worker-duplicate-crd`: the pipeline succeeds, but its outputs clash with an earlier
   *   request's on the worker, so Flux's Kustomization fails;
   * - `pipeline-failure`: a stage exits non-zero (see `failAt`).
   */
  outcome: 'healthy' | 'worker-duplicate-crd' | 'pipeline-failure';
  failAt?: { container: string; exitCode: number };
}

/**
 * A Destination of a demo scenario.
 *
 * @public
 */
export interface ScenarioDestination {
  name: string;
  labels: Record<string, string>;
  /** `spec.path`: the Destination's folder in the state store. */
  path: string;
  stateStore: { kind: 'GitStateStore' | 'BucketStateStore'; name: string };
}

/**
 * A whole demo story: a Promise, its Destinations, its requests, what each pipeline
 * stage logs and what each pipeline writes. The backend's demo platform serves it and
 * the test environment's Kratix simulator plays it on real clusters.
 *
 * @public
 */
export interface KratixScenario {
  name: string;
  promise: KubeObject;
  destinations: ScenarioDestination[];
  requests: ScenarioRequest[];
  /** The request object as a user would apply it. */
  requestObject(request: ScenarioRequest): KubeObject;
  /** Log lines of each container of the request's configure pipeline Pod, by container name. */
  stageLogs(request: ScenarioRequest): Record<string, string[]>;
  /** Files the pipeline writes to /kratix/output, by path. */
  outputs(request: ScenarioRequest): Record<string, string>;
}

function readerLogs(request: ScenarioRequest): string[] {
  return [
    `Reading object ${request.namespace}/${request.name} (elastic-cloud.workshop.kratix.io/v1alpha1)`,
    'Writing object to /kratix/input/object.yaml',
    'Reader completed',
  ];
}

function stageZeroLogs(
  request: ScenarioRequest,
  outputs: Record<string, string>,
): string[] {
  const lines = [
    'Downloading CRDS...',
    'Downloading Operator...',
    'Generate ECK requests...',
  ];
  if (outputs['beats.yaml'])
    lines.push(
      'wrote to-deploy/eck-stack/charts/eck-beats/templates/beats.yaml',
    );
  lines.push(
    'wrote to-deploy/eck-stack/charts/eck-elasticsearch/templates/elasticsearch.yaml',
    'wrote to-deploy/eck-stack/charts/eck-kibana/templates/kibana.yaml',
    '',
    'Adding namespaces to all helm output files...',
    'Removing enterprise annotation...',
  );
  if (
    request.outcome === 'pipeline-failure' &&
    request.failAt?.container === 'pipeline-stage-0'
  ) {
    lines.push(
      `Error: could not copy files to /kratix/output (exit ${request.failAt.exitCode})`,
    );
    return lines;
  }
  lines.push('Copying files to /kratix/output...', 'Done');
  return lines;
}

/**
 * The workshop's story: the `elastic-cloud` Promise, a healthy request `example`, and
 * `second-request`, whose duplicate ECK CRDs make the worker's Kustomization fail.
 *
 * @public
 */
export const workshopScenario: KratixScenario = {
  name: 'workshop: delivering your service on demand',
  promise: elasticCloudPromise,
  destinations: [
    {
      name: 'worker-1',
      labels: { environment: 'dev' },
      path: 'worker-1',
      stateStore: { kind: 'GitStateStore', name: 'default' },
    },
  ],
  requests: [
    {
      name: 'example',
      namespace: 'default',
      spec: { enableDataCollection: true },
      requester: 'user:default/guest',
      outcome: 'healthy',
    },
    {
      name: 'second-request',
      namespace: 'default',
      spec: { enableDataCollection: true },
      requester: 'user:default/guest',
      outcome: 'worker-duplicate-crd',
    },
  ],
  requestObject(request) {
    return {
      apiVersion: 'workshop.kratix.io/v1alpha1',
      kind: 'elastic-cloud',
      metadata: { name: request.name, namespace: request.namespace },
      spec: request.spec,
    };
  },
  outputs(request) {
    return elasticCloudOutputs(
      request.name,
      request.spec as { enableDataCollection?: boolean },
    );
  },
  stageLogs(request) {
    const outputs = this.outputs(request);
    const logs: Record<string, string[]> = {
      reader: readerLogs(request),
      'pipeline-stage-0': stageZeroLogs(request, outputs),
    };
    if (request.outcome === 'pipeline-failure') return logs;
    logs['work-writer'] = [
      `Creating Work for ${request.namespace}/${request.name} (pipeline resource-configure)`,
      `Work contains ${
        Object.keys(outputs).length
      } files in workload group . (5058f)`,
      'Destination selectors: environment=dev (source: promise)',
      'Work written',
    ];
    logs['status-writer'] = [
      'No /kratix/metadata/status.yaml found: keeping the status as it is',
      'Last pipeline of the workflow: marking ConfigureWorkflowCompleted',
      'Status updated: Resource requested',
    ];
    return logs;
  },
};
