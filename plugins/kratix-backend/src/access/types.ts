import type { BackstageCredentials } from '@backstage/backend-plugin-api';

/**
 * Who asks for something: the REST routes and the actions build one from the
 * request's credentials. `actor` is what objects and audit records name (a user entity
 * ref, or a service's subject); `credentials` decide permissions and, on platforms
 * that write as the user, the Kubernetes identity writes impersonate.
 */
export interface KratixCaller {
  actor: string;
  credentials: BackstageCredentials;
}

/** A caller from credentials: the user entity ref, else the service's subject. */
export function callerOf(credentials: BackstageCredentials): KratixCaller {
  const principal = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  let actor = principal.type;
  if (principal.type === 'user' && principal.userEntityRef)
    actor = principal.userEntityRef;
  else if (principal.type === 'service' && principal.subject)
    actor = principal.subject;
  return { actor, credentials };
}
