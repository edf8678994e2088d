import {
  ConflictError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import type {
  KratixApiError,
  PartialResult,
} from '@kratix-backstage/plugin-kratix-common';
import { toKratixClusterError } from '../cluster/errors';
import type {
  KratixPlatform,
  KratixPlatforms,
} from '@kratix-backstage/plugin-kratix-node';
import type { PlatformContext } from './mapping/common';

const BACKSTAGE_ERRORS = new Set([
  'InputError',
  'NotFoundError',
  'NotAllowedError',
  'ConflictError',
  'ServiceUnavailableError',
  'AuthenticationError',
]);

/** The platform of a route, or a 404 naming the configured ones. */
export function requirePlatform(
  platforms: KratixPlatforms,
  name: string,
): KratixPlatform {
  const platform = platforms.get(name);
  if (!platform) {
    const known = platforms.list().map(p => p.name);
    throw new NotFoundError(
      `No Kratix platform named '${name}'; configured: ${
        known.length ? known.join(', ') : 'none'
      }`,
    );
  }
  return platform;
}

/** The mapping context of a platform. */
export function contextOf(platform: KratixPlatform): PlatformContext {
  return { name: platform.name, demo: platform.demo };
}

/** A cluster failure as an `errors[]` entry. */
export function toApiError(
  platform: KratixPlatform,
  error: unknown,
  cluster?: string,
): KratixApiError {
  return toKratixClusterError(
    error,
    cluster ?? platform.kratix.cluster,
  ).toApiError(platform.name);
}

/**
 * A cluster failure as the Backstage error a route throws: 404, 403, 409, or 503 for a
 * cluster that rejects the credentials, times out or cannot be reached. The typed
 * failure is the error's `cause`.
 */
export function toBackstageError(
  platform: KratixPlatform,
  error: unknown,
): Error {
  if (error instanceof Error && BACKSTAGE_ERRORS.has(error.name)) return error;
  const typed = toKratixClusterError(error, platform.kratix.cluster);
  const cause = Object.assign(new Error(typed.message), {
    name: 'KratixClusterError',
    ...typed.toApiError(platform.name),
  });
  const message = `Kratix platform '${platform.name}' failed (${typed.type})`;
  switch (typed.type) {
    case 'not-found':
      return new NotFoundError(message, cause);
    case 'forbidden':
      return new NotAllowedError(message, cause);
    case 'conflict':
      return new ConflictError(message, cause);
    default:
      return new ServiceUnavailableError(message, cause);
  }
}

/** Runs a read against one platform, turning a cluster failure into a Backstage error. */
export async function onPlatform<T>(
  platform: KratixPlatform,
  read: () => Promise<T>,
): Promise<T> {
  try {
    return await read();
  } catch (error) {
    throw toBackstageError(platform, error);
  }
}

/**
 * Runs a read against several platforms at once: what succeeded, plus one typed error
 * per platform that failed.
 */
export async function fanOut<T>(
  platforms: KratixPlatform[],
  read: (platform: KratixPlatform) => Promise<PartialResult<T> | T[]>,
): Promise<PartialResult<T>> {
  const results = await Promise.all(
    platforms.map(async platform => {
      try {
        const result = await read(platform);
        return Array.isArray(result) ? { items: result, errors: [] } : result;
      } catch (error) {
        return { items: [], errors: [toApiError(platform, error)] };
      }
    }),
  );
  return {
    items: results.flatMap(r => r.items),
    errors: results.flatMap(r => r.errors),
  };
}
