import { KRATIX_LABELS } from '@kratix-backstage/plugin-kratix-common';
import type {
  KratixScenario,
  KubeObject,
} from '@kratix-backstage/plugin-kratix-node';
import type {
  KratixObjectEvent,
  KratixTarget,
  LogOptions,
  LogRead,
  MetadataPatch,
} from '../cluster/types';
import { applyPatch } from './applyMetadataPatch';
import { buildDemoWorld, buildRun, type DemoRequest } from './buildDemoWorld';
import { demoLogs } from './demoLogs';
import { type DemoRun, jobAt, podAt, runFinished } from './demoRun';
import {
  promiseStatusAt,
  requestStatusAt,
  WORK_READY_AFTER_MS,
} from './demoStatus';
import { workerObjects } from './demoWorker';

type Listener = (event: KratixObjectEvent) => void;

/**
 * The demo platform's state: the workshop scenario in memory, moving with the clock.
 * Runs progress stage by stage, re-runs start new Jobs, pause/resume set Kratix's
 * label, delete removes a request and what Kratix made for it.
 */
export class DemoWorld {
  private promise: KubeObject;
  private pausedSince?: number;
  private readonly requests: Map<string, DemoRequest>;
  private runs: DemoRun[];
  readonly destinations: KubeObject[];
  readonly stateStores: KubeObject[];
  private readonly startedAt: number;
  private readonly listeners = new Set<Listener>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private revision = 0;

  constructor(
    private readonly scenario: KratixScenario,
    private readonly clock: () => number = Date.now,
  ) {
    const world = buildDemoWorld(scenario, clock());
    this.promise = world.promise;
    this.requests = world.requests;
    this.runs = world.runs;
    this.destinations = world.destinations;
    this.stateStores = world.stateStores;
    this.startedAt = world.installedAt;
  }

  promises(): KubeObject[] {
    const paused =
      this.promise.metadata.labels?.[KRATIX_LABELS.paused] === 'true';
    return [
      {
        ...this.promise,
        status: promiseStatusAt(this.promise.status, {
          paused,
          since: this.pausedSince ?? this.clock(),
        }),
      },
    ];
  }

  requestObjects(): KubeObject[] {
    const now = this.clock();
    return [...this.requests.entries()].map(([key, r]) => {
      const paused =
        r.object.metadata.labels?.[KRATIX_LABELS.paused] === 'true';
      const status = requestStatusAt(this.runsOf(key), {
        pipelineName:
          r.work.metadata.labels?.[KRATIX_LABELS.pipelineName] ?? '',
        workName: r.work.metadata.name,
        paused,
        generation: Number(r.object.metadata.generation ?? 1),
        now,
      });
      return { ...r.object, ...(status ? { status } : {}) };
    });
  }

  jobs(): KubeObject[] {
    return this.runs.map(run => jobAt(run, this.clock()));
  }

  pods(): KubeObject[] {
    return this.runs.map(run => podAt(run, this.clock()));
  }

  works(): KubeObject[] {
    const now = this.clock();
    return [...this.requests.entries()].map(([key, r]) => {
      const finished = this.runsOf(key)
        .map(run => runFinished(run, now))
        .filter(f => f.over && f.succeeded);
      const last = finished[finished.length - 1];
      return last
        ? {
            ...r.work,
            spec: {
              ...r.work.spec,
              lastExecutionTimestamp: new Date(
                last.endsAt - WORK_READY_AFTER_MS,
              ).toISOString(),
            },
          }
        : r.work;
    });
  }

  workPlacements(): KubeObject[] {
    return [...this.requests.values()].flatMap(r => r.workPlacements);
  }

  /** The worker's Flux objects: its resources Kustomization fails while a clash exists. */
  worker(destinationPath: string) {
    const clash = [...this.requests.values()].find(
      r => r.scenario.outcome === 'worker-duplicate-crd',
    );
    return workerObjects({
      destinationPath,
      revisionSeed: `${this.requests.size}/${this.revision}`,
      since: new Date(
        clash
          ? Date.parse(String(clash.object.metadata.creationTimestamp)) + 25_000
          : this.startedAt,
      ).toISOString(),
      clash: clash && {
        namespace: clash.object.metadata.namespace ?? 'default',
        promise: this.promise.metadata.name,
        name: clash.object.metadata.name,
        pipeline:
          clash.work.metadata.labels?.[KRATIX_LABELS.pipelineName] ?? '',
      },
    });
  }

  readLogs(
    namespace: string,
    pod: string,
    container: string,
    options: LogOptions,
  ): LogRead {
    const run = this.runs.find(
      r => r.podName === pod && r.job.metadata.namespace === namespace,
    );
    if (!run) {
      return {
        available: false,
        reason: 'pod-gone',
        message: `pods "${pod}" not found`,
        statusCode: 404,
      };
    }
    return demoLogs(run, container, options, this.clock());
  }

  /** Label and annotation changes, with the effect Kratix gives them. */
  patch(target: KratixTarget, patch: MetadataPatch): KubeObject {
    const isPaused = (o: KubeObject) =>
      o.metadata.labels?.[KRATIX_LABELS.paused] === 'true';
    const wantsRun = (o: KubeObject) =>
      o.metadata.labels?.[KRATIX_LABELS.manualReconciliation] === 'true';
    // Kratix acts on manual-reconciliation unless paused, then removes the label.
    const consume = { labels: { [KRATIX_LABELS.manualReconciliation]: null } };
    if (target.kind === 'promise') {
      if (target.name !== this.promise.metadata.name)
        throw this.notFound('promises', target.name);
      const wasPaused = isPaused(this.promise);
      this.promise = applyPatch(this.promise, patch);
      if (isPaused(this.promise) && !wasPaused) this.pausedSince = this.clock();
      // The Promise has no promise workflows: a re-run has nothing to start.
      if (!isPaused(this.promise))
        this.promise = applyPatch(this.promise, consume);
      this.emit('modified', 'promises', this.promises()[0]);
      return this.promises()[0];
    }
    const key = `${target.namespace}/${target.name}`;
    const request = this.requests.get(key);
    if (!request)
      throw this.notFound(
        this.scenario.promise.spec.api.spec.names.plural,
        target.name,
      );
    request.object = applyPatch(request.object, patch);
    if (wantsRun(request.object) && !isPaused(request.object)) {
      request.object = applyPatch(request.object, consume);
      this.startRun(key);
    }
    const updated = this.requestObjects().find(
      r => `${r.metadata.namespace}/${r.metadata.name}` === key,
    )!;
    this.emit('modified', 'requests', updated);
    return updated;
  }

  deleteRequest(namespace: string, name: string): void {
    const key = `${namespace}/${name}`;
    const request = this.requests.get(key);
    if (!request)
      throw this.notFound(
        this.scenario.promise.spec.api.spec.names.plural,
        name,
      );
    const runs = this.runsOf(key);
    const gone = {
      jobs: runs.map(r => jobAt(r, this.clock())),
      pods: runs.map(r => podAt(r, this.clock())),
    };
    const object = this.requestObjects().find(
      r => `${r.metadata.namespace}/${r.metadata.name}` === key,
    )!;
    this.requests.delete(key);
    this.runs = this.runs.filter(r => r.requestKey !== key);
    this.revision += 1;
    this.emit('deleted', 'requests', object);
    gone.jobs.forEach(j => this.emit('deleted', 'jobs', j));
    gone.pods.forEach(p => this.emit('deleted', 'pods', p));
    this.emit('deleted', 'works', request.work);
    request.workPlacements.forEach(wp =>
      this.emit('deleted', 'workplacements', wp),
    );
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  stop(): void {
    this.timers.forEach(clearTimeout);
    this.timers.clear();
    this.listeners.clear();
  }

  private runsOf(key: string): DemoRun[] {
    return this.runs
      .filter(r => r.requestKey === key)
      .sort((a, b) => a.createdAt - b.createdAt);
  }

  private startRun(key: string) {
    const request = this.requests.get(key)!;
    const run = buildRun(
      this.scenario,
      request,
      this.clock(),
      this.runsOf(key).length,
    );
    this.runs.push(run);
    this.revision += 1;
    this.emit('added', 'jobs', jobAt(run, this.clock()));
    this.emit('added', 'pods', podAt(run, this.clock()));
    const { endsAt } = runFinished(run, this.clock());
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.runs.includes(run)) return;
      this.emit('modified', 'jobs', jobAt(run, this.clock()));
      this.emit('modified', 'pods', podAt(run, this.clock()));
      const updated = this.requestObjects().find(
        r => `${r.metadata.namespace}/${r.metadata.name}` === key,
      );
      if (updated) this.emit('modified', 'requests', updated);
    }, Math.max(0, endsAt - this.clock() + WORK_READY_AFTER_MS));
    timer.unref?.();
    this.timers.add(timer);
  }

  private emit(
    type: KratixObjectEvent['type'],
    kind: KratixObjectEvent['kind'],
    object: KubeObject,
  ) {
    for (const listener of this.listeners) listener({ type, kind, object });
  }

  private notFound(plural: string, name: string) {
    return Object.assign(new Error(`${plural} "${name}" not found`), {
      statusCode: 404,
      reason: 'NotFound',
    });
  }
}
