import type {
  ConditionalPolicyDecision,
  PermissionCondition,
  PermissionCriteria,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  type Conditions,
  createConditionExports,
} from '@backstage/plugin-permission-node';
import {
  kratixRequestPermissionResourceRef,
  kratixRequestPermissionRules,
} from './rules';

const { conditions, createConditionalDecision } = createConditionExports({
  resourceRef: kratixRequestPermissionResourceRef,
  rules: kratixRequestPermissionRules,
});

/**
 * Conditions on Kratix resource requests, for permission policies:
 * `isRequester({ claims })`, `isOwner({ claims })`, `inNamespace({ namespaces })`,
 * `ofPromise({ promises })`, `onPlatform({ platforms })`.
 *
 * @example
 * ```ts
 * createKratixRequestConditionalDecision(request.permission, {
 *   anyOf: [
 *     kratixRequestConditions.isRequester({ claims: user.info.ownershipEntityRefs }),
 *     kratixRequestConditions.isOwner({ claims: user.info.ownershipEntityRefs }),
 *   ],
 * });
 * ```
 *
 * @public
 */
export const kratixRequestConditions: Conditions<
  typeof kratixRequestPermissionRules
> = conditions;

/**
 * A conditional decision on a permission of the `kratix-request` resource type.
 *
 * @public
 */
export const createKratixRequestConditionalDecision: (
  permission: ResourcePermission<'kratix-request'>,
  conditions: PermissionCriteria<PermissionCondition<'kratix-request'>>,
) => ConditionalPolicyDecision = createConditionalDecision;
