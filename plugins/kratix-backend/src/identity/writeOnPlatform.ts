import { NotAllowedError } from '@backstage/errors';
import type {
  KratixPlatform,
  KratixWriteOptions,
} from '@kratix-backstage/plugin-kratix-node';
import { toKratixClusterError } from '../cluster/errors';
import { toBackstageError } from '../services/platformAccess';

/** Who a write went as, in words: `user "alice" (groups team-a, team-b)`. */
export function describeWriter(as: KratixWriteOptions): string {
  const imp = as.impersonate;
  if (!imp) return "the plugin's own identity";
  const groups = imp.groups.length
    ? ` (group${imp.groups.length === 1 ? '' : 's'} ${imp.groups.join(', ')})`
    : ' (no groups)';
  return `user "${imp.user}"${groups}`;
}

/**
 * The Backstage error for a write the platform refused with 403: a `NotAllowedError`
 * that says what was refused, as whom, and Kubernetes' own reason, e.g.
 * `Kubernetes refused to create elastic-cloud 'team-b/es' on Kratix platform 'prod' as user "alice" (group team-a): elastic-clouds.workshop.kratix.io is forbidden: User "alice" cannot create resource "elastic-clouds" in API group "workshop.kratix.io" in the namespace "team-b"`.
 * Undefined for any other failure.
 */
export function forbiddenWrite(
  platform: KratixPlatform,
  what: string,
  as: KratixWriteOptions,
  error: unknown,
): NotAllowedError | undefined {
  const typed = toKratixClusterError(error, platform.kratix.cluster);
  if (typed.type !== 'forbidden') return undefined;
  return new NotAllowedError(
    `Kubernetes refused to ${what} on Kratix platform '${
      platform.name
    }' as ${describeWriter(as)}: ${typed.apiMessage ?? typed.message}`,
  );
}

/**
 * Runs a write on a platform: a 403 of the API server becomes a `NotAllowedError`
 * quoting Kubernetes' reason ({@link forbiddenWrite}); any other cluster failure the
 * Backstage error a read's would be (404, 409, 503).
 */
export async function writeOnPlatform<T>(
  platform: KratixPlatform,
  what: string,
  as: KratixWriteOptions,
  write: () => Promise<T>,
): Promise<T> {
  try {
    return await write();
  } catch (error) {
    throw (
      forbiddenWrite(platform, what, as, error) ??
      toBackstageError(platform, error)
    );
  }
}
