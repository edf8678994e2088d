import { parseAllDocuments } from 'yaml';

/**
 * The id kustomize gives a resource, as its errors print it:
 * `Kind.version.group/name.namespace`, with `[noGrp]` and `[noNs]` for none.
 *
 * @public
 */
export function kustomizeResourceId(object: {
  apiVersion?: unknown;
  kind?: unknown;
  metadata?: { name?: unknown; namespace?: unknown };
}): string | undefined {
  const { apiVersion, kind } = object;
  const name = object.metadata?.name;
  if (
    typeof apiVersion !== 'string' ||
    typeof kind !== 'string' ||
    typeof name !== 'string'
  ) {
    return undefined;
  }
  const slash = apiVersion.lastIndexOf('/');
  const group = slash < 0 ? '[noGrp]' : apiVersion.slice(0, slash);
  const version = apiVersion.slice(slash + 1);
  const namespace =
    typeof object.metadata?.namespace === 'string' && object.metadata.namespace
      ? object.metadata.namespace
      : '[noNs]';
  return `${kind}.${version}.${group}/${name}.${namespace}`;
}

/**
 * The kustomize ids of the Kubernetes objects a YAML file holds (documents that are not
 * objects are skipped; a file that does not parse holds none).
 *
 * @public
 */
export function resourceIdsOf(content: string): string[] {
  try {
    return parseAllDocuments(content)
      .map(doc => kustomizeResourceId((doc.toJS() ?? {}) as object))
      .filter((id): id is string => Boolean(id));
  } catch {
    return [];
  }
}

/**
 * The first resource kustomize would refuse when it accumulates these files (in path
 * order, as Flux's generated kustomization lists them): the file holding an object whose
 * id an earlier file already registered.
 *
 * @public
 */
export function firstDuplicateResource(
  files: Array<{ path: string; content: string }>,
): { path: string; id: string } | undefined {
  const seen = new Set<string>();
  const byPath = (a: { path: string }, b: { path: string }) => {
    if (a.path === b.path) return 0;
    return a.path < b.path ? -1 : 1;
  };
  for (const file of [...files].sort(byPath)) {
    for (const id of resourceIdsOf(file.content)) {
      if (seen.has(id)) return { path: file.path, id };
      seen.add(id);
    }
  }
  return undefined;
}

const ALREADY_REGISTERED =
  /may not add resource with an already registered id: ([^\s']+)/;

/**
 * The resource id in kustomize's "already registered id" error, if the message has one.
 *
 * @public
 */
export function duplicateResourceIdIn(
  message: string | undefined,
): string | undefined {
  return message?.match(ALREADY_REGISTERED)?.[1];
}
