import { NotFoundError } from '@backstage/errors';
import type {
  PartialResult,
  PromiseDetail,
  PromiseSummary,
} from '@kratix-backstage/plugin-kratix-common';
import type { KubeObject } from '@kratix-backstage/plugin-kratix-node';
import type {
  KratixPlatform,
  KratixPlatforms,
} from '@kratix-backstage/plugin-kratix-node';
import { toPromiseDetail, toPromiseSummary } from './mapping/promises';
import {
  contextOf,
  fanOut,
  onPlatform,
  requirePlatform,
} from './platformAccess';

/**
 * A Promise of a platform, or a 404.
 */
export async function findPromise(
  platform: KratixPlatform,
  name: string,
): Promise<KubeObject> {
  const promise = await onPlatform(platform, () =>
    platform.kratix.getPromise(name),
  );
  if (!promise) {
    throw new NotFoundError(
      `No Promise '${name}' on Kratix platform '${platform.name}'`,
    );
  }
  return promise;
}

/**
 * Promises: listed across platforms, or one in detail.
 *
 * @public
 */
export class PromiseService {
  constructor(private readonly platforms: KratixPlatforms) {}

  /** Every Promise of every platform (or of one), with a typed error per failing platform. */
  async list(
    options: { platform?: string } = {},
  ): Promise<PartialResult<PromiseSummary>> {
    const platforms = options.platform
      ? [requirePlatform(this.platforms, options.platform)]
      : this.platforms.list();
    const result = await fanOut(platforms, async platform =>
      (
        await platform.kratix.listPromises()
      ).map(p => toPromiseSummary(contextOf(platform), p)),
    );
    result.items.sort(
      (a, b) =>
        a.platform.localeCompare(b.platform) || a.name.localeCompare(b.name),
    );
    return result;
  }

  async get(platformName: string, name: string): Promise<PromiseDetail> {
    const platform = requirePlatform(this.platforms, platformName);
    return toPromiseDetail(
      contextOf(platform),
      await findPromise(platform, name),
    );
  }
}
