/*
 * Benchmark (not a test): the cost of permissions on each request in a list. N requests
 * (annotated with requesters and some owners, as the watch caches hold them) are filtered
 * by the example policy's conditional decision (isRequester or isOwner with a user's
 * claims), through DefaultKratixAccess.filterRequests (one decision, compiled once), and,
 * for comparison, with the permission framework's createConditionAuthorizer applied to
 * each request (which checks the rule parameters again on every request).
 * Usage: scripts/bench-permissions.sh [N...]   (default: 10000 100000)
 */
import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import { kratixRequestReadPermission } from '@kratix-backstage/plugin-kratix-common';
import {
  createKratixRequestConditionalDecision,
  kratixPlatformsOf,
  kratixRequestConditions,
  kratixRequestPermissionRules,
  type KratixRequestResource,
} from '@kratix-backstage/plugin-kratix-node';
import { DefaultKratixAccess } from '../plugins/kratix-backend/src/access/KratixAccess';

const RUNS = 5;
const claims = [
  'user:default/u7',
  'group:default/team-3',
  'group:default/app-team',
];
const decision = createKratixRequestConditionalDecision(
  kratixRequestReadPermission,
  {
    anyOf: [
      kratixRequestConditions.isRequester({ claims }),
      kratixRequestConditions.isOwner({ claims }),
    ],
  },
);

function requests(n: number): KratixRequestResource[] {
  return Array.from({ length: n }, (_, i) => ({
    platform: 'prod',
    promise: `promise-${i % 60}`,
    namespace: `team-${i % 50}`,
    name: `request-${i}`,
    object: {
      apiVersion: 'example.kratix.io/v1',
      kind: 'Example',
      metadata: {
        name: `request-${i}`,
        namespace: `team-${i % 50}`,
        annotations: {
          'backstage.io/kratix-requester': `user:default/u${i % 1000}`,
          ...(i % 3
            ? {}
            : { 'backstage.io/kratix-owner': `group:default/team-${i % 20}` }),
        },
      },
    },
  }));
}

function median(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function time(fn: () => Promise<number> | number) {
  const times: number[] = [];
  let kept = 0;
  for (let run = 0; run < RUNS; run++) {
    const start = process.hrtime.bigint();
    kept = await fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return { ms: median(times), kept };
}

async function main() {
  const sizes = process.argv.slice(2).map(Number);
  const permissions: PermissionsService = {
    authorize: async () => {
      throw new Error('not asked');
    },
    // One decision per list, as the permission backend answers it.
    authorizeConditional: async () => [decision],
  };
  const access = new DefaultKratixAccess({
    permissions,
    platforms: kratixPlatformsOf([]),
  });
  const credentials = {} as BackstageCredentials;
  const perRequest = createConditionAuthorizer<KratixRequestResource, unknown>(
    Object.values(kratixRequestPermissionRules),
  );
  console.log(
    `requests  filterRequests (compiled once)  createConditionAuthorizer per request  kept`,
  );
  for (const n of sizes.length ? sizes : [10_000, 100_000]) {
    const items = requests(n);
    const compiled = await time(
      async () =>
        (
          await access.filterRequests(
            credentials,
            kratixRequestReadPermission,
            items,
            r => r,
          )
        ).length,
    );
    const framework = await time(
      () => items.filter(r => perRequest(decision, r)).length,
    );
    if (compiled.kept !== framework.kept) throw new Error('results differ');
    console.log(
      `${String(n).padStart(8)}  ${compiled.ms
        .toFixed(1)
        .padStart(28)} ms  ${framework.ms.toFixed(1).padStart(36)} ms  ${
        compiled.kept
      }`,
    );
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
