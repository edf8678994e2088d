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

/**
 * Annotation on a resource request object naming who asked for it, as an entity
 * reference (e.g. `user:default/jane`). Written by the scaffolder action
 * `kratix:resource:create`; the catalog provider makes it the request entity's owner.
 *
 * @public
 */
export const KRATIX_REQUESTER_ANNOTATION = 'backstage.io/kratix-requester';

/**
 * Annotation on a resource request object naming who owns it, as an entity reference
 * (a user or a group, e.g. `group:default/team-a`). Written at create from the optional
 * `owner` of the request, else the requester. A request without it is owned by its
 * requester (the permission rule `isOwner` reads it so).
 *
 * @public
 */
export const KRATIX_OWNER_ANNOTATION = 'backstage.io/kratix-owner';

/**
 * Annotations of Syntasso's Backstage plugins that this project writes too, so that
 * catalogs stay compatible: the Promise entity's Software Template name.
 *
 * @public
 */
export const KRATIX_SYNTASSO_ANNOTATIONS = {
  promiseTemplate: 'kratix.io/backstage-promise-template',
} as const;
