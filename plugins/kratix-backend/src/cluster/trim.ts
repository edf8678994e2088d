import { type KindDescriptor, kindKey } from './kinds';
import type { KubeObject } from './types';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * What every cached object loses: `managedFields` (server-side apply's bookkeeping,
 * often larger than the object), kubectl's copy of the last applied object, and the
 * deprecated `selfLink`. Nothing in the backend, the catalog module or the readers of
 * `plugin-kratix-node` reads them.
 */
function trimMetadata(
  metadata: KubeObject['metadata'],
): KubeObject['metadata'] {
  const {
    managedFields: _managed,
    selfLink: _selfLink,
    ...kept
  } = metadata as KubeObject['metadata'] & {
    managedFields?: unknown;
    selfLink?: unknown;
  };
  const annotations = kept.annotations;
  if (annotations && LAST_APPLIED in annotations) {
    const { [LAST_APPLIED]: _last, ...rest } = annotations;
    kept.annotations = rest;
  }
  return kept;
}

/** A container as the stage list and the log route read it: its name and image. */
function containerNames(
  list: unknown,
): Array<{ name: string; image?: string }> {
  if (!Array.isArray(list)) return [];
  return list
    .filter(c => c && typeof c.name === 'string')
    .map(c => (c.image ? { name: c.name, image: c.image } : { name: c.name }));
}

/**
 * Per kind, the parts of `spec` nothing reads. A pipeline Pod is read for its
 * containers' names and images (stages, logs) and its status; a Job for its status and
 * `spec.suspend`, never for its Pod template; a Promise for its API, workflows,
 * selectors and required Promises, never for `spec.dependencies` (whole manifests, often
 * the largest part of a Promise).
 */
const SPEC_TRIMS: Record<string, (spec: any) => any> = {
  pods: spec => ({
    ...(spec.initContainers
      ? { initContainers: containerNames(spec.initContainers) }
      : {}),
    containers: containerNames(spec.containers),
  }),
  'jobs.batch': ({ template: _template, ...spec }) => spec,
  'promises.platform.kratix.io': ({ dependencies: _dependencies, ...spec }) =>
    spec,
};

/**
 * The transform a watch cache applies to each object before storing it: the object as
 * the product reads it, without what it never reads (see {@link trimMetadata} and
 * {@link SPEC_TRIMS}). Requests, Works and WorkPlacements keep their whole `spec` and
 * `status`: the views show a request's spec and pipeline-written status, and a Work's
 * workloads are shown on demand.
 */
export function trimForCache(
  kind: KindDescriptor,
): (object: KubeObject) => KubeObject {
  const trimSpec = SPEC_TRIMS[kindKey(kind)];
  return object => {
    const trimmed: KubeObject = {
      ...object,
      metadata: trimMetadata(object.metadata),
    };
    if (trimSpec && object.spec && typeof object.spec === 'object') {
      trimmed.spec = trimSpec(object.spec);
    }
    return trimmed;
  };
}
