import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import {
  AuthorizeResult,
  isResourcePermission,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import type {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { KRATIX_REQUEST_RESOURCE_TYPE } from '@kratix-backstage/plugin-kratix-common';
import {
  createKratixRequestConditionalDecision,
  kratixRequestConditions,
  normalizeEntityRef,
} from '@kratix-backstage/plugin-kratix-node';

/** Where the example policy reads who the platform team is. */
export const PLATFORM_TEAM_CONFIG_KEY = 'kratix.permissionPolicy.platformTeam';

/**
 * The app's example permission policy: "the platform team may do everything, everyone
 * else only acts on their own requests".
 *
 * - Without `kratix.permissionPolicy.platformTeam` it allows everything, as the allow-all
 *   policy it replaces (the demo's guest keeps seeing and operating the workshop's
 *   requests, which nobody asked for through Backstage).
 * - With it (an entity ref or a list: groups or users), a user who is, or belongs to, one
 *   of them may do everything. Every other user reads Promises, Destinations and
 *   platforms (kratix.resource.read), and sees, reads the logs of, re-runs, pauses,
 *   deletes and creates only the requests they asked for (`isRequester`) or that they or
 *   their groups own (`isOwner`), all with their ownership claims. Re-running or pausing
 *   a Promise stays with the platform team (conditions speak of requests only).
 * - Calls from other backend plugins (service principals, no user) and permissions of
 *   other plugins are allowed, as before.
 */
export class KratixExamplePolicy implements PermissionPolicy {
  private readonly platformTeam: string[] | undefined;

  constructor(options: { platformTeam?: string[] }) {
    this.platformTeam = options.platformTeam?.length
      ? options.platformTeam.map(ref => normalizeEntityRef(ref, 'group'))
      : undefined;
  }

  static fromConfig(config: Config): KratixExamplePolicy {
    const value = config.getOptional(PLATFORM_TEAM_CONFIG_KEY);
    let platformTeam: string[] | undefined;
    if (typeof value === 'string') platformTeam = [value];
    else if (value !== undefined) {
      platformTeam = config.getStringArray(PLATFORM_TEAM_CONFIG_KEY);
    }
    return new KratixExamplePolicy({ platformTeam });
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const allow = { result: AuthorizeResult.ALLOW } as const;
    if (!this.platformTeam || !user) return allow;
    const claims = user.info.ownershipEntityRefs;
    const team = this.platformTeam;
    if (
      claims.some(claim => team.includes(normalizeEntityRef(claim, 'user')))
    ) {
      return allow;
    }
    if (
      isResourcePermission(request.permission, KRATIX_REQUEST_RESOURCE_TYPE)
    ) {
      return createKratixRequestConditionalDecision(request.permission, {
        anyOf: [
          kratixRequestConditions.isRequester({ claims }),
          kratixRequestConditions.isOwner({ claims }),
        ],
      });
    }
    return allow;
  }
}

/**
 * The permission backend's policy for this app: {@link KratixExamplePolicy}, configured
 * by `kratix.permissionPolicy.platformTeam` (docs/permissions.md).
 */
export const kratixExamplePermissionPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'kratix-example-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ policy, config, logger }) {
        const examplePolicy = KratixExamplePolicy.fromConfig(config);
        const team = config.getOptional(PLATFORM_TEAM_CONFIG_KEY);
        logger.info(
          team
            ? `Permission policy: ${JSON.stringify(
                team,
              )} may do everything; everyone else acts on their own Kratix requests only`
            : `Permission policy: everything is allowed (set ${PLATFORM_TEAM_CONFIG_KEY} to limit users to their own Kratix requests)`,
        );
        policy.setPolicy(examplePolicy);
      },
    });
  },
});
