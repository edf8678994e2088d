import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  AuthorizeResult,
  type BasicPermission,
  type PolicyDecision,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';
import type {
  PermissionRule,
  PermissionRuleset,
} from '@backstage/plugin-permission-node';
import { compileConditions } from './compileConditions';
import {
  KRATIX_REQUEST_RESOURCE_TYPE,
  KRATIX_OWNER_ANNOTATION,
  KRATIX_REQUESTER_ANNOTATION,
  kratixRequestReadPermission,
  parseKratixRequestResourceRef,
  type ResourceRequest,
} from '@kratix-backstage/plugin-kratix-common';
import {
  type KratixPlatforms,
  type KratixRequestResource,
  kratixRequestPermissionRules,
} from '@kratix-backstage/plugin-kratix-node';
import { findRequest } from '../services/RequestService';
import { requirePlatform } from '../services/platformAccess';

export type { KratixRequestResource } from '@kratix-backstage/plugin-kratix-node';

/** A permission on resource requests. */
export type KratixRequestPermission = ResourcePermission<
  typeof KRATIX_REQUEST_RESOURCE_TYPE
>;

/**
 * The permission checks of the Kratix backend, shared by the REST routes, the services
 * and the actions, so that each reaches the same decision.
 *
 * @public
 */
export interface KratixAccess {
  /** Basic permission (Promises, Destinations, platforms). Throws NotAllowedError. */
  authorize(
    credentials: BackstageCredentials,
    permission: BasicPermission,
  ): Promise<void>;
  /** A permission on one request: ALLOW, or CONDITIONAL evaluated on the request. Throws NotAllowedError. */
  authorizeRequest(
    credentials: BackstageCredentials,
    permission: KratixRequestPermission,
    request: KratixRequestResource,
  ): Promise<void>;
  /** Keeps the items the credentials may see (one conditional decision per call, evaluated in memory). */
  filterRequests<T>(
    credentials: BackstageCredentials,
    permission: KratixRequestPermission,
    items: T[],
    toResource: (item: T) => KratixRequestResource,
  ): Promise<T[]>;
}

/**
 * One permission decision on requests: everything, nothing, or the requests the policy's
 * conditions allow (evaluated in memory).
 *
 * @public
 */
export type KratixRequestDecision =
  | { result: 'allow' }
  | { result: 'deny' }
  | {
      result: 'conditional';
      allows(request: KratixRequestResource): boolean;
    };

/**
 * {@link KratixAccess} with the checks the services run: one decision as a predicate for
 * the lists they filter, a request-type permission on something that is not one request
 * (a Promise), and a request's visibility (404 when the caller may not read it).
 *
 * @public
 */
export interface KratixAccessChecks extends KratixAccess {
  requestDecision(
    credentials: BackstageCredentials,
    permission: KratixRequestPermission,
  ): Promise<KratixRequestDecision>;
  requestPredicate(
    credentials: BackstageCredentials,
    permission: KratixRequestPermission,
  ): Promise<(request: KratixRequestResource) => boolean>;
  authorizeUnconditional(
    credentials: BackstageCredentials,
    permission: KratixRequestPermission,
    what: string,
  ): Promise<void>;
  requireReadable(
    credentials: BackstageCredentials,
    request: KratixRequestResource,
  ): Promise<void>;
}

/**
 * Checks that allow everything: what services built without permissions use (tests,
 * backend code acting on its own behalf). The plugin's REST API and actions never use it.
 *
 * @public
 */
export const unrestrictedKratixAccess: KratixAccessChecks = {
  authorize: async () => undefined,
  authorizeRequest: async () => undefined,
  filterRequests: async (_credentials, _permission, items) => items,
  requestDecision: async () => ({ result: 'allow' }),
  requestPredicate: async () => () => true,
  authorizeUnconditional: async () => undefined,
  requireReadable: async () => undefined,
};

/**
 * The resource a mapped request stands for in permission checks (its requester and owner
 * as the annotations of a minimal object).
 *
 * @public
 */
export function requestResourceOf(
  request: Pick<
    ResourceRequest,
    | 'platform'
    | 'promise'
    | 'namespace'
    | 'name'
    | 'apiVersion'
    | 'kind'
    | 'requester'
    | 'owner'
  >,
): KratixRequestResource {
  const annotations: Record<string, string> = {};
  if (request.requester)
    annotations[KRATIX_REQUESTER_ANNOTATION] = request.requester;
  if (request.owner) annotations[KRATIX_OWNER_ANNOTATION] = request.owner;
  return {
    platform: request.platform,
    promise: request.promise,
    namespace: request.namespace,
    name: request.name,
    object: {
      apiVersion: request.apiVersion,
      kind: request.kind,
      metadata: {
        name: request.name,
        namespace: request.namespace,
        annotations,
      },
    },
  };
}

/**
 * The requests named by resource refs (`<platform>:<namespace>/<promise>/<name>`), from
 * the watch caches; undefined for a ref that names no request, or one that does not exist.
 */
export async function loadKratixRequestResources(
  platforms: KratixPlatforms,
  refs: string[],
): Promise<Array<KratixRequestResource | undefined>> {
  return Promise.all(
    refs.map(async ref => {
      const named = parseKratixRequestResourceRef(ref);
      if (!named) return undefined;
      try {
        const { request } = await findRequest(
          requirePlatform(platforms, named.platform),
          named.namespace,
          named.promise,
          named.name,
        );
        return { ...named, object: request };
      } catch (error) {
        if ((error as Error).name === 'NotFoundError') return undefined;
        throw error;
      }
    }),
  );
}

/**
 * {@link KratixAccess} over the permissions service. A CONDITIONAL decision is asked for
 * once per call, compiled once (rules found, parameters checked) and applied in memory
 * with the rules of the `kratix-request` resource type (the registered ruleset, so rules
 * other modules add apply too).
 *
 * @public
 */
export class DefaultKratixAccess implements KratixAccessChecks {
  private readonly permissions: PermissionsService;
  private readonly platforms: KratixPlatforms;
  private readonly getRule: (
    name: string,
  ) => PermissionRule<KratixRequestResource, unknown, string, any>;

  constructor(options: {
    permissions: PermissionsService;
    platforms: KratixPlatforms;
    /** The registered rules (permissionsRegistry.getPermissionRuleset); else the built-in ones. */
    ruleset?: PermissionRuleset<KratixRequestResource>;
  }) {
    this.permissions = options.permissions;
    this.platforms = options.platforms;
    const { ruleset } = options;
    if (ruleset) {
      this.getRule = name => ruleset.getRuleByName(name);
    } else {
      const rules = new Map<string, PermissionRule<any, any, string, any>>(
        Object.values(kratixRequestPermissionRules).map(r => [r.name, r]),
      );
      this.getRule = name => {
        const rule = rules.get(name);
        if (!rule) throw new Error(`Unexpected permission rule: ${name}`);
        return rule;
      };
    }
  }

  /** The decision's conditions as one predicate (rules found and parameters checked once). */
  private compile(
    decision: PolicyDecision,
  ): (request: KratixRequestResource) => boolean {
    if (decision.result !== AuthorizeResult.CONDITIONAL) {
      return () => decision.result === AuthorizeResult.ALLOW;
    }
    return compileConditions(decision.conditions, this.getRule);
  }

  async authorize(
    credentials: BackstageCredentials,
    permission: BasicPermission,
  ): Promise<void> {
    const [decision] = await this.permissions.authorize([{ permission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`Missing permission ${permission.name}`);
    }
  }

  async authorizeRequest(
    credentials: BackstageCredentials,
    permission: KratixRequestPermission,
    request: KratixRequestResource,
  ): Promise<void> {
    if (!(await this.allowsRequest(credentials, permission, request))) {
      throw new NotAllowedError(
        `Missing permission ${permission.name} on ${request.promise} request ${request.namespace}/${request.name} (platform ${request.platform})`,
      );
    }
  }

  async filterRequests<T>(
    credentials: BackstageCredentials,
    permission: KratixRequestPermission,
    items: T[],
    toResource: (item: T) => KratixRequestResource,
  ): Promise<T[]> {
    const allows = await this.requestPredicate(credentials, permission);
    return items.filter(item => allows(toResource(item)));
  }

  /**
   * One decision, as a predicate over requests: everything, nothing, or the requests the
   * conditions allow. For lists the services filter themselves.
   */
  async requestPredicate(
    credentials: BackstageCredentials,
    permission: KratixRequestPermission,
  ): Promise<(request: KratixRequestResource) => boolean> {
    const decision = await this.requestDecision(credentials, permission);
    if (decision.result === 'allow') return () => true;
    if (decision.result === 'deny') return () => false;
    return decision.allows;
  }

  /** One decision, with the conditions (if any) as a function of a request. */
  async requestDecision(
    credentials: BackstageCredentials,
    permission: KratixRequestPermission,
  ): Promise<KratixRequestDecision> {
    const decision = await this.decide(credentials, permission);
    if (decision.result === AuthorizeResult.ALLOW) return { result: 'allow' };
    if (decision.result === AuthorizeResult.DENY) return { result: 'deny' };
    return { result: 'conditional', allows: this.compile(decision) };
  }

  /**
   * A permission of the request type on something that is not one request (a Promise's
   * re-run or pause, a Promise pipeline's logs): only an unconditional ALLOW allows, as
   * conditions speak of requests. Throws NotAllowedError.
   */
  async authorizeUnconditional(
    credentials: BackstageCredentials,
    permission: KratixRequestPermission,
    what: string,
  ): Promise<void> {
    const decision = await this.decide(credentials, permission);
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `Missing permission ${permission.name} on ${what}${
          decision.result === AuthorizeResult.CONDITIONAL
            ? ' (the policy allows it only on some requests)'
            : ''
        }`,
      );
    }
  }

  /**
   * A request the credentials may read ({@link kratixRequestReadPermission}); one they may
   * not read is not found, as it is missing from every list they see.
   */
  async requireReadable(
    credentials: BackstageCredentials,
    request: KratixRequestResource,
  ): Promise<void> {
    if (
      !(await this.allowsRequest(
        credentials,
        kratixRequestReadPermission,
        request,
      ))
    ) {
      throw new NotFoundError(
        `No ${request.promise} request '${request.namespace}/${request.name}' on Kratix platform '${request.platform}'`,
      );
    }
  }

  /** Loads the requests named by resource refs (the permission backend's apply-conditions). */
  async loadResources(
    refs: string[],
  ): Promise<Array<KratixRequestResource | undefined>> {
    return loadKratixRequestResources(this.platforms, refs);
  }

  private async allowsRequest(
    credentials: BackstageCredentials,
    permission: KratixRequestPermission,
    request: KratixRequestResource,
  ): Promise<boolean> {
    const decision = await this.decide(credentials, permission);
    if (decision.result === AuthorizeResult.ALLOW) return true;
    if (decision.result === AuthorizeResult.DENY) return false;
    let resource = request;
    if (!resource.object) {
      const { request: object } = await findRequest(
        requirePlatform(this.platforms, request.platform),
        request.namespace,
        request.promise,
        request.name,
      );
      resource = { ...request, object };
    }
    return this.compile(decision)(resource);
  }

  private async decide(
    credentials: BackstageCredentials,
    permission: KratixRequestPermission,
  ): Promise<PolicyDecision> {
    const [decision] = await this.permissions.authorizeConditional(
      [{ permission }],
      { credentials },
    );
    return decision;
  }
}
