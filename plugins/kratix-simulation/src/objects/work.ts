import { gzipSync } from 'node:zlib';
import {
  KRATIX_LABELS,
  KRATIX_PLATFORM_GROUP,
  KRATIX_PLATFORM_VERSION,
} from '@kratix-backstage/plugin-kratix-common';
import { generateObjectName, md5 } from './hash';
import type {
  KubeObject,
  WorkflowType,
} from '@kratix-backstage/plugin-kratix-node';

/**
 * The id of the root workload group (directory `.`): md5(".").
 *
 * @public
 */
export const ROOT_WORKLOAD_GROUP_ID = md5('.');

/**
 * Encodes a file as a Work's workload `content`: base64 of gzip.
 *
 * @public
 */
export function encodeWorkload(content: string): string {
  return gzipSync(Buffer.from(content, 'utf8')).toString('base64');
}

/**
 * What a pipeline wrote to `/kratix/output`, for one Work.
 *
 * @public
 */
export interface WorkInput {
  promise: KubeObject;
  request?: KubeObject;
  pipelineName: string;
  namespace: string;
  /** Files by path relative to /kratix/output. */
  files: Record<string, string>;
  /** Destination selectors of the root workload group, with their source. */
  destinationSelectors?: Array<{
    matchLabels: Record<string, string>;
    source: string;
  }>;
  suffix?: string;
  now?: Date;
}

/**
 * The Work the `work-writer` creates: one root workload group holding every output
 * file (gzip+base64), with Kratix's labels.
 *
 * @public
 */
export function workForPipeline(input: WorkInput): KubeObject {
  const { promise, request, pipelineName } = input;
  const promiseName = promise.metadata.name;
  const type: WorkflowType = request ? 'resource' : 'promise';
  const identifier = request
    ? `${promiseName}-${request.metadata.name}-${pipelineName}`
    : `${promiseName}-${pipelineName}`;
  const selectors =
    input.destinationSelectors ??
    (promise.spec?.destinationSelectors ?? []).map((s: any) => ({
      matchLabels: s.matchLabels ?? {},
      source: 'promise',
    }));
  return {
    apiVersion: `${KRATIX_PLATFORM_GROUP}/${KRATIX_PLATFORM_VERSION}`,
    kind: 'Work',
    metadata: {
      name: generateObjectName(identifier, input.suffix),
      namespace: input.namespace,
      labels: {
        [KRATIX_LABELS.promiseName]: promiseName,
        [KRATIX_LABELS.workType]: type,
        [KRATIX_LABELS.pipelineName]: pipelineName,
        ...(request
          ? { [KRATIX_LABELS.resourceName]: request.metadata.name }
          : {}),
      },
    },
    spec: {
      lastExecutionTimestamp: (input.now ?? new Date()).toISOString(),
      promiseName,
      resourceName: request?.metadata.name ?? '',
      workloadGroups: [
        {
          directory: '.',
          id: ROOT_WORKLOAD_GROUP_ID,
          destinationSelectors: selectors,
          workloads: Object.entries(input.files)
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([filepath, content]) => ({
              filepath,
              content: encodeWorkload(content),
            })),
        },
      ],
    },
  };
}

/**
 * The WorkPlacement the scheduler creates for one workload group of a Work on a Destination.
 *
 * @public
 */
export function workPlacementFor(
  work: KubeObject,
  group: { id: string; workloads: unknown[] },
  destinationName: string,
): KubeObject {
  return {
    apiVersion: work.apiVersion,
    kind: 'WorkPlacement',
    metadata: {
      name: `${work.metadata.name}.${destinationName}-${group.id.slice(0, 5)}`,
      namespace: work.metadata.namespace,
      labels: {
        [KRATIX_LABELS.work]: work.metadata.name,
        [KRATIX_LABELS.workloadGroupId]: group.id,
        [KRATIX_LABELS.targetDestinationName]: destinationName,
        ...(work.metadata.labels?.[KRATIX_LABELS.pipelineName]
          ? {
              [KRATIX_LABELS.pipelineName]:
                work.metadata.labels[KRATIX_LABELS.pipelineName],
            }
          : {}),
      },
    },
    spec: {
      targetDestinationName: destinationName,
      workloads: group.workloads,
      promiseName: work.spec.promiseName,
      resourceName: work.spec.resourceName,
      id: group.id,
      // Kratix's WorkGeneration: the generation of the Work it places.
      generation: Number(work.metadata.generation ?? 1),
    },
  };
}

/**
 * Where a workload lands in a Destination's state store, in the default
 * `nestedByMetadata` layout.
 *
 * @public
 */
export function stateStoreFilePath(options: {
  destinationPath: string;
  stateStorePath?: string;
  work: KubeObject;
  groupId: string;
  filepath: string;
}): string {
  const { work, groupId, filepath } = options;
  const root = [options.stateStorePath, options.destinationPath]
    .filter(p => p && p !== '.' && p !== '/')
    .join('/');
  const pipeline = work.metadata.labels?.[KRATIX_LABELS.pipelineName] ?? '';
  const group = groupId.slice(0, 5);
  const parts = work.spec.resourceName
    ? [
        root,
        'resources',
        work.metadata.namespace,
        work.spec.promiseName,
        work.spec.resourceName,
        pipeline,
        group,
        filepath,
      ]
    : [root, 'dependencies', work.spec.promiseName, pipeline, group, filepath];
  return parts.filter(Boolean).join('/').replace(/\/+/g, '/');
}
