import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import {
  type Entity,
  parseEntityRef,
  RELATION_MEMBER_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { NotAllowedError, ServiceUnavailableError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type {
  KratixPlatform,
  KratixWriteOptions,
} from '@kratix-backstage/plugin-kratix-node';
import type { KratixCaller } from '../access/types';
import { impersonationFor } from './impersonationFor';

/**
 * Who a caller's write reaches a platform as: nothing to add on a platform that writes
 * as the service (`writeAs: service`, the default), Kubernetes impersonation of the
 * calling user on one that writes as the user.
 *
 * @public
 */
export interface KratixWriteIdentity {
  /**
   * The options of `caller`'s writes on `platform`. Throws `NotAllowedError` when the
   * platform writes as the user and the caller is not one (a service).
   */
  writeOptions(
    platform: KratixPlatform,
    caller: KratixCaller,
  ): Promise<KratixWriteOptions>;
}

/** How long a user's groups are kept, by default. */
export const GROUPS_CACHE_TTL_MS = 30_000;
const MAX_CACHED_USERS = 1000;

const writesAsUser = (platform: KratixPlatform) => platform.writeAs === 'user';

/** The user entity ref of the caller, or a 403 saying why a service cannot write here. */
function userRefOf(platform: KratixPlatform, caller: KratixCaller): string {
  const principal = caller.credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  if (principal.type === 'user' && principal.userEntityRef)
    return principal.userEntityRef;
  const who =
    principal.type === 'service'
      ? `the service '${principal.subject ?? 'unknown'}'`
      : `a caller that is not a user (${principal.type})`;
  throw new NotAllowedError(
    `Kratix platform '${platform.name}' writes as the signed-in user (writeAs: user): its API server authorizes each write as that user through Kubernetes impersonation, and this call comes from ${who}, with no user to act as. Call on behalf of a user (with the user's credentials), or use a platform that writes as the service`,
  );
}

/** The group refs of a user entity: its `memberOf` relations, and `spec.memberOf`. */
export function groupRefsOf(entity: Entity): string[] {
  const refs = new Set<string>();
  for (const relation of entity.relations ?? []) {
    if (relation.type === RELATION_MEMBER_OF) refs.add(relation.targetRef);
  }
  const memberOf = (entity.spec as { memberOf?: unknown } | undefined)
    ?.memberOf;
  if (Array.isArray(memberOf)) {
    for (const ref of memberOf) {
      if (typeof ref !== 'string') continue;
      try {
        refs.add(
          stringifyEntityRef(
            parseEntityRef(ref, {
              defaultKind: 'group',
              defaultNamespace: entity.metadata.namespace ?? 'default',
            }),
          ),
        );
      } catch {
        // Not a ref: the catalog reports it on the entity; nothing to impersonate.
      }
    }
  }
  return [...refs];
}

/**
 * Writes as the user: the caller's user entity ref through the platform's
 * `impersonation.userTemplate`, and the groups the user entity is a member of in the
 * catalog (read with the plugin's own credentials, kept for a short while per user),
 * each through `groupPrefix` and `groupTemplate`. A user without an entity in the
 * catalog is impersonated without groups; a catalog that cannot be read refuses the
 * write (503) rather than writing with fewer groups.
 *
 * @public
 */
export class CatalogWriteIdentity implements KratixWriteIdentity {
  private readonly cache = new Map<
    string,
    { at: number; groups: Promise<string[]> }
  >();
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: AuthService;
      logger?: LoggerService;
      /** How long a user's groups are kept. Default 30 s. */
      groupsCacheTtlMs?: number;
      now?: () => number;
    },
  ) {
    this.ttlMs = options.groupsCacheTtlMs ?? GROUPS_CACHE_TTL_MS;
    this.now = options.now ?? Date.now;
  }

  async writeOptions(
    platform: KratixPlatform,
    caller: KratixCaller,
  ): Promise<KratixWriteOptions> {
    if (!writesAsUser(platform)) return {};
    const userRef = userRefOf(platform, caller);
    let groups: string[];
    try {
      groups = await this.groupsOf(userRef);
    } catch (error) {
      throw new ServiceUnavailableError(
        `Kratix platform '${
          platform.name
        }' writes as the signed-in user (writeAs: user), and the groups of ${userRef} cannot be read from the catalog: ${
          (error as Error).message
        }`,
      );
    }
    return {
      impersonate: impersonationFor(userRef, groups, platform.impersonation),
    };
  }

  /** The group refs of a user, from the catalog, cached for a short while. */
  async groupsOf(userRef: string): Promise<string[]> {
    const now = this.now();
    const cached = this.cache.get(userRef);
    if (cached && now - cached.at < this.ttlMs) return cached.groups;
    const groups = this.readGroups(userRef);
    this.remember(userRef, { at: now, groups });
    groups.catch(() => {
      if (this.cache.get(userRef)?.groups === groups)
        this.cache.delete(userRef);
    });
    return groups;
  }

  private async readGroups(userRef: string): Promise<string[]> {
    const credentials = await this.options.auth.getOwnServiceCredentials();
    const entity = await this.options.catalog.getEntityByRef(userRef, {
      credentials,
    });
    if (!entity) {
      this.options.logger?.info(
        `Kratix writes as ${userRef}, who has no entity in the catalog: impersonated without groups`,
      );
      return [];
    }
    return groupRefsOf(entity);
  }

  private remember(
    userRef: string,
    entry: { at: number; groups: Promise<string[]> },
  ) {
    this.cache.delete(userRef);
    if (this.cache.size >= MAX_CACHED_USERS) {
      for (const [key, value] of this.cache) {
        if (entry.at - value.at >= this.ttlMs) this.cache.delete(key);
      }
      if (this.cache.size >= MAX_CACHED_USERS) {
        const oldest = this.cache.keys().next().value;
        if (oldest !== undefined) this.cache.delete(oldest);
      }
    }
    this.cache.set(userRef, entry);
  }
}

/**
 * For services built without a catalog: platforms that write as the service write
 * as before; a platform that writes as the user refuses writes (503), since the user's
 * groups cannot be known.
 *
 * @public
 */
export const serviceOnlyWriteIdentity: KratixWriteIdentity = {
  async writeOptions(platform) {
    if (!writesAsUser(platform)) return {};
    throw new ServiceUnavailableError(
      `Kratix platform '${platform.name}' writes as the signed-in user (writeAs: user), but these Kratix services were built without a way to read users' groups from the catalog (createKratixServices(platforms, { identity }))`,
    );
  },
};
