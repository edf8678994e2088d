import {
  KRATIX_LABELS,
  type RequestWorkerJudgment,
} from '@kratix-backstage/plugin-kratix-common';
import {
  healthRecordTarget,
  type KubeObject,
  pipelineNamespace,
  type WorkerJudgment,
} from '@kratix-backstage/plugin-kratix-node';
import { placementDestination } from './placement';

/**
 * What other objects say about one request: the Destinations its WorkPlacements target,
 * its ResourceBinding and the HealthRecords that point at it.
 *
 * @public
 */
export interface RequestRelations {
  destinations: string[];
  binding?: KubeObject;
  healthRecords: KubeObject[];
  /** What the workers' Flux did with its output, where a worker is watched. */
  worker?: RequestWorkerJudgment;
}

/** The objects of a platform an index is built from. */
export interface RequestIndexInput {
  works?: KubeObject[];
  workPlacements?: KubeObject[];
  bindings?: KubeObject[];
  healthRecords?: KubeObject[];
  /** The platform's worker judgment ({@link WorkerJudgment}), when it has watched workers. */
  workerJudgment?: WorkerJudgment;
}

const key = (promise: string, namespace: string, name: string) =>
  `${promise}\u0000${namespace}\u0000${name}`;

const isDryRun = (object: KubeObject) =>
  object.metadata.labels?.[KRATIX_LABELS.dryRun] === 'true';

function push<K, V>(map: Map<K, V[]>, k: K, value: V) {
  const list = map.get(k);
  if (list) list.push(value);
  else map.set(k, [value]);
}

/**
 * The relations of every request of a platform, indexed once so that a list of many
 * requests costs one pass over each kind instead of one per request: WorkPlacement
 * Destinations by request (through the Works they place), ResourceBindings by request,
 * HealthRecords by request.
 *
 * @public
 */
export class RequestIndex {
  private readonly destinations = new Map<string, Set<string>>();
  private readonly bindings = new Map<string, KubeObject>();
  private readonly records = new Map<string, KubeObject[]>();
  private readonly workerJudgment?: WorkerJudgment;

  constructor(input: RequestIndexInput = {}) {
    this.workerJudgment = input.workerJudgment;
    // A Work of a request's resource workflow: `kratix.io/work` on its WorkPlacements
    // names it; it lives where the request's pipelines run.
    const requestOfWork = new Map<string, string>();
    for (const work of input.works ?? []) {
      const labels = work.metadata.labels ?? {};
      if (labels[KRATIX_LABELS.workType] !== 'resource' || isDryRun(work))
        continue;
      const promise =
        labels[KRATIX_LABELS.promiseName] ?? work.spec?.promiseName;
      const name =
        work.spec?.resourceName ?? labels[KRATIX_LABELS.resourceName];
      if (!promise || !name) continue;
      const namespace = work.metadata.namespace ?? '';
      requestOfWork.set(
        `${namespace}\u0000${work.metadata.name}`,
        key(String(promise), namespace, String(name)),
      );
    }
    for (const placement of input.workPlacements ?? []) {
      const work = placement.metadata.labels?.[KRATIX_LABELS.work];
      if (!work) continue;
      const request = requestOfWork.get(
        `${placement.metadata.namespace ?? ''}\u0000${work}`,
      );
      const destination = placementDestination(placement);
      if (!request || !destination) continue;
      let set = this.destinations.get(request);
      if (!set) {
        set = new Set();
        this.destinations.set(request, set);
      }
      set.add(destination);
    }
    for (const binding of input.bindings ?? []) {
      const labels = binding.metadata.labels ?? {};
      const promise =
        binding.spec?.promiseRef?.name ?? labels[KRATIX_LABELS.promiseName];
      if (!promise) continue;
      const ref = binding.spec?.resourceRef;
      const namespace = String(
        ref?.namespace || binding.metadata.namespace || 'default',
      );
      if (ref?.name) {
        this.bindings.set(
          key(String(promise), namespace, String(ref.name)),
          binding,
        );
      }
      const labelled = labels[KRATIX_LABELS.resourceName];
      if (labelled) {
        const k = key(
          String(promise),
          binding.metadata.namespace ?? namespace,
          labelled,
        );
        if (!this.bindings.has(k)) this.bindings.set(k, binding);
      }
    }
    for (const record of input.healthRecords ?? []) {
      const target = healthRecordTarget(record);
      if (!target) continue;
      push(
        this.records,
        key(target.promise ?? '', target.namespace, target.name),
        record,
      );
    }
  }

  /** The relations of one request of a Promise. */
  relationsOf(promise: KubeObject, request: KubeObject): RequestRelations {
    const promiseName = promise.metadata.name;
    const namespace = request.metadata.namespace ?? 'default';
    const name = request.metadata.name;
    const placedIn = pipelineNamespace(promise, request);
    const placed = this.destinations.get(key(promiseName, placedIn, name));
    const worker = this.workerJudgment?.of(promiseName, placedIn, name);
    const binding = this.bindings.get(key(promiseName, namespace, name));
    const healthRecords = [
      ...(this.records.get(key(promiseName, namespace, name)) ?? []),
      ...(this.records.get(key('', namespace, name)) ?? []),
    ];
    return {
      destinations: placed ? [...placed] : [],
      ...(binding ? { binding } : {}),
      healthRecords,
      ...(worker ? { worker } : {}),
    };
  }
}
