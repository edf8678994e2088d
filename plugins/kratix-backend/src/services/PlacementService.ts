import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  type KratixAccessChecks,
  unrestrictedKratixAccess,
} from '../access/KratixAccess';
import {
  KRATIX_LABELS,
  type KratixApiError,
  type Placement,
} from '@kratix-backstage/plugin-kratix-common';
import {
  type KubeObject,
  pipelineNamespace,
} from '@kratix-backstage/plugin-kratix-node';
import type {
  KratixPlatform,
  KratixPlatforms,
} from '@kratix-backstage/plugin-kratix-node';
import { origin } from './mapping/common';
import { toWork, toWorkPlacement } from './mapping/placement';
import {
  contextOf,
  onPlatform,
  requirePlatform,
  toApiError,
} from './platformAccess';
import { findPromise } from './PromiseService';
import { findRequest, requestResource } from './RequestService';

/**
 * Where the output of a request's or Promise's pipelines went: Works and WorkPlacements.
 *
 * @public
 */
export class PlacementService {
  constructor(
    private readonly platforms: KratixPlatforms,
    private readonly access: KratixAccessChecks = unrestrictedKratixAccess,
  ) {}

  /** Given the caller's credentials (`viewer`), a request they may not read is not found. */
  async forRequest(
    platformName: string,
    namespace: string,
    promiseName: string,
    name: string,
    options: { includeContent?: boolean } = {},
    viewer?: BackstageCredentials,
  ): Promise<Placement> {
    const platform = requirePlatform(this.platforms, platformName);
    const { promise, request } = await findRequest(
      platform,
      namespace,
      promiseName,
      name,
    );
    if (viewer) {
      await this.access.requireReadable(
        viewer,
        requestResource(platform.name, promiseName, request),
      );
    }
    const workNamespace = pipelineNamespace(promise, request);
    const works = await onPlatform(platform, () =>
      platform.kratix.listWorks({
        [KRATIX_LABELS.promiseName]: promiseName,
        [KRATIX_LABELS.workType]: 'resource',
        [KRATIX_LABELS.resourceName]: name,
      }),
    );
    return this.placement(
      platform,
      works.filter(w => w.metadata.namespace === workNamespace),
      options,
    );
  }

  async forPromise(
    platformName: string,
    promiseName: string,
    options: { includeContent?: boolean } = {},
  ): Promise<Placement> {
    const platform = requirePlatform(this.platforms, platformName);
    await findPromise(platform, promiseName);
    const works = await onPlatform(platform, () =>
      platform.kratix.listWorks({ [KRATIX_LABELS.promiseName]: promiseName }),
    );
    const promiseWorks = works.filter(w =>
      ['promise', 'static-dependency'].includes(
        w.metadata.labels?.[KRATIX_LABELS.workType] ?? '',
      ),
    );
    return this.placement(platform, promiseWorks, options);
  }

  private async placement(
    platform: KratixPlatform,
    works: KubeObject[],
    options: { includeContent?: boolean },
  ): Promise<Placement> {
    const errors: KratixApiError[] = [];
    let placements: KubeObject[] = [];
    if (works.length) {
      try {
        const names = new Set(
          works.map(w => `${w.metadata.namespace}/${w.metadata.name}`),
        );
        placements = (await platform.kratix.listWorkPlacements()).filter(wp =>
          names.has(
            `${wp.metadata.namespace}/${
              wp.metadata.labels?.[KRATIX_LABELS.work] ?? ''
            }`,
          ),
        );
      } catch (error) {
        errors.push(toApiError(platform, error));
      }
    }
    return {
      ...origin(contextOf(platform)),
      works: works
        .map(w => toWork(w, options))
        .sort((a, b) => a.name.localeCompare(b.name)),
      workPlacements: placements
        .map(toWorkPlacement)
        .sort((a, b) => a.name.localeCompare(b.name)),
      errors,
    };
  }
}
