import {
  KRATIX_LABELS,
  type KratixApiError,
  type PartialResult,
  type PipelineRun,
} from '@kratix-backstage/plugin-kratix-common';
import {
  type KubeObject,
  pipelineNamespace,
} from '@kratix-backstage/plugin-kratix-node';
import type { KratixPlatform, KratixPlatforms } from '../platforms/types';
import { toPipelineRuns } from './mapping/pipelineRuns';
import {
  contextOf,
  onPlatform,
  requirePlatform,
  toApiError,
} from './platformAccess';
import { findPromise } from './PromiseService';
import { findRequest } from './RequestService';

/**
 * Pipeline runs (Jobs, their Pods and stages) of a request or a Promise.
 *
 * @public
 */
export class PipelineRunService {
  constructor(private readonly platforms: KratixPlatforms) {}

  async forRequest(
    platformName: string,
    namespace: string,
    promiseName: string,
    name: string,
  ): Promise<PartialResult<PipelineRun>> {
    const platform = requirePlatform(this.platforms, platformName);
    const { promise, request } = await findRequest(
      platform,
      namespace,
      promiseName,
      name,
    );
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
    );
  }

  async forPromise(
    platformName: string,
    promiseName: string,
  ): Promise<PartialResult<PipelineRun>> {
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
  ): Promise<PartialResult<PipelineRun>> {
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
    return { items: toPipelineRuns(contextOf(platform), jobs, pods), errors };
  }
}
