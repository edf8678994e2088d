import { NotAllowedError } from '@backstage/errors';
import { KRATIX_LABELS } from '@kratix-backstage/plugin-kratix-common';
import {
  firstDuplicateResource,
  type KubeObject,
  readPromiseApi,
  workflowPipelines,
} from '@kratix-backstage/plugin-kratix-node';
import {
  type BehaviourFn,
  healthStatusFrom,
  type KratixScenario,
  scenarioBehaviour,
  workForPipeline,
  workMisplacedStatus,
  workPlacementFor,
  workPlacementMisplacedStatus,
  workPlacementWrittenStatus,
  workScheduledStatus,
  workUnscheduledStatus,
} from '@kratix-backstage/kratix-simulation';
import {
  type BindingState,
  DEMO_EXAMPLES,
  healthRecords,
  promiseRevisions,
  resourceBinding,
  upgradedPromise,
} from './demoExamples';
import { DemoDryRuns } from './demoDryRun';

/** The examples' request keys (`namespace/name`; they all live in `default`). */
const DEMO_EXAMPLE_KEYS = new Set(DEMO_EXAMPLES.map(e => `default/${e.name}`));
import type {
  CreateRequestOptions,
  KratixObjectEvent,
  KratixTarget,
  LogOptions,
  LogRead,
  MetadataPatch,
} from '@kratix-backstage/plugin-kratix-node';
import { applyPatch } from './applyMetadataPatch';
import { buildDemoWorld, buildRun, type DemoRequest } from './buildDemoWorld';
import { demoLogs } from './demoLogs';
import {
  type DemoRun,
  demoSuffix,
  demoUid,
  jobAt,
  podAt,
  runFinished,
  runVersionId,
  workWrittenAt,
} from './demoRun';
import { applySchemaDefaults } from './applySchemaDefaults';
import {
  promiseStatusAt,
  requestStatusAt,
  WORK_READY_AFTER_MS,
} from './demoStatus';
import { workerObjects } from './demoWorker';

type Listener = (event: KratixObjectEvent) => void;
type WrittenWork = { work: KubeObject; placements: KubeObject[] };

/** Kratix's default `numberOfJobsToKeep`. */
const JOBS_KEPT_PER_PIPELINE = 5;
/** How long after a Work is written the worker's Flux has applied (or refused) it. */
export const FLUX_APPLY_AFTER_MS = 3000;
/** The namespaces of the demo platform cluster that take requests. */
const DEMO_NAMESPACES = ['default'];
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

const iso = (ms: number) => new Date(ms).toISOString();

/** Options of the demo world. */
export interface DemoWorldOptions {
  /** How many requests the demo keeps besides the scenario's own. Default 50. */
  maxRequests?: number;
  /** What each request's pipeline does. Default: the scenario's behaviour. */
  behaviour?: BehaviourFn;
  /**
   * Add the demo's examples (a run waiting to retry, health records, a failed upgrade,
   * ...) and upgrade the Promise to the version that shows them. Default false.
   */
  examples?: boolean;
}

/**
 * The demo platform's state: a scenario in memory, moving with the clock, reacting as
 * Kratix would. New requests are validated and defaulted as the API server would, then
 * Kratix runs their configure pipeline stage by stage (from the same behaviours the test
 * environment's simulator plays), writes their Work once `work-writer` finishes, places
 * it on the matching Destinations, and the worker's Flux applies it or refuses it
 * (kustomize's duplicate-resource rule, on every file placed on the worker). Updates
 * start a new run for the new generation, re-runs a new Job, pause/resume set Kratix's
 * label, delete runs the Promise's delete pipeline when it has one and then removes the
 * request and what Kratix made for it. Every change is reported to subscribers as a
 * watch would.
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
  private readonly behaviour: BehaviourFn;
  private readonly maxRequests: number;
  private readonly written = new Map<DemoRun, WrittenWork>();
  private workerCache?: {
    seed: string;
    value: ReturnType<typeof workerObjects>;
  };
  private created = 0;
  private readonly revisions: KubeObject[];
  private readonly health: KubeObject[];
  /** Kratix's DryRuns on the demo platform. */
  readonly dryRuns: DemoDryRuns;

  constructor(
    scenario: KratixScenario,
    private readonly clock: () => number = () => Date.now(),
    options: DemoWorldOptions = {},
  ) {
    const base = options.behaviour ?? scenarioBehaviour(scenario);
    const examples = options.examples ?? false;
    this.behaviour = examples ? exampleBehaviour(scenario, base) : base;
    this.maxRequests = options.maxRequests ?? 50;
    const played = examples
      ? { ...scenario, promise: upgradedPromise(scenario.promise) }
      : scenario;
    const now = clock();
    const world = buildDemoWorld(played, this.behaviour, now, {
      examples: examples ? DEMO_EXAMPLES : [],
      baseBehaviour: base,
    });
    this.promise = world.promise;
    this.requests = world.requests;
    this.runs = world.runs;
    this.destinations = world.destinations;
    this.stateStores = world.stateStores;
    this.startedAt = world.installedAt;
    const version = (p: KubeObject) =>
      p.metadata.labels?.[KRATIX_LABELS.promiseVersion] ?? 'not-set';
    this.revisions = promiseRevisions(this.promise, [
      {
        version: version(scenario.promise),
        spec: scenario.promise.spec,
        createdAt: world.installedAt + 1000,
      },
      ...(examples
        ? [
            {
              version: version(played.promise),
              spec: played.promise.spec,
              createdAt: now - 10 * 60_000,
            },
          ]
        : []),
    ]);
    this.health = [...this.requests.values()].flatMap(r =>
      r.example
        ? healthRecords(r.example, r.object, this.promise.metadata.name, now)
        : [],
    );
    this.dryRuns = new DemoDryRuns({
      clock,
      promise: () => this.promise,
      behaviour: this.behaviour,
      liveWorks: (namespace, name) =>
        this.requestWorks().filter(
          w =>
            w.metadata.namespace === namespace &&
            w.metadata.labels?.[KRATIX_LABELS.resourceName] === name,
        ),
      namespaces: DEMO_NAMESPACES,
      apiError: (code, reason, message) => this.apiError(code, reason, message),
      at: (time, fn) => this.at(time, fn),
    });
    for (const [key, request] of this.requests) {
      const last = this.lastRun(key, 'configure');
      if (request.example?.retry && last?.control?.retryAfterMs) {
        const retryAt =
          runFinished(last, last.createdAt).endsAt + last.control.retryAfterMs;
        this.at(retryAt, () => this.retry(key, last));
      }
    }
  }

  /** HealthRecords, of the requests that still exist. */
  healthRecords(): KubeObject[] {
    return this.health.filter(h => this.requests.has(recordOf(h)));
  }

  /** The Promise's PromiseRevisions, oldest first. */
  promiseRevisions(): KubeObject[] {
    return this.revisions;
  }

  /** One ResourceBinding per request, as Kratix keeps them. */
  resourceBindings(): KubeObject[] {
    return [...this.requests.keys()].map(key => this.bindingOf(key)!);
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
    return [...this.requests.keys()].map(key => this.requestObject(key)!);
  }

  jobs(): KubeObject[] {
    const now = this.clock();
    return this.runs.filter(r => r.createdAt <= now).map(r => jobAt(r, now));
  }

  pods(): KubeObject[] {
    const now = this.clock();
    return this.runs.filter(r => r.createdAt <= now).map(r => podAt(r, now));
  }

  works(): KubeObject[] {
    return [...this.requestWorks(), ...this.dryRuns.works()];
  }

  /** The Works of the requests (not of dry runs). */
  private requestWorks(): KubeObject[] {
    const now = this.clock();
    return [...this.requests.keys()].flatMap(key => {
      const run = this.lastWritten(key, now);
      return run ? [this.writtenBy(run).work] : [];
    });
  }

  workPlacements(): KubeObject[] {
    const now = this.clock();
    return [...this.requests.keys()].flatMap(key => {
      const run = this.lastWritten(key, now);
      return run ? this.writtenBy(run).placements : [];
    });
  }

  /**
   * The worker's Flux objects for a Destination's path: what Flux has seen of the files
   * placed there so far, and whether kustomize accepts them all.
   */
  worker(destinationPath: string) {
    const seen = this.clock() - FLUX_APPLY_AFTER_MS;
    const destination = this.destinations.find(
      d => d.spec?.path === destinationPath,
    );
    // The examples of Kratix-side states (demoExamples) are not played on the worker:
    // they all carry the workshop's CRDs, and kustomize, which reports the first file
    // (by path) that repeats an id, would then blame one of them instead of telling the
    // workshop's story (second-request refused because example registered its CRDs).
    const placed = [...this.requests.keys()]
      .filter(key => !DEMO_EXAMPLE_KEYS.has(key))
      .map(key => this.lastWritten(key, seen))
      .filter((run): run is DemoRun => Boolean(run))
      .map(run => ({ run, ...this.writtenBy(run) }))
      .filter(
        p =>
          destination &&
          p.placements.some(
            wp => wp.spec.targetDestinationName === destination.metadata.name,
          ),
      );
    const seed = `${destinationPath}|${placed
      .map(p => p.run.podName)
      .join(',')}`;
    if (this.workerCache?.seed === seed) return this.workerCache.value;
    const files = placed.flatMap(({ run, work }) => {
      const [namespace, name] = run.requestKey!.split('/');
      const pipeline = work.metadata.labels?.[KRATIX_LABELS.pipelineName];
      const group = String(work.spec.workloadGroups[0].id).slice(0, 5);
      return Object.entries(run.outputs).map(([file, content]) => ({
        path: `./${namespace}/${this.promise.metadata.name}/${name}/${pipeline}/${group}/${file}`,
        content,
      }));
    });
    const changedAt = Math.max(
      this.startedAt,
      ...placed.map(p => workWrittenAt(p.run)! + FLUX_APPLY_AFTER_MS),
    );
    const newest = [...placed].sort(
      (a, b) => workWrittenAt(a.run)! - workWrittenAt(b.run)!,
    )[placed.length - 1];
    const value = workerObjects({
      destinationPath,
      revisionSeed: seed,
      revisionSha: newest && runVersionId(newest.run),
      since: iso(changedAt),
      failure: firstDuplicateResource(files),
    });
    this.workerCache = { seed, value };
    return value;
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
    if (!run || run.createdAt > this.clock()) {
      return {
        available: false,
        reason: 'pod-gone',
        message: `pods "${pod}" not found`,
        statusCode: 404,
      };
    }
    return demoLogs(run, container, options, this.clock());
  }

  /**
   * Creates (or, with `updateExisting`, updates) a request, as the API server and then
   * Kratix would: name, namespace and defaults checked, stored, reconciled.
   */
  createRequest(object: KubeObject, options: CreateRequestOptions): KubeObject {
    const api = readPromiseApi(this.promise)!;
    const what = `${api.plural}.${api.group}`;
    const name = String(object.metadata?.name ?? '');
    const namespace = object.metadata?.namespace ?? 'default';
    if (!DNS_SUBDOMAIN.test(name)) {
      throw this.apiError(
        422,
        'Invalid',
        `${what} "${name}" is invalid: metadata.name: Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`,
      );
    }
    if (!DEMO_NAMESPACES.includes(namespace)) {
      throw this.apiError(
        404,
        'NotFound',
        `namespaces "${namespace}" not found (the demo platform has the namespace${
          DEMO_NAMESPACES.length > 1 ? 's' : ''
        } ${DEMO_NAMESPACES.join(', ')})`,
      );
    }
    const key = `${namespace}/${name}`;
    const spec = applySchemaDefaults(
      (api.schema as any)?.properties?.spec,
      structuredClone(object.spec ?? {}),
    );
    const existing = this.requests.get(key);
    if (existing && !options.updateExisting) {
      throw this.apiError(
        409,
        'AlreadyExists',
        `${what} "${name}" already exists`,
      );
    }
    if (existing) return this.update(key, existing, object, spec, options);
    if (!options.dryRun) {
      const extra = [...this.requests.values()].filter(r => !r.recorded).length;
      if (extra >= this.maxRequests) {
        throw new NotAllowedError(
          `The demo platform keeps at most ${this.maxRequests} requests besides the workshop's, and has ${extra}: delete one first, or restart Backstage to start the demo afresh (setting: kratix.demo.maxRequests)`,
        );
      }
    }
    const now = this.clock();
    const stored: KubeObject = {
      apiVersion: object.apiVersion,
      kind: object.kind,
      metadata: {
        name,
        namespace,
        uid: demoUid(`${key}/${this.created + 1}/${now}`),
        generation: 1,
        creationTimestamp: iso(now),
        labels: {
          ...object.metadata.labels,
          [KRATIX_LABELS.promiseName]: this.promise.metadata.name,
        },
        annotations: { ...object.metadata.annotations },
      },
      spec,
    };
    if (options.dryRun) return stored;
    this.created += 1;
    this.requests.set(key, { object: stored, recorded: false });
    this.emit('added', 'requests', this.requestObject(key)!);
    if (!this.isPaused(stored)) this.startRun(key, 'configure');
    return this.requestObject(key)!;
  }

  /** Label and annotation changes, with the effect Kratix gives them. */
  patch(target: KratixTarget, patch: MetadataPatch): KubeObject {
    const wantsRun = (o: KubeObject) =>
      o.metadata.labels?.[KRATIX_LABELS.manualReconciliation] === 'true';
    // Kratix acts on manual-reconciliation unless paused, then removes the label.
    const consume = { labels: { [KRATIX_LABELS.manualReconciliation]: null } };
    if (target.kind === 'promise') {
      if (target.name !== this.promise.metadata.name)
        throw this.notFound('promises', target.name);
      const wasPaused = this.isPaused(this.promise);
      this.promise = applyPatch(this.promise, patch);
      if (this.isPaused(this.promise) && !wasPaused)
        this.pausedSince = this.clock();
      // The Promise has no promise workflows: a re-run has nothing to start.
      if (!this.isPaused(this.promise))
        this.promise = applyPatch(this.promise, consume);
      this.emit('modified', 'promises', this.promises()[0]);
      return this.promises()[0];
    }
    const key = `${target.namespace}/${target.name}`;
    const request = this.requests.get(key);
    if (!request) throw this.notFound(this.plural(), target.name);
    const wasPaused = this.isPaused(request.object);
    const wasSuspended = this.isSuspended(request.object);
    request.object = applyPatch(request.object, patch);
    if (!this.isPaused(request.object) && !request.deletingSince) {
      const behind =
        wasPaused &&
        (this.lastRun(key, 'configure')?.generation ?? 0) <
          Number(request.object.metadata.generation ?? 1);
      // Without kratix.io/workflow-suspended Kratix resumes the suspended pipeline.
      const resumed =
        wasSuspended &&
        !this.isSuspended(request.object) &&
        Boolean(this.lastRun(key, 'configure')?.control);
      if (wantsRun(request.object) || behind || resumed) {
        request.object = applyPatch(request.object, consume);
        // The run's start reports the request, label change included.
        this.startRun(key, 'configure');
        return this.requestObject(key)!;
      }
    }
    const updated = this.requestObject(key)!;
    this.emit('modified', 'requests', updated);
    return updated;
  }

  /**
   * Deletes a request: with a delete pipeline, the request stays (deletionTimestamp set)
   * until that run ends; then it goes, with its runs, Work and placements. Answers the
   * object while it is kept.
   */
  deleteRequest(namespace: string, name: string): KubeObject | undefined {
    const key = `${namespace}/${name}`;
    const request = this.requests.get(key);
    if (!request) throw this.notFound(this.plural(), name);
    if (request.deletingSince) return this.requestObject(key);
    if (workflowPipelines(this.promise, 'resource', 'delete').length) {
      request.deletingSince = this.clock();
      this.startRun(key, 'delete', () => this.remove(key));
      const kept = this.requestObject(key)!;
      this.emit('modified', 'requests', kept);
      return kept;
    }
    this.remove(key);
    return undefined;
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

  private update(
    key: string,
    existing: DemoRequest,
    object: KubeObject,
    spec: Record<string, unknown>,
    options: CreateRequestOptions,
  ): KubeObject {
    const changed =
      JSON.stringify(spec) !== JSON.stringify(existing.object.spec ?? {});
    const generation =
      Number(existing.object.metadata.generation ?? 1) + (changed ? 1 : 0);
    const next: KubeObject = {
      ...existing.object,
      metadata: {
        ...existing.object.metadata,
        generation,
        labels: {
          ...existing.object.metadata.labels,
          ...object.metadata.labels,
        },
        annotations: {
          ...existing.object.metadata.annotations,
          ...object.metadata.annotations,
        },
      },
      spec,
    };
    if (options.dryRun)
      return { ...next, status: this.requestObject(key)?.status };
    existing.object = next;
    this.emit('modified', 'requests', this.requestObject(key)!);
    if (changed && !this.isPaused(next) && !existing.deletingSince) {
      this.startRun(key, 'configure');
    }
    return this.requestObject(key)!;
  }

  private remove(key: string) {
    const request = this.requests.get(key);
    if (!request) return;
    const now = this.clock();
    const object = this.requestObject(key)!;
    const runs = this.runsOf(key);
    const written = runs
      .filter(r => this.written.has(r) && workWrittenAt(r)! <= now)
      .map(r => this.written.get(r)!);
    this.requests.delete(key);
    this.runs = this.runs.filter(r => r.requestKey !== key);
    runs.forEach(r => this.written.delete(r));
    this.emit('deleted', 'requests', object);
    for (const run of runs.filter(r => r.createdAt <= now)) {
      this.emit('deleted', 'jobs', jobAt(run, now));
      this.emit('deleted', 'pods', podAt(run, now));
    }
    const last = written[written.length - 1];
    if (last) {
      this.emit('deleted', 'works', last.work);
      last.placements.forEach(wp => this.emit('deleted', 'workplacements', wp));
    }
  }

  private requestObject(key: string): KubeObject | undefined {
    const request = this.requests.get(key);
    if (!request) return undefined;
    const now = this.clock();
    const work = this.lastWritten(key, now);
    const written = work && this.writtenBy(work).work;
    const ready = written?.status?.conditions?.find(
      (c: any) => c.type === 'Ready',
    );
    const binding = this.bindingState(key);
    const records = this.healthRecords().filter(h => recordOf(h) === key);
    const status = requestStatusAt(
      this.runsOf(key).filter(r => r.action === 'configure'),
      {
        pipelineName:
          workflowPipelines(this.promise, 'resource', 'configure')[0]?.metadata
            .name ?? '',
        workName: written?.metadata.name,
        workReady: ready && ready.status !== 'True' ? ready.message : undefined,
        paused: this.isPaused(request.object),
        now,
        promiseVersion:
          binding.upgrade === 'complete'
            ? binding.resolved
            : binding.lastAppliedVersion ?? binding.resolved,
        bindingVersion: binding.desired,
        layout: request.example?.layout ?? 'flat',
        deleteRuns: this.runsOf(key).filter(r => r.action === 'delete'),
        deletePipelineName: workflowPipelines(
          this.promise,
          'resource',
          'delete',
        )[0]?.metadata.name,
        healthStatus: healthStatusFrom(records as any),
      },
    );
    const metadata = request.deletingSince
      ? {
          ...request.object.metadata,
          deletionTimestamp: iso(request.deletingSince),
          finalizers: ['kratix.io/delete-workflows'],
        }
      : request.object.metadata;
    return { ...request.object, metadata, ...(status ? { status } : {}) };
  }

  private isPaused(o: KubeObject) {
    return o.metadata.labels?.[KRATIX_LABELS.paused] === 'true';
  }

  private isSuspended(o: KubeObject) {
    return o.metadata.labels?.[KRATIX_LABELS.workflowSuspended] === 'true';
  }

  /** At `nextRetryAt` Kratix removes the label itself and runs the pipeline again. */
  private retry(key: string, suspended: DemoRun) {
    const request = this.requests.get(key);
    if (!request || this.lastRun(key, 'configure') !== suspended) return;
    if (!this.isSuspended(request.object) || request.deletingSince) return;
    request.object = applyPatch(request.object, {
      labels: { [KRATIX_LABELS.workflowSuspended]: null },
    });
    if (this.isPaused(request.object)) {
      this.emit('modified', 'requests', this.requestObject(key)!);
      return;
    }
    this.startRun(key, 'configure');
  }

  /** What the request's ResourceBinding says, from its runs so far. */
  private bindingState(key: string): BindingState {
    const request = this.requests.get(key)!;
    const now = this.clock();
    const current =
      this.promise.metadata.labels?.[KRATIX_LABELS.promiseVersion] ?? 'not-set';
    const desired = request.example?.binding?.version ?? 'latest';
    const resolved = desired === 'latest' ? current : desired;
    const runs = this.runsOf(key).filter(
      r => r.action === 'configure' && r.createdAt <= now,
    );
    const outcomes = runs.map(r => ({ run: r, ...runFinished(r, now) }));
    const last = outcomes[outcomes.length - 1];
    const earlier = request.example?.binding?.lastAppliedVersion;
    const succeededBefore = outcomes
      .slice(0, -1)
      .some(o => o.over && o.succeeded && !o.run.control);
    const previous = earlier ?? (succeededBefore ? resolved : undefined);
    const base = {
      desired,
      resolved,
      at: Date.parse(String(request.object.metadata.creationTimestamp)) || now,
    };
    if (!last || !last.over || last.run.control) {
      return {
        ...base,
        upgrade: 'in-progress',
        lastAppliedVersion: previous,
        at: last ? last.run.createdAt : base.at,
      };
    }
    if (last.succeeded) {
      return {
        ...base,
        upgrade: 'complete',
        lastAppliedVersion: resolved,
        at: last.endsAt,
      };
    }
    const pipeline =
      workflowPipelines(this.promise, 'resource', 'configure')[0]?.metadata
        .name ?? '';
    return {
      ...base,
      upgrade: 'failed',
      lastAppliedVersion: previous,
      failedVersion: resolved,
      failure: `A Configure Pipeline has failed: ${pipeline}`,
      at: last.endsAt,
    };
  }

  private bindingOf(key: string): KubeObject | undefined {
    const request = this.requests.get(key);
    if (!request) return undefined;
    return resourceBinding(
      request.object,
      this.promise.metadata.name,
      this.bindingState(key),
    );
  }

  private plural() {
    return readPromiseApi(this.promise)?.plural ?? 'requests';
  }

  private runsOf(key: string): DemoRun[] {
    return this.runs
      .filter(r => r.requestKey === key)
      .sort((a, b) => a.createdAt - b.createdAt);
  }

  private lastRun(key: string, action: DemoRun['action']) {
    return this.runsOf(key)
      .filter(r => r.action === action)
      .pop();
  }

  /** The request's last configure run whose Work was written by `at`. */
  private lastWritten(key: string, at: number): DemoRun | undefined {
    return this.runsOf(key)
      .filter(r => (workWrittenAt(r) ?? Infinity) <= at)
      .pop();
  }

  /** The Work (and its WorkPlacements) a run's work-writer wrote. */
  private writtenBy(run: DemoRun): WrittenWork {
    const cached = this.written.get(run);
    if (cached) return cached;
    const request = this.requests.get(run.requestKey!)!;
    const at = workWrittenAt(run)!;
    const first = this.runsOf(run.requestKey!).find(
      r => workWrittenAt(r) !== undefined,
    );
    const firstAt = first ? workWrittenAt(first)! : at;
    const work = workForPipeline({
      promise: this.promise,
      request: request.object,
      pipelineName: String(
        run.job.metadata.labels?.[KRATIX_LABELS.pipelineName],
      ),
      namespace: run.job.metadata.namespace ?? 'default',
      files: run.outputs,
      suffix: demoSuffix(`${request.object.metadata.uid}/work`),
      now: new Date(at),
      // What the pipeline wrote to destination-selectors.yaml comes first, then the
      // Promise's own selectors, as Kratix's work-writer lists them.
      ...(run.destinationSelectors
        ? {
            destinationSelectors: [
              ...run.destinationSelectors.map(s => ({
                matchLabels: s.matchLabels,
                source: 'resource-workflow',
              })),
              ...(this.promise.spec?.destinationSelectors ?? []).map(
                (s: any) => ({
                  matchLabels: s.matchLabels ?? {},
                  source: 'promise',
                }),
              ),
            ],
          }
        : {}),
    });
    Object.assign(work.metadata, {
      uid: demoUid(`${request.object.metadata.uid}/${work.metadata.name}`),
      creationTimestamp: iso(firstAt),
      generation: this.runsOf(run.requestKey!).filter(
        r => workWrittenAt(r) !== undefined && workWrittenAt(r)! <= at,
      ).length,
    });
    work.status = workScheduledStatus(
      work.spec.workloadGroups.length,
      true,
      new Date(at + 500),
    );
    const selectors = work.spec.workloadGroups[0]?.destinationSelectors ?? [];
    const misplacedOn = request.example?.misplacedOn;
    const placements: KubeObject[] = work.spec.workloadGroups.flatMap(
      (group: any) =>
        this.destinations
          .filter(d =>
            selectors.every((s: any) =>
              Object.entries(s.matchLabels ?? {}).every(
                ([k, v]) => d.metadata.labels?.[k] === v,
              ),
            ),
          )
          .map(d => {
            const wp = workPlacementFor(work, group, d.metadata.name);
            Object.assign(wp.metadata, {
              uid: demoUid(`${work.metadata.uid}/${wp.metadata.name}`),
              creationTimestamp: iso(firstAt + 500),
            });
            wp.spec.generation = work.metadata.generation;
            wp.status = workPlacementWrittenStatus(
              runVersionId(run),
              new Date(at + 1000),
            );
            return wp;
          }),
    );
    const ids = work.spec.workloadGroups.map((g: any) => g.id);
    if (!placements.length && misplacedOn) {
      // Placed there before its selectors changed: Kratix keeps the placement and
      // marks it misplaced.
      const wp = workPlacementFor(
        work,
        work.spec.workloadGroups[0],
        misplacedOn,
      );
      Object.assign(wp.metadata, {
        uid: demoUid(`${work.metadata.uid}/${wp.metadata.name}`),
        creationTimestamp: iso(firstAt + 500),
      });
      wp.metadata.labels = {
        ...wp.metadata.labels,
        [KRATIX_LABELS.misplaced]: 'true',
      };
      wp.spec.generation = work.metadata.generation;
      wp.status = workPlacementMisplacedStatus(
        runVersionId(run),
        new Date(at + 1000),
      );
      placements.push(wp);
      work.status = workMisplacedStatus(ids.length, ids, new Date(at + 500));
    } else if (!placements.length && ids.length) {
      work.status = workUnscheduledStatus(ids.length, ids, new Date(at + 500));
    }
    const value = { work, placements };
    this.written.set(run, value);
    return value;
  }

  /** Starts a run and reports each of its steps as it happens. */
  private startRun(key: string, action: DemoRun['action'], onEnd?: () => void) {
    const request = this.requests.get(key)!;
    const run = buildRun({
      promise: this.promise,
      behaviour: this.behaviour,
      request: request.object,
      createdAt: this.clock(),
      attempt: this.runsOf(key).length,
      action,
      recorded: request.recorded,
    });
    this.runs.push(run);
    this.pruneRuns(key, action);
    const { endsAt } = runFinished(run, run.createdAt);
    const wroteAt = workWrittenAt(run);
    const moments = new Set<number>([
      run.createdAt,
      endsAt,
      endsAt + WORK_READY_AFTER_MS,
    ]);
    run.windows.forEach(w => moments.add(w.startMs).add(w.endMs));
    for (const at of [...moments].sort((a, b) => a - b)) {
      this.at(at, () => {
        if (!this.runs.includes(run)) return;
        const now = this.clock();
        const type = at === run.createdAt ? 'added' : 'modified';
        this.emit(type, 'jobs', jobAt(run, now));
        this.emit(type, 'pods', podAt(run, now));
        if (at === wroteAt) {
          const { work, placements } = this.writtenBy(run);
          const existed = this.hadWorkBefore(run);
          this.emit(existed ? 'modified' : 'added', 'works', work);
          placements.forEach(wp =>
            this.emit(existed ? 'modified' : 'added', 'workplacements', wp),
          );
        }
        if (at === run.createdAt || at >= endsAt) {
          const updated = this.requestObject(key);
          if (updated) this.emit('modified', 'requests', updated);
        }
        if (at === endsAt + WORK_READY_AFTER_MS) onEnd?.();
      });
    }
  }

  /** As Kratix does: keeps the newest {@link JOBS_KEPT_PER_PIPELINE} runs of a pipeline. */
  private pruneRuns(key: string, action: DemoRun['action']) {
    const runs = this.runsOf(key).filter(r => r.action === action);
    const now = this.clock();
    for (const old of runs.slice(
      0,
      Math.max(0, runs.length - JOBS_KEPT_PER_PIPELINE),
    )) {
      // Its Work stays as the newest run wrote it; only the Job and Pod go.
      if (this.lastWritten(key, now) === old) continue;
      this.runs = this.runs.filter(r => r !== old);
      this.written.delete(old);
      this.emit('deleted', 'jobs', jobAt(old, now));
      this.emit('deleted', 'pods', podAt(old, now));
    }
  }

  private hadWorkBefore(run: DemoRun) {
    return this.runsOf(run.requestKey!).some(
      r => r !== run && (workWrittenAt(r) ?? Infinity) < workWrittenAt(run)!,
    );
  }

  private at(time: number, fn: () => void) {
    if (time <= this.clock()) {
      fn();
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, Math.max(0, time - this.clock()));
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

  /** The ResourceBinding of a request (Kratix keeps one per request, in step with it). */
  resourceBindingOf(namespace: string, name: string): KubeObject | undefined {
    return this.bindingOf(`${namespace}/${name}`);
  }

  private apiError(statusCode: number, reason: string, message: string) {
    return Object.assign(new Error(message), { statusCode, reason });
  }

  private notFound(plural: string, name: string) {
    return this.apiError(404, 'NotFound', `${plural} "${name}" not found`);
  }
}

/** `namespace/name` of the request a HealthRecord is about. */
function recordOf(record: KubeObject): string {
  const ref = (record as any).data?.resourceRef ?? {};
  return `${ref.namespace ?? 'default'}/${ref.name}`;
}

/**
 * The examples' pipelines: a failing stage where the example says, and what its stage
 * writes to destination-selectors.yaml; everything else as the scenario plays it.
 */
function exampleBehaviour(
  scenario: KratixScenario,
  base: BehaviourFn,
): BehaviourFn {
  return (promise, request) => {
    const behaviour = base(promise, request);
    const example = DEMO_EXAMPLES.find(
      e =>
        e.name === request.metadata.name &&
        (request.metadata.namespace ?? 'default') === 'default',
    );
    if (!example) return behaviour;
    const played = {
      name: request.metadata.name,
      namespace: request.metadata.namespace ?? 'default',
      spec: request.spec ?? {},
      outcome: 'healthy' as const,
    };
    return {
      ...behaviour,
      ...(example.configureFailsAt
        ? {
            failAt: example.configureFailsAt,
            logs: scenario.stageLogs({
              ...played,
              outcome: 'pipeline-failure',
              failAt: example.configureFailsAt,
            }),
          }
        : {}),
      ...(example.destinationSelectors
        ? {
            destinationSelectors: [
              { matchLabels: example.destinationSelectors },
            ],
          }
        : {}),
    };
  };
}
