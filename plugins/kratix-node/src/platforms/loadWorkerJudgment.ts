import {
  WorkerJudgment,
  type WorkerJudgmentDestination,
} from '../kratixObjects/workerJudgment';
import type { KubeObject } from '../kratixObjects/types';
import { toKratixClusterError } from './errors';
import type { KratixPlatform } from './types';

const memo = new WeakMap<
  KratixPlatform,
  { fingerprint: string; judgment: WorkerJudgment }
>();

const stamp = (objects: KubeObject[]) =>
  objects
    .map(
      o =>
        `${o.metadata.namespace ?? ''}/${o.metadata.name}@${
          o.metadata.resourceVersion ?? o.metadata.generation ?? ''
        }`,
    )
    .sort()
    .join(',');

/**
 * What the watched workers of a platform did with each request's output
 * ({@link WorkerJudgment}), from the watch caches of the platform (Destinations,
 * WorkPlacements) and of its workers (Kustomizations). Computed again only when one of
 * those objects changed (by resourceVersion), so every list and entity of the platform
 * shares one computation. Undefined when the platform has no watched worker, or its
 * WorkPlacements cannot be read.
 *
 * @public
 */
export async function loadWorkerJudgment(
  platform: KratixPlatform,
): Promise<WorkerJudgment | undefined> {
  if (!platform.workers.length) return undefined;
  let destinations: KubeObject[];
  let workPlacements: KubeObject[];
  try {
    [destinations, workPlacements] = await Promise.all([
      platform.kratix.listDestinations(),
      platform.kratix.listWorkPlacements(),
    ]);
  } catch {
    return undefined;
  }
  const workers = await Promise.all(
    platform.workers.map(async worker => {
      try {
        return {
          worker,
          reachable: true,
          kustomizations: await worker.source.listKustomizations(),
        };
      } catch (error) {
        const type = toKratixClusterError(error, worker.name).type;
        return {
          worker,
          // A worker without Flux's CRDs is reachable: it has no Kustomization.
          reachable: type === 'not-found',
          kustomizations: [] as KubeObject[],
        };
      }
    }),
  );
  const fingerprint = [
    stamp(destinations),
    stamp(workPlacements),
    ...workers.map(
      w =>
        `${w.worker.name}:${w.worker.destination}:${w.reachable}:${stamp(
          w.kustomizations,
        )}`,
    ),
  ].join('|');
  const known = memo.get(platform);
  if (known?.fingerprint === fingerprint) return known.judgment;
  const input: WorkerJudgmentDestination[] = destinations.map(d => ({
    name: d.metadata.name,
    ...(d.spec?.path ? { path: String(d.spec.path) } : {}),
    workers: workers
      .filter(w => w.worker.destination === d.metadata.name)
      .map(w => ({
        cluster: w.worker.name,
        reachable: w.reachable,
        kustomizations: w.kustomizations,
      })),
  }));
  const judgment = new WorkerJudgment({ destinations: input, workPlacements });
  memo.set(platform, { fingerprint, judgment });
  return judgment;
}
