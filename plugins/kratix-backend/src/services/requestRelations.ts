import {
  KRATIX_LABELS,
  type KratixApiError,
} from '@kratix-backstage/plugin-kratix-common';
import {
  type KratixPlatform,
  type KubeObject,
  loadWorkerJudgment,
  type WorkerJudgment,
} from '@kratix-backstage/plugin-kratix-node';
import { RequestIndex, type RequestRelations } from './mapping/requestIndex';
import { toApiError } from './platformAccess';

/** Reads one kind for an index: a failure is an `errors[]` entry, never the list's end. */
async function read(
  platform: KratixPlatform,
  errors: KratixApiError[],
  list: () => Promise<KubeObject[]>,
): Promise<KubeObject[]> {
  try {
    return await list();
  } catch (error) {
    errors.push(toApiError(platform, error));
    return [];
  }
}

/** What the relations of a platform's requests are computed from. */
export interface RequestIndexInputs {
  works: KubeObject[];
  workPlacements: KubeObject[];
  bindings: KubeObject[];
  healthRecords: KubeObject[];
  /** The worker judgment (the same object while nothing changed). */
  workerJudgment?: WorkerJudgment;
  /** The kinds that could not be read (left out). */
  errors: KratixApiError[];
}

/**
 * Reads, from the watch caches, what the relations of a platform's requests come from:
 * Works, WorkPlacements, and the ResourceBindings and HealthRecords where the platform
 * serves them, and the worker judgment. A kind that cannot be read is an `errors` entry.
 */
export async function loadRequestIndexInputs(
  platform: KratixPlatform,
): Promise<RequestIndexInputs> {
  const errors: KratixApiError[] = [];
  const [works, workPlacements, bindings, healthRecords, workerJudgment] =
    await Promise.all([
      read(platform, errors, () => platform.kratix.listWorks()),
      read(platform, errors, () => platform.kratix.listWorkPlacements()),
      read(platform, errors, () => platform.kratix.listResourceBindings()),
      read(platform, errors, () => platform.kratix.listHealthRecords()),
      loadWorkerJudgment(platform),
    ]);
  return {
    works,
    workPlacements,
    bindings,
    healthRecords,
    workerJudgment,
    errors,
  };
}

/**
 * The relations of every request of a platform, read once from the watch caches (Works,
 * WorkPlacements, and the ResourceBindings and HealthRecords where the platform serves
 * them). A kind that cannot be read leaves its part out and is reported in `errors`.
 */
export async function loadRequestIndex(platform: KratixPlatform): Promise<{
  index: RequestIndex;
  errors: KratixApiError[];
  /** The worker judgment the index holds (the same object while nothing changed). */
  workerJudgment?: WorkerJudgment;
}> {
  const inputs = await loadRequestIndexInputs(platform);
  return {
    index: new RequestIndex(inputs),
    errors: inputs.errors,
    workerJudgment: inputs.workerJudgment,
  };
}

/**
 * The relations of one request, from only the objects that can concern it. What
 * cannot be read is left out (the request's own routes say why: placement, runs).
 */
export async function loadRequestRelations(
  platform: KratixPlatform,
  promise: KubeObject,
  request: KubeObject,
): Promise<RequestRelations> {
  const errors: KratixApiError[] = [];
  const promiseName = promise.metadata.name;
  const [works, bindings, healthRecords, workerJudgment] = await Promise.all([
    read(platform, errors, () =>
      platform.kratix.listWorks({
        [KRATIX_LABELS.promiseName]: promiseName,
        [KRATIX_LABELS.workType]: 'resource',
        [KRATIX_LABELS.resourceName]: request.metadata.name,
      }),
    ),
    read(platform, errors, () =>
      platform.kratix.listResourceBindings({
        [KRATIX_LABELS.promiseName]: promiseName,
      }),
    ),
    read(platform, errors, () => platform.kratix.listHealthRecords()),
    loadWorkerJudgment(platform),
  ]);
  const workPlacements = works.length
    ? await read(platform, errors, async () => {
        const names = new Set(works.map(w => w.metadata.name));
        return (await platform.kratix.listWorkPlacements()).filter(wp =>
          names.has(wp.metadata.labels?.[KRATIX_LABELS.work] ?? ''),
        );
      })
    : [];
  return new RequestIndex({
    works,
    workPlacements,
    bindings,
    healthRecords,
    workerJudgment,
  }).relationsOf(promise, request);
}

/** Ephemeral requests of Kratix's DryRuns: not requests anyone made. */
export function isDryRunRequest(request: KubeObject): boolean {
  return request.metadata.labels?.[KRATIX_LABELS.dryRun] === 'true';
}
