/**
 * kustomize's id of an object (`Kind.version.group/name.namespace`, with `[noGrp]` and
 * `[noNs]`), as people read it: `Kind name` or `Kind namespace/name`.
 *
 * @public
 */
export function describeResourceId(id: string): string {
  const slash = id.indexOf('/');
  if (slash < 0) return id;
  const kind = id.slice(0, id.indexOf('.'));
  const rest = id.slice(slash + 1);
  const dot = rest.lastIndexOf('.');
  const name = dot < 0 ? rest : rest.slice(0, dot);
  const namespace = dot < 0 ? '[noNs]' : rest.slice(dot + 1);
  return `${kind} ${namespace === '[noNs]' ? '' : `${namespace}/`}${name}`;
}
