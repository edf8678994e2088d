import {
  KRATIX_CONTAINERS,
  KRATIX_JOB_ANNOTATIONS,
  KRATIX_LABELS,
} from '@kratix-backstage/plugin-kratix-common';
import { generateObjectName, md5 } from './hash';
import {
  pipelineNamespace,
  readPromiseApi,
} from '@kratix-backstage/plugin-kratix-node';
import type {
  KratixPipeline,
  KubeObject,
  WorkflowAction,
  WorkflowType,
} from '@kratix-backstage/plugin-kratix-node';

/**
 * What a pipeline Job is for.
 *
 * @public
 */
export interface PipelineJobInput {
  promise: KubeObject;
  pipeline: KratixPipeline;
  type: WorkflowType;
  action: WorkflowAction;
  /** The resource request, for resource workflows. */
  request?: KubeObject;
  /** The five characters after the Job's name (random when not given). */
  suffix?: string;
  /** Whether this is the workflow's last pipeline (the status-writer's IS_LAST_PIPELINE). */
  isLastPipeline?: boolean;
  pipelineAdapterImage?: string;
}

/**
 * The `kratix.io/hash` of a workflow run: md5 of the Promise spec, and for resource
 * workflows md5 of "promiseSpecMd5-requestSpecMd5".
 *
 * @public
 */
export function workflowHash(
  promise: KubeObject,
  request?: KubeObject,
): string {
  const promiseHash = md5(goJson(promise.spec ?? null));
  if (!request) return promiseHash;
  return md5(`${promiseHash}-${md5(goJson(request.spec ?? null))}`);
}

/**
 * JSON as Go's `encoding/json` writes a map (what Kratix hashes): keys sorted, and `<`,
 * `>`, `&`, U+2028 and U+2029 escaped.
 *
 * @public
 */
export function goJson(value: unknown): string {
  const sorted = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sorted);
    if (v && typeof v === 'object') {
      return Object.fromEntries(
        Object.keys(v as object)
          .sort()
          .map(k => [k, sorted((v as Record<string, unknown>)[k])]),
      );
    }
    return v;
  };
  return JSON.stringify(sorted(value)).replace(
    /[<>&\u2028\u2029]/g,
    c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * The pipeline Job Kratix creates: its labels, annotations and containers in Kratix's
 * order (`reader`, the Pipeline's containers, `work-writer` for configure, then the
 * `status-writer` container).
 *
 * @public
 */
export function pipelineJob(input: PipelineJobInput): KubeObject {
  const { promise, pipeline, type, action, request } = input;
  const promiseName = promise.metadata.name;
  const pipelineName = pipeline.metadata.name;
  const namespace = pipelineNamespace(promise, request);
  const crossNamespace = Boolean(
    promise.spec?.workflows?.config?.pipelineNamespace,
  );
  const base = request
    ? `kratix-${promiseName}-${request.metadata.name}${
        crossNamespace ? `-${request.metadata.namespace}` : ''
      }-${pipelineName}`
    : `kratix-${promiseName}-${pipelineName}`;

  const labels: Record<string, string> = {
    [KRATIX_LABELS.promiseName]: promiseName,
    [KRATIX_LABELS.workflowType]: type,
    [KRATIX_LABELS.workflowAction]: action,
    [KRATIX_LABELS.pipelineName]: pipelineName,
    [KRATIX_LABELS.managedBy]: 'Kratix',
    ...(request ? { [KRATIX_LABELS.resourceName]: request.metadata.name } : {}),
    ...(request && crossNamespace
      ? {
          [KRATIX_LABELS.resourceNamespace]:
            request.metadata.namespace ?? 'default',
        }
      : {}),
    [KRATIX_LABELS.hash]: workflowHash(promise, request),
    ...(pipeline.metadata.labels ?? {}),
  };

  const object = request ?? promise;
  const api = request ? readPromiseApi(promise) : undefined;
  const annotations: Record<string, string> = {
    [KRATIX_JOB_ANNOTATIONS.resourceNamespace]: object.metadata.namespace ?? '',
    [KRATIX_JOB_ANNOTATIONS.resourceName]: object.metadata.name,
    [KRATIX_JOB_ANNOTATIONS.resourceKind]: object.kind,
    [KRATIX_JOB_ANNOTATIONS.resourceApiVersion]: object.apiVersion,
  };

  const env = [
    { name: 'KRATIX_WORKFLOW_ACTION', value: action },
    { name: 'KRATIX_WORKFLOW_TYPE', value: type },
    { name: 'KRATIX_PROMISE_NAME', value: promiseName },
    { name: 'KRATIX_PIPELINE_NAME', value: pipelineName },
    { name: 'KRATIX_OBJECT_KIND', value: object.kind },
    { name: 'KRATIX_OBJECT_GROUP', value: api?.group ?? 'platform.kratix.io' },
    { name: 'KRATIX_OBJECT_VERSION', value: api?.version ?? 'v1alpha1' },
    { name: 'KRATIX_OBJECT_NAME', value: object.metadata.name },
    { name: 'KRATIX_OBJECT_NAMESPACE', value: object.metadata.namespace ?? '' },
    { name: 'KRATIX_CRD_PLURAL', value: api?.plural ?? 'promises' },
    { name: 'KRATIX_CLUSTER_SCOPED', value: String(!request) },
  ];
  const adapter =
    input.pipelineAdapterImage ??
    'ghcr.io/syntasso/kratix-pipeline-adapter:latest';
  const mounts = [
    { name: 'shared-input', mountPath: '/kratix/input' },
    { name: 'shared-output', mountPath: '/kratix/output' },
    { name: 'shared-metadata', mountPath: '/kratix/metadata' },
  ];
  const workCreatorArgs = [
    'work-creator',
    '--input-directory',
    '/work-creator-files',
    '--promise-name',
    promiseName,
    '--pipeline-name',
    pipelineName,
    '--namespace',
    namespace,
    '--workflow-type',
    type,
    ...(request ? ['--resource-name', request.metadata.name] : []),
  ];

  const initContainers = [
    {
      name: KRATIX_CONTAINERS.reader,
      image: adapter,
      command: ['/bin/pipeline-adapter'],
      args: ['reader'],
      env,
      volumeMounts: mounts,
    },
    ...pipeline.spec.containers.map(c => ({
      ...c,
      env: [...env, ...((c.env as any[]) ?? [])],
      volumeMounts: [...mounts, ...((c.volumeMounts as any[]) ?? [])],
    })),
    ...(action === 'configure'
      ? [
          {
            name: KRATIX_CONTAINERS.workWriter,
            image: adapter,
            command: ['/bin/pipeline-adapter'],
            args: workCreatorArgs,
            volumeMounts: mounts,
          },
        ]
      : []),
  ];

  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: generateObjectName(base, input.suffix),
      namespace,
      labels,
      annotations,
    },
    spec: {
      backoffLimit: (pipeline.spec as any).jobOptions?.backoffLimit ?? 0,
      template: {
        metadata: {
          labels,
          annotations: { ...(pipeline.metadata.annotations ?? {}) },
        },
        spec: {
          restartPolicy: (pipeline.spec as any).restartPolicy ?? 'OnFailure',
          serviceAccountName: `${promiseName}-${type}-${action}-${pipelineName}`,
          initContainers,
          containers: [
            {
              name: KRATIX_CONTAINERS.statusWriter,
              image: adapter,
              command: ['/bin/pipeline-adapter'],
              args: ['update-status'],
              env: [
                ...env,
                {
                  name: 'IS_LAST_PIPELINE',
                  value: String(input.isLastPipeline ?? true),
                },
              ],
              volumeMounts: mounts,
            },
          ],
          volumes: [
            { name: 'shared-input', emptyDir: {} },
            { name: 'shared-output', emptyDir: {} },
            { name: 'shared-metadata', emptyDir: {} },
          ],
        },
      },
    },
  };
}
