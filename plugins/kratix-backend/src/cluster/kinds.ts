import {
  KRATIX_LABELS,
  KRATIX_PLATFORM_GROUP,
  KRATIX_PLATFORM_VERSION,
} from '@kratix-backstage/plugin-kratix-common';
import {
  readPromiseApi,
  type KubeObject,
} from '@kratix-backstage/plugin-kratix-node';

/**
 * A kind the backend reads: where it lives in the Kubernetes API.
 *
 * @public
 */
export interface KindDescriptor {
  group: string;
  version: string;
  plural: string;
  kind: string;
  namespaced: boolean;
  /** Only objects with these labels are cached (Jobs and Pods: Kratix's only). */
  labelSelector?: string;
}

const kratixKind = (
  plural: string,
  kind: string,
  namespaced: boolean,
): KindDescriptor => ({
  group: KRATIX_PLATFORM_GROUP,
  version: KRATIX_PLATFORM_VERSION,
  plural,
  kind,
  namespaced,
});

const MANAGED_BY_KRATIX = `${KRATIX_LABELS.managedBy}=Kratix`;

/**
 * The kinds of a Kratix platform cluster the backend reads. Nothing else (no Secrets,
 * no ConfigMaps) can be reached through it.
 *
 * @public
 */
export const PLATFORM_KINDS = {
  promises: kratixKind('promises', 'Promise', false),
  works: kratixKind('works', 'Work', true),
  workplacements: kratixKind('workplacements', 'WorkPlacement', true),
  destinations: kratixKind('destinations', 'Destination', false),
  gitstatestores: kratixKind('gitstatestores', 'GitStateStore', false),
  bucketstatestores: kratixKind('bucketstatestores', 'BucketStateStore', false),
  // Kinds of newer Kratix versions: read only where the platform serves them
  // (KubernetesKratixSource.optionalKinds).
  healthrecords: kratixKind('healthrecords', 'HealthRecord', true),
  promiserevisions: kratixKind('promiserevisions', 'PromiseRevision', false),
  resourcebindings: kratixKind('resourcebindings', 'ResourceBinding', true),
  dryruns: kratixKind('dryruns', 'DryRun', true),
  jobs: {
    group: 'batch',
    version: 'v1',
    plural: 'jobs',
    kind: 'Job',
    namespaced: true,
    labelSelector: MANAGED_BY_KRATIX,
  },
  pods: {
    group: '',
    version: 'v1',
    plural: 'pods',
    kind: 'Pod',
    namespaced: true,
    labelSelector: MANAGED_BY_KRATIX,
  },
} satisfies Record<string, KindDescriptor>;

/**
 * The Flux kinds read on a worker cluster.
 *
 * @public
 */
export const WORKER_KINDS = {
  kustomizations: {
    group: 'kustomize.toolkit.fluxcd.io',
    version: 'v1',
    plural: 'kustomizations',
    kind: 'Kustomization',
    namespaced: true,
  },
  gitrepositories: {
    group: 'source.toolkit.fluxcd.io',
    version: 'v1',
    plural: 'gitrepositories',
    kind: 'GitRepository',
    namespaced: true,
  },
  buckets: {
    group: 'source.toolkit.fluxcd.io',
    version: 'v1',
    plural: 'buckets',
    kind: 'Bucket',
    namespaced: true,
  },
} satisfies Record<string, KindDescriptor>;

/** `plural.group` (`pods` for the core group): the name a cache and its status carry. */
export function kindKey(kind: KindDescriptor): string {
  return kind.group ? `${kind.plural}.${kind.group}` : kind.plural;
}

/** `group/version` (`v1` for the core group). */
export function apiVersionOf(kind: KindDescriptor): string {
  return kind.group ? `${kind.group}/${kind.version}` : kind.version;
}

/** The REST path of a kind, or of one object of it. */
export function kindPath(
  kind: KindDescriptor,
  namespace?: string,
  name?: string,
): string {
  const base = kind.group
    ? `/apis/${kind.group}/${kind.version}`
    : `/api/${kind.version}`;
  const ns =
    kind.namespaced && namespace
      ? `/namespaces/${encodeURIComponent(namespace)}`
      : '';
  const obj = name ? `/${encodeURIComponent(name)}` : '';
  return `${base}${ns}/${kind.plural}${obj}`;
}

/**
 * Refuses an API group that is not a custom resource group (empty, or `*.k8s.io` /
 * `*.kubernetes.io`), so that a crafted Promise cannot point the backend at built-in
 * objects such as Secrets.
 *
 * @public
 */
export function assertCustomGroup(group: string, promise: KubeObject): void {
  if (
    !group.includes('.') ||
    /(^|\.)k8s\.io$/.test(group) ||
    /(^|\.)kubernetes\.io$/.test(group)
  ) {
    throw new Error(
      `Promise ${promise.metadata.name}: its API group '${group}' is not a custom resource group`,
    );
  }
}

/**
 * The kind of a Promise's resource requests, from its `spec.api`; `undefined` for a
 * Promise without an API.
 *
 * @public
 */
export function requestKindOf(promise: KubeObject): KindDescriptor | undefined {
  const api = readPromiseApi(promise);
  if (!api) return undefined;
  const group = api.group.toLowerCase();
  assertCustomGroup(group, promise);
  return {
    group,
    version: api.version,
    plural: api.plural,
    kind: api.kind,
    namespaced: true,
  };
}

/**
 * The group, version and kind Kratix wrote in a Promise's status (`status.apiVersion`,
 * lower-cased, and `status.kind`), when it did.
 *
 * @public
 */
export function requestGvkFromStatus(
  promise: KubeObject,
): { group: string; version: string; kind: string } | undefined {
  const apiVersion = promise.status?.apiVersion;
  const kind = promise.status?.kind;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string')
    return undefined;
  const [group, version] = apiVersion.split('/');
  if (!group || !version) return undefined;
  assertCustomGroup(group, promise);
  return { group, version, kind };
}
