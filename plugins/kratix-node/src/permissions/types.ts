import type { KubeObject } from '../kratixObjects';

/**
 * A resource request as permission rules see it: where it is, and, when known, its object
 * (whose annotations name its requester and owner). Lists evaluate the rules on the
 * objects of the watch caches; a create, on the object about to be created.
 *
 * @public
 */
export interface KratixRequestResource {
  platform: string;
  promise: string;
  namespace: string;
  name: string;
  object?: KubeObject;
}

/**
 * What a rule of the `kratix-request` resource type stands for as a query (rules'
 * `toQuery`): one property of the request and the values it may take. The backend
 * evaluates the rules in memory on the watch caches; this form is for callers that
 * translate conditions into a query of their own.
 *
 * @public
 */
export interface KratixRequestFilter {
  property: 'requester' | 'owner' | 'namespace' | 'promise' | 'platform';
  values: string[];
}
