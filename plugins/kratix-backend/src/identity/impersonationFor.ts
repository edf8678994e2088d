import {
  type CompoundEntityRef,
  parseEntityRef,
} from '@backstage/catalog-model';
import type {
  KratixImpersonation,
  KratixImpersonationConfig,
} from '@kratix-backstage/plugin-kratix-node';
import { DEFAULT_IDENTITY_TEMPLATE, renderIdentityTemplate } from './templates';

/**
 * The impersonation settings of a platform that writes as the user, with the defaults:
 * user and groups by their entity names, no group prefix.
 */
export const DEFAULT_IMPERSONATION: KratixImpersonationConfig = {
  userTemplate: DEFAULT_IDENTITY_TEMPLATE,
  groupTemplate: DEFAULT_IDENTITY_TEMPLATE,
  groupPrefix: '',
};

/**
 * Names Kubernetes reserves for itself (`system:masters`, `system:admin`,
 * `system:serviceaccount:...`, `system:nodes`, ...): never impersonated, whatever a
 * template makes of an entity, so no catalog entry can borrow a built-in identity.
 */
const RESERVED = /^system:/i;

function checkName(what: string, value: string, from: string) {
  if (!value.trim()) {
    throw new Error(
      `The impersonation template makes an empty ${what} of ${from}`,
    );
  }
  if (RESERVED.test(value)) {
    throw new Error(
      `The impersonation template makes the Kubernetes ${what} '${value}' of ${from}: names starting with 'system:' are Kubernetes' own and are never impersonated`,
    );
  }
}

/**
 * The Kubernetes identity of a Backstage user: `Impersonate-User` from the user entity
 * ref through `userTemplate`, and one `Impersonate-Group` per group entity ref, each
 * `groupPrefix` + `groupTemplate` (duplicates dropped, in order). Refs that are not
 * groups are left out.
 */
export function impersonationFor(
  userRef: string,
  groupRefs: string[],
  config: KratixImpersonationConfig = DEFAULT_IMPERSONATION,
): KratixImpersonation {
  const user: CompoundEntityRef = parseEntityRef(userRef);
  const name = renderIdentityTemplate(config.userTemplate, user);
  checkName('user', name, userRef);
  const groups: string[] = [];
  for (const groupRef of groupRefs) {
    const group = parseEntityRef(groupRef, { defaultKind: 'group' });
    if (group.kind.toLocaleLowerCase('en-US') !== 'group') continue;
    const rendered = `${config.groupPrefix}${renderIdentityTemplate(
      config.groupTemplate,
      group,
    )}`;
    checkName('group', rendered, groupRef);
    if (!groups.includes(rendered)) groups.push(rendered);
  }
  return { user: name, groups };
}
