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
import { KRATIX_LABELS } from '@kratix-backstage/plugin-kratix-common';
import { toPromiseDetail, toPromiseSummary } from './mapping/promises';
import { toPromiseRevisions } from './mapping/versions';
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
    const promise = await findPromise(platform, name);
    return toPromiseDetail(
      contextOf(platform),
      promise,
      await this.revisions(platform, name),
    );
  }

  /**
   * The Promise's revisions with the requests each serves; `undefined` where the
   * platform serves no PromiseRevisions, or they cannot be read (the rest of the
   * Promise still shows).
   */
  private async revisions(platform: KratixPlatform, name: string) {
    try {
      const kinds = await platform.kratix.optionalKinds();
      if (!kinds.promiseRevisions) return undefined;
      const [revisions, bindings] = await Promise.all([
        platform.kratix.listPromiseRevisions(name),
        platform.kratix
          .listResourceBindings({ [KRATIX_LABELS.promiseName]: name })
          .catch(() => []),
      ]);
      return toPromiseRevisions(revisions, bindings);
    } catch {
      return undefined;
    }
  }
}
