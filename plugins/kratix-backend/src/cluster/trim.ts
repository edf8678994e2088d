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

/** The keys of a status whose values repeat across objects (conditions, pipelines). */
const REPEATING = new Set([
  'type',
  'status',
  'reason',
  'message',
  'lastTransitionTime',
  'phase',
  'name',
  'state',
]);
/** Longer strings are rarely shared. */
const MAX_SHARED_LENGTH = 256;
/** Distinct strings kept to share; when full, it starts afresh. */
const MAX_SHARED = 50_000;

/**
 * One copy of each string many cached objects hold (a condition's type, reason and
 * message, a transition time, a label value): a JSON parse makes a new string for
 * every value, so 100,000 requests in the same state hold 100,000 copies of each.
 * Bounded: once it knows {@link MAX_SHARED} distinct strings (unique ones too: a
 * message naming its request) it forgets them and starts again, so the strings that do
 * repeat are soon shared again, and what it holds never grows.
 */
class SharedStrings {
  private strings = new Map<string, string>();

  share<T>(value: T): T {
    if (typeof value !== 'string' || value.length > MAX_SHARED_LENGTH) {
      return value;
    }
    const known = this.strings.get(value);
    if (known !== undefined) return known as T;
    if (this.strings.size >= MAX_SHARED) this.strings = new Map();
    this.strings.set(value, value);
    return value;
  }

  /** Shares the strings under the repeating keys of a status, in place. */
  shareIn(value: unknown, key?: string): unknown {
    if (typeof value === 'string') {
      return key !== undefined && REPEATING.has(key)
        ? this.share(value)
        : value;
    }
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        value[i] = this.shareIn(value[i], key);
      }
    } else if (value && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      for (const k of Object.keys(record))
        record[k] = this.shareIn(record[k], k);
    }
    return value;
  }

  /** Shares every short string value of a record (labels, annotations), in place. */
  shareValues(record: Record<string, string> | undefined) {
    if (!record) return;
    for (const k of Object.keys(record)) record[k] = this.share(record[k]);
  }
}

const shared = new SharedStrings();

/**
 * The transform a watch cache applies to each object before storing it: the object as
 * the product reads it, without what it never reads (see {@link trimMetadata} and
 * {@link SPEC_TRIMS}), and with one copy of the strings many objects repeat. Requests,
 * Works and WorkPlacements keep their whole `spec` and `status`: the views show a
 * request's spec and pipeline-written status, and a Work's workloads are shown on
 * demand.
 */
export function trimForCache(
  kind: KindDescriptor,
): (object: KubeObject) => KubeObject {
  const trimSpec = SPEC_TRIMS[kindKey(kind)];
  return object => {
    const metadata = trimMetadata(object.metadata);
    if (metadata.namespace !== undefined) {
      metadata.namespace = shared.share(metadata.namespace);
    }
    shared.shareValues(metadata.labels);
    shared.shareValues(metadata.annotations);
    const trimmed: KubeObject = {
      ...object,
      apiVersion: shared.share(object.apiVersion),
      kind: shared.share(object.kind),
      metadata,
    };
    if (trimSpec && object.spec && typeof object.spec === 'object') {
      trimmed.spec = trimSpec(object.spec);
    }
    if (trimmed.status && typeof trimmed.status === 'object') {
      shared.shareIn(trimmed.status);
    }
    return trimmed;
  };
}
