/**
 * Annotations on catalog entities that stand for Kratix objects. The first seven are
 * the ones Syntasso's Backstage plugins use (so entities written for them match too);
 * `platform` and `destinationName` are this project's own.
 *
 * - `type`: `promise`, `resource` (a resource request) or `destination`;
 * - `promiseName`: the Promise (of a request: the Promise it was made to);
 * - `group`, `version`, `kind`: the request's API group, version and kind;
 * - `name`, `namespace`: the request's name and namespace;
 * - `platform`: the name of the configured Kratix platform the object lives on;
 * - `destinationName`: the Destination's name.
 *
 * @public
 */
export const KRATIX_ANNOTATIONS = {
  type: 'kratix.io/type',
  promiseName: 'kratix.io/promise-name',
  group: 'kratix.io/group',
  version: 'kratix.io/version',
  kind: 'kratix.io/kind',
  name: 'kratix.io/name',
  namespace: 'kratix.io/namespace',
  platform: 'kratix.io/platform',
  destinationName: 'kratix.io/destination-name',
} as const;

/**
 * The values of the `kratix.io/type` annotation.
 *
 * @public
 */
export type KratixEntityType = 'promise' | 'resource' | 'destination';
