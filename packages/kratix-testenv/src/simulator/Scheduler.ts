import { KRATIX_LABELS } from '@kratix-backstage/plugin-kratix-common';
import {
  KubeObject,
  decodeWorkload,
} from '@kratix-backstage/plugin-kratix-node';
import {
  stateStoreFilePath,
  workPlacementFor,
  workPlacementWrittenStatus,
  workScheduledStatus,
} from '@kratix-backstage/kratix-simulation';
import { Kube } from './kube';
import type { SimulatorTarget } from './KratixSimulator';

const KRATIX = 'platform.kratix.io/v1alpha1';
const GROUP = { group: 'platform.kratix.io', version: 'v1alpha1' };

function matches(
  destination: KubeObject,
  selectors: Array<{ matchLabels?: Record<string, string> }>,
): boolean {
  const labels = destination.metadata.labels ?? {};
  if (!selectors.length)
    return !(destination.spec?.strictMatchLabels && Object.keys(labels).length);
  return selectors.every(s =>
    Object.entries(s.matchLabels ?? {}).every(([k, v]) => labels[k] === v),
  );
}

/**
 * Kratix's scheduler and WorkPlacement controller, simplified: places each workload
 * group on matching Destinations (one, sticky, for resource Works; all for dependency
 * Works) and writes the files to the git state store in Kratix's layout.
 */
export class Scheduler {
  constructor(
    private readonly kube: Kube,
    private readonly store: SimulatorTarget['stateStore'],
  ) {}

  /** Creates or updates the Work (found by its labels, as the work-writer does) and places it. */
  async applyWork(desired: KubeObject): Promise<KubeObject> {
    const labels = desired.metadata.labels!;
    const selector = Object.entries(labels)
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
    const [existing] = await this.kube.list(
      KRATIX,
      'Work',
      desired.metadata.namespace,
      selector,
    );
    const work = existing
      ? await this.kube.apply({
          ...desired,
          metadata: { ...desired.metadata, name: existing.metadata.name },
        })
      : await this.kube.apply(desired);
    await this.place(work);
    return work;
  }

  private async place(work: KubeObject): Promise<void> {
    const destinations = (await this.kube.list(KRATIX, 'Destination')).sort(
      (a, b) => a.metadata.name.localeCompare(b.metadata.name),
    );
    const stores = await this.kube.list(KRATIX, 'GitStateStore');
    const placements = await this.kube.list(
      KRATIX,
      'WorkPlacement',
      work.metadata.namespace,
      `${KRATIX_LABELS.work}=${work.metadata.name}`,
    );
    let placed = 0;
    for (const group of work.spec.workloadGroups) {
      const candidates = destinations.filter(d =>
        matches(d, group.destinationSelectors ?? []),
      );
      const current = placements
        .filter(p => p.spec.id === group.id)
        .map(p => p.spec.targetDestinationName)
        .filter(name => candidates.some(c => c.metadata.name === name));
      const chosen = work.spec.resourceName
        ? candidates.filter(
            c =>
              c.metadata.name === (current[0] ?? candidates[0]?.metadata.name),
          )
        : candidates;
      if (chosen.length) placed++;
      for (const destination of chosen) {
        const wp = await this.kube.apply(
          workPlacementFor(work, group, destination.metadata.name),
        );
        const store = stores.find(
          s => s.metadata.name === destination.spec?.stateStoreRef?.name,
        );
        const files: Record<string, string | null> = {};
        for (const w of group.workloads) {
          files[
            stateStoreFilePath({
              destinationPath: destination.spec.path,
              stateStorePath: store?.spec?.path,
              work,
              groupId: group.id,
              filepath: w.filepath,
            })
          ] = decodeWorkload(w.content);
        }
        const dir = stateStoreFilePath({
          destinationPath: destination.spec.path,
          stateStorePath: store?.spec?.path,
          work,
          groupId: group.id,
          filepath: '',
        });
        for (const stale of await this.store.listFiles(dir))
          if (!(stale in files)) files[stale] = null;
        const sha = await this.store.commit(
          files,
          `Update from: ${wp.metadata.name}`,
        );
        await this.kube.updateStatus(
          {
            ...GROUP,
            plural: 'workplacements',
            name: wp.metadata.name,
            namespace: wp.metadata.namespace,
          },
          () => workPlacementWrittenStatus(sha),
        );
      }
    }
    const groups = work.spec.workloadGroups.length;
    await this.kube.updateStatus(
      {
        ...GROUP,
        plural: 'works',
        name: work.metadata.name,
        namespace: work.metadata.namespace,
      },
      () => workScheduledStatus(groups, placed === groups),
    );
  }

  /** Removes a deleted request's Works, WorkPlacements and files. */
  async removeRequest(promise: KubeObject, request: KubeObject): Promise<void> {
    const namespace = request.metadata.namespace ?? 'default';
    const works = await this.kube.list(
      KRATIX,
      'Work',
      namespace,
      `${KRATIX_LABELS.promiseName}=${promise.metadata.name},${KRATIX_LABELS.resourceName}=${request.metadata.name}`,
    );
    const files: Record<string, null> = {};
    for (const work of works) {
      const placements = await this.kube.list(
        KRATIX,
        'WorkPlacement',
        namespace,
        `${KRATIX_LABELS.work}=${work.metadata.name}`,
      );
      for (const wp of placements) {
        const destination = await this.kube.read({
          apiVersion: KRATIX,
          kind: 'Destination',
          name: wp.spec.targetDestinationName,
        });
        if (destination) {
          const dir = stateStoreFilePath({
            destinationPath: destination.spec.path,
            work,
            groupId: wp.spec.id,
            filepath: '',
          });
          for (const f of await this.store.listFiles(dir)) files[f] = null;
        }
        await this.kube.delete({
          apiVersion: KRATIX,
          kind: 'WorkPlacement',
          name: wp.metadata.name,
          namespace,
        });
      }
      await this.kube.delete({
        apiVersion: KRATIX,
        kind: 'Work',
        name: work.metadata.name,
        namespace,
      });
    }
    if (Object.keys(files).length)
      await this.store.commit(
        files,
        `Delete from: ${namespace}/${request.metadata.name}`,
      );
  }
}
