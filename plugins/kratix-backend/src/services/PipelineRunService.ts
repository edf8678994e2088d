import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  type KratixAccessChecks,
  unrestrictedKratixAccess,
} from '../access/KratixAccess';
import {
  KRATIX_LABELS,
  type KratixApiError,
  type PipelineRunsResponse,
  type RunRetention,
} from '@kratix-backstage/plugin-kratix-common';
import {
  type KubeObject,
  pipelineNamespace,
} from '@kratix-backstage/plugin-kratix-node';
import type {
  KratixPlatform,
  KratixPlatforms,
} from '@kratix-backstage/plugin-kratix-node';
import { toPipelineRuns } from './mapping/pipelineRuns';
import {
  contextOf,
  onPlatform,
  requirePlatform,
  toApiError,
} from './platformAccess';
import { findPromise } from './PromiseService';
import { findRequest, requestResource } from './RequestService';
import type { PrunedRunsTracker } from './PrunedRunsTracker';

/**
 * Pipeline runs (Jobs, their Pods and stages) of a request or a Promise.
 *
 * @public
 */
export class PipelineRunService {
  /** Kratix's default `numberOfJobsToKeep`. */
  static readonly KEPT_PER_PIPELINE = 5;

  constructor(
    private readonly platforms: KratixPlatforms,
    private readonly pruned?: PrunedRunsTracker,
    private readonly access: KratixAccessChecks = unrestrictedKratixAccess,
  ) {}

  /** Given the caller's credentials (`viewer`), a request they may not read is not found. */
  async forRequest(
    platformName: string,
    namespace: string,
    promiseName: string,
    name: string,
    viewer?: BackstageCredentials,
  ): Promise<PipelineRunsResponse> {
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
    const crossNamespace = Boolean(
      promise.spec?.workflows?.config?.pipelineNamespace,
    );
    const jobNamespace = pipelineNamespace(promise, request);
    const labels = {
      [KRATIX_LABELS.promiseName]: promiseName,
      [KRATIX_LABELS.resourceName]: name,
      ...(crossNamespace
        ? { [KRATIX_LABELS.resourceNamespace]: namespace }
        : {}),
    };
    return this.runs(
      platform,
      labels,
      job =>
        job.metadata.namespace === jobNamespace &&
        job.metadata.labels?.[KRATIX_LABELS.workflowType] !== 'promise',
      [platformName, promiseName, 'resource', jobNamespace, name].join(
        '\u0000',
      ),
    );
  }

  async forPromise(
    platformName: string,
    promiseName: string,
  ): Promise<PipelineRunsResponse> {
    const platform = requirePlatform(this.platforms, platformName);
    await findPromise(platform, promiseName);
    return this.runs(
      platform,
      {
        [KRATIX_LABELS.promiseName]: promiseName,
        [KRATIX_LABELS.workflowType]: 'promise',
      },
      () => true,
    );
  }

  /** Jobs are required; without their Pods the runs still show, without stages. */
  private async runs(
    platform: KratixPlatform,
    labels: Record<string, string>,
    keep: (job: KubeObject) => boolean,
    owner?: string,
  ): Promise<PipelineRunsResponse> {
    const jobs = (
      await onPlatform(platform, () => platform.kratix.listJobs(labels))
    ).filter(keep);
    const errors: KratixApiError[] = [];
    let pods: KubeObject[] = [];
    if (jobs.length) {
      try {
        pods = await platform.kratix.listPods(labels);
      } catch (error) {
        errors.push(toApiError(platform, error));
      }
    }
    const items = toPipelineRuns(contextOf(platform), jobs, pods);
    const since = this.pruned?.watch(platform.name) ?? new Date().toISOString();
    return { items, errors, retention: this.retention(jobs, since, owner) };
  }

  private retention(
    jobs: KubeObject[],
    since: string,
    owner?: string,
  ): RunRetention {
    const perPipeline = new Map<string, number>();
    for (const job of jobs) {
      const labels = job.metadata.labels ?? {};
      const key = `${labels[KRATIX_LABELS.workflowType] ?? ''}.${
        labels[KRATIX_LABELS.workflowAction] ?? ''
      }/${labels[KRATIX_LABELS.pipelineName] ?? ''}`;
      perPipeline.set(key, (perPipeline.get(key) ?? 0) + 1);
    }
    const kept = PipelineRunService.KEPT_PER_PIPELINE;
    return {
      keptPerPipeline: kept,
      atLimit: [...perPipeline]
        .filter(([, n]) => n >= kept)
        .map(([k]) => k)
        .sort(),
      prunedSeen: owner && this.pruned ? this.pruned.pruned(owner) : 0,
      watchingSince: since,
    };
  }
}
