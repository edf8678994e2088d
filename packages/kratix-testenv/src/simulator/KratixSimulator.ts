import {
  BatchV1Api,
  CoreV1Api,
  KubeConfig,
  Watch,
} from '@kubernetes/client-node';
import { KRATIX_LABELS } from '@kratix-backstage/plugin-kratix-common';
import {
  KubeObject,
  pipelineNamespace,
  readPromiseApi,
  workflowPipelines,
} from '@kratix-backstage/plugin-kratix-node';
import {
  ScenarioDestination,
  destinationCanaryFiles,
  destinationReadyStatus,
  pipelineFailedStatus,
  pipelineJob,
  pipelineStartedStatus,
  pipelineSucceededStatus,
  requestCrdFromPromise,
  workflowHash,
  workForPipeline,
  workshopScenario,
  type BehaviourFn,
  scenarioBehaviour,
  worksRollupStatus,
  condition,
  mergeConditions,
  type RequestBehaviour,
} from '@kratix-backstage/kratix-simulation';
import { healthStatusOf } from '../kratix/healthRecords';
import {
  EXIT_CODE_ANNOTATION,
  FAIL_CONTAINER_ANNOTATION,
} from '../kwok/podStages';
import { Kube, statusCode, waitFor } from './kube';
import { Scheduler } from './Scheduler';
import { KratixDriverBase } from '../kratix/KratixDriver';
import { testenvBehaviour } from '../scenario/testenvBehaviour';

const KRATIX = 'platform.kratix.io/v1alpha1';

/** Kratix's default `numberOfJobsToKeep`. */
const JOBS_KEPT_PER_PIPELINE = 5;

/**
 * What the simulator needs of a test environment.
 *
 * @public
 */
export interface SimulatorTarget {
  platform: KubeConfig;
  setPodLogs(
    namespace: string,
    pod: string,
    logs: Record<string, string[]>,
  ): Promise<void>;
  stateStore: {
    url: string;
    branch: string;
    commit(
      files: Record<string, string | null>,
      message: string,
    ): Promise<string>;
    listFiles(prefix?: string): Promise<string[]>;
  };
}

/** @public */
export interface SimulatorOptions {
  /** What each request's pipeline logs and writes; default: the workshop scenario, else generic. */
  behaviour?: BehaviourFn;
  /** Name of the GitStateStore the simulator registers for its Destinations. */
  stateStoreName?: string;
}

/**
 * Does, on a real platform API server, what the Kratix controller would: request CRDs
 * from Promises, pipeline Jobs (run by KWOK) with Kratix's labels and containers and the
 * scenario's stage logs, Works and WorkPlacements, files in the git state store for Flux,
 * Destination readiness, and resource request status. It watches requests, so requests
 * created by anyone (the backend, a scaffolder action) are reconciled; re-runs on
 * `kratix.io/manual-reconciliation`, holds still on `kratix.io/paused`.
 *
 * @public
 */
export class KratixSimulator extends KratixDriverBase {
  readonly mode = 'simulator' as const;
  private readonly core: CoreV1Api;
  private readonly batch: BatchV1Api;
  private readonly behaviour: BehaviourFn;
  private readonly scheduler: Scheduler;
  private readonly watches = new Map<string, AbortController>();
  private readonly queues = new Map<string, Promise<void>>();
  private readonly handledHashes = new Map<string, string>();
  private readonly stateStoreName: string;
  private stopped = false;
  /** Errors from background reconciles, for tests to assert on. */
  readonly errors: Error[] = [];

  constructor(
    private readonly target: SimulatorTarget,
    options: SimulatorOptions = {},
  ) {
    super(new Kube(target.platform), { ms: 60_000, purpose: 'to settle' });
    this.core = target.platform.makeApiClient(CoreV1Api);
    this.batch = target.platform.makeApiClient(BatchV1Api);
    this.behaviour = testenvBehaviour(
      options.behaviour ?? scenarioBehaviour(workshopScenario),
    );
    this.stateStoreName = options.stateStoreName ?? 'default';
    this.scheduler = new Scheduler(this.kube, target.stateStore);
  }

  /** Registers the git state store and a Destination, writes its canary files, marks it Ready. */
  async registerDestination(destination: ScenarioDestination): Promise<void> {
    await this.kube.apply({
      apiVersion: KRATIX,
      kind: 'GitStateStore',
      metadata: { name: this.stateStoreName },
      spec: {
        url: this.target.stateStore.url,
        branch: this.target.stateStore.branch,
        authMethod: 'basicAuth',
        secretRef: { name: 'git-credentials', namespace: 'default' },
      },
    });
    await this.kube.updateStatus(
      {
        group: 'platform.kratix.io',
        version: 'v1alpha1',
        plural: 'gitstatestores',
        name: this.stateStoreName,
      },
      () => ({
        status: 'Ready',
        conditions: destinationReadyStatus().conditions.map((c: any) => ({
          ...c,
          reason: 'StateStoreReady',
          message: 'State store is ready',
        })),
      }),
    );
    await this.kube.apply({
      apiVersion: KRATIX,
      kind: 'Destination',
      metadata: { name: destination.name, labels: destination.labels },
      spec: {
        path: destination.path,
        stateStoreRef: { kind: 'GitStateStore', name: this.stateStoreName },
        filepath: { mode: 'nestedByMetadata' },
        cleanup: 'none',
      },
    });
    await this.target.stateStore.commit(
      destinationCanaryFiles(destination.path),
      `Update from: ${destination.name} canary`,
    );
    await this.kube.updateStatus(
      {
        group: 'platform.kratix.io',
        version: 'v1alpha1',
        plural: 'destinations',
        name: destination.name,
      },
      () => destinationReadyStatus(),
    );
  }

  /** Installs a Promise: the object, its request CRD, its promise workflows; then watches its requests. */
  async installPromise(promise: KubeObject): Promise<void> {
    const api = readPromiseApi(promise);
    await this.kube.apply(promise);
    const crd = requestCrdFromPromise(promise);
    if (crd) {
      await this.kube.apply(crd);
      await waitFor(`CRD ${crd.metadata.name} to be Established`, async () => {
        const current = await this.kube.read({
          apiVersion: crd.apiVersion,
          kind: crd.kind,
          name: crd.metadata.name,
        });
        return current?.status?.conditions?.some(
          (c: any) => c.type === 'Established' && c.status === 'True',
        )
          ? true
          : undefined;
      });
    }
    // Kratix hashes the Promise as stored (with the API server's defaults), so use that.
    const stored =
      (await this.kube.read({
        apiVersion: promise.apiVersion,
        kind: promise.kind,
        name: promise.metadata.name,
      })) ?? promise;
    this.promises.set(promise.metadata.name, stored);
    await this.kube.updateStatus(
      {
        group: 'platform.kratix.io',
        version: 'v1alpha1',
        plural: 'promises',
        name: promise.metadata.name,
      },
      status => ({
        ...status,
        status: 'Available',
        kind: api?.kind,
        apiVersion: api
          ? `${api.group}/${api.version}`.toLowerCase()
          : undefined,
        version:
          promise.metadata.labels?.[KRATIX_LABELS.promiseVersion] ?? 'not-set',
        observedGeneration: 1,
        lastAvailableTime: new Date().toISOString(),
        workflows: workflowPipelines(promise, 'promise', 'configure').length,
        workflowsSucceeded: 0,
        workflowsFailed: 0,
        conditions: [
          {
            type: 'Available',
            status: 'True',
            reason: 'PromiseAvailable',
            message: 'Ready to fulfil resource requests',
            lastTransitionTime: new Date().toISOString(),
          },
        ],
      }),
    );
    if (workflowPipelines(promise, 'promise', 'configure').length) {
      await this.enqueue(`promise/${promise.metadata.name}`, () =>
        this.runWorkflow(promise),
      );
    } else {
      await this.rollup(promise);
    }
    if (api) await this.watchRequests(promise);
    await this.watchHealthRecords();
  }

  /** Stops watching; waits for reconciles in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const w of this.watches.values()) w.abort();
    this.watches.clear();
    await Promise.allSettled([...this.queues.values()]);
  }

  private async watchRequests(promise: KubeObject): Promise<void> {
    const api = readPromiseApi(promise)!;
    const path = `/apis/${api.group}/${api.version}/${api.plural}`;
    if (this.watches.has(path)) return;
    const start = async (): Promise<void> => {
      if (this.stopped) return;
      const controller = await new Watch(this.target.platform).watch(
        path,
        { allowWatchBookmarks: false },
        (phase, obj: KubeObject) => {
          const key = `${obj.metadata.namespace}/${promise.metadata.name}/${obj.metadata.name}`;
          if (phase === 'DELETED') {
            this.handledHashes.delete(key);
            this.enqueue(key, () => this.scheduler.removeRequest(promise, obj));
          } else if (phase === 'ADDED' || phase === 'MODIFIED') {
            this.enqueue(key, () =>
              this.reconcileRequest(
                promise.metadata.name,
                obj.metadata.namespace ?? 'default',
                obj.metadata.name,
              ),
            );
          }
        },
        () => {
          // The API server ends watches now and then: start again (a fresh watch replays ADDED for all).
          this.watches.delete(path);
          if (!this.stopped)
            setTimeout(() => start().catch(e => this.errors.push(e)), 200);
        },
      );
      this.watches.set(path, controller);
    };
    await waitFor(
      `a watch on ${path}`,
      async () => {
        await start();
        return true;
      },
      30_000,
      300,
    );
  }

  private enqueue(key: string, fn: () => Promise<void>): Promise<void> {
    const next = (this.queues.get(key) ?? Promise.resolve())
      .then(() => (this.stopped ? undefined : fn()))
      .catch(e => {
        if (!this.stopped)
          this.errors.push(e instanceof Error ? e : new Error(String(e)));
      });
    this.queues.set(key, next);
    return next;
  }

  /** Runs the request's configure workflow if its spec changed, or a re-run was asked for. */
  async reconcileRequest(
    promiseName: string,
    namespace: string,
    name: string,
  ): Promise<void> {
    const promise = this.promises.get(promiseName)!;
    const api = readPromiseApi(promise)!;
    const request = await this.kube.read({
      apiVersion: `${api.group}/${api.version}`,
      kind: api.kind,
      name,
      namespace,
    });
    if (!request || (request.metadata as any).deletionTimestamp) return;
    const key = `${namespace}/${promiseName}/${name}`;
    const ref = {
      group: api.group,
      version: api.version,
      plural: api.plural,
      name,
      namespace,
    };
    const labels = request.metadata.labels ?? {};
    if (labels[KRATIX_LABELS.paused] === 'true') {
      const reconciled = request.status?.conditions?.find(
        (c: any) => c.type === 'Reconciled',
      );
      if (reconciled?.reason !== 'PausedReconciliation') {
        await this.kube.updateStatus(ref, s => ({
          ...s,
          conditions: [
            ...(s.conditions ?? []).filter((c: any) => c.type !== 'Reconciled'),
            {
              type: 'Reconciled',
              status: 'Unknown',
              reason: 'PausedReconciliation',
              message: 'Paused',
              lastTransitionTime: new Date().toISOString(),
            },
          ],
        }));
      }
      return;
    }
    if (labels[KRATIX_LABELS.workflowSuspended] === 'true') {
      // Kratix skips a suspended workflow, and says so in Reconciled.
      const reconciled = request.status?.conditions?.find(
        (c: any) => c.type === 'Reconciled',
      );
      if (reconciled?.reason !== 'WorkflowSuspended') {
        await this.kube.updateStatus(ref, s => ({
          ...s,
          conditions: mergeConditions(s.conditions, [
            condition(
              'Reconciled',
              'Unknown',
              'WorkflowSuspended',
              'Suspended',
            ),
          ]),
        }));
      }
      return;
    }
    // The label was removed (resumed, or the retry time came): the suspended pipeline runs again.
    const resuming = (request.status?.kratix?.workflows?.pipelines ?? []).some(
      (p: any) => p.phase === 'Suspended',
    );
    const hash = workflowHash(promise, request);
    const manual =
      labels[KRATIX_LABELS.manualReconciliation] === 'true' || resuming;
    const wasPaused = request.status?.conditions?.some(
      (c: any) =>
        c.type === 'Reconciled' && c.reason === 'PausedReconciliation',
    );
    if (!manual && !wasPaused && this.handledHashes.get(key) === hash) return;
    if (
      !manual &&
      !wasPaused &&
      (await this.hasJobFor(promise, request, hash))
    ) {
      this.handledHashes.set(key, hash);
      return;
    }
    this.handledHashes.set(key, hash);
    if (labels[KRATIX_LABELS.manualReconciliation] === 'true') {
      await this.patchLabels(request, {
        [KRATIX_LABELS.manualReconciliation]: null,
      });
    }
    // Kratix labels every request with its Promise.
    if (labels[KRATIX_LABELS.promiseName] !== promiseName) {
      await this.patchLabels(request, {
        [KRATIX_LABELS.promiseName]: promiseName,
      });
    }
    await this.runWorkflow(promise, request);
  }

  /** Changes a request's labels with a merge patch (`null` removes one). */
  private async patchLabels(
    request: KubeObject,
    labels: Record<string, string | null>,
  ): Promise<void> {
    const { name, namespace } = request.metadata;
    await this.kube.objects.patch(
      {
        apiVersion: request.apiVersion,
        kind: request.kind,
        metadata: { name, namespace, labels },
      } as any,
      undefined,
      undefined,
      undefined,
      undefined,
      'application/merge-patch+json' as any,
    );
  }

  private async hasJobFor(
    promise: KubeObject,
    request: KubeObject,
    hash: string,
  ): Promise<boolean> {
    const jobs = await this.batch.listNamespacedJob({
      namespace: pipelineNamespace(promise, request),
      labelSelector: `${KRATIX_LABELS.promiseName}=${promise.metadata.name},${KRATIX_LABELS.resourceName}=${request.metadata.name},${KRATIX_LABELS.hash}=${hash}`,
    });
    return jobs.items.length > 0;
  }

  private statusRef(promise: KubeObject, request?: KubeObject) {
    if (!request)
      return {
        group: 'platform.kratix.io',
        version: 'v1alpha1',
        plural: 'promises',
        name: promise.metadata.name,
      };
    const api = readPromiseApi(promise)!;
    return {
      group: api.group,
      version: api.version,
      plural: api.plural,
      name: request.metadata.name,
      namespace: request.metadata.namespace ?? 'default',
    };
  }

  private async runWorkflow(
    promise: KubeObject,
    request?: KubeObject,
  ): Promise<void> {
    const type = request ? 'resource' : 'promise';
    const pipelines = workflowPipelines(promise, type, 'configure');
    const behaviour = this.behaviour(promise, request ?? promise);
    const ref = this.statusRef(promise, request);
    const namespace = pipelineNamespace(promise, request);
    await this.ensureNamespace(namespace);
    for (let i = 0; i < pipelines.length; i++) {
      const pipeline = pipelines[i];
      const isLast = i === pipelines.length - 1;
      await this.kube.updateStatus(ref, s =>
        keepRetryCount(
          s,
          pipelineStartedStatus(s, {
            pipelineName: pipeline.metadata.name,
            pipelines: pipelines.map(p => p.metadata.name),
            completedBefore: i,
          }),
          pipeline.metadata.name,
        ),
      );
      await this.ensureServiceAccount(
        namespace,
        `${promise.metadata.name}-${type}-configure-${pipeline.metadata.name}`,
        promise.metadata.name,
      );
      const job = pipelineJob({
        promise,
        pipeline,
        type,
        action: 'configure',
        request,
        isLastPipeline: isLast,
      });
      const pod = job.spec.template;
      const containers: string[] = [
        ...pod.spec.initContainers,
        ...pod.spec.containers,
      ].map((c: any) => c.name);
      const failIndex = behaviour.failAt
        ? containers.indexOf(behaviour.failAt.container)
        : -1;
      if (failIndex >= 0) {
        pod.metadata.annotations = {
          ...pod.metadata.annotations,
          [FAIL_CONTAINER_ANNOTATION]: behaviour.failAt!.container,
          [EXIT_CODE_ANNOTATION]: String(behaviour.failAt!.exitCode),
        };
      }
      job.spec.backoffLimit = 0;
      await this.kube.apply(job);
      const podName = await waitFor(
        `a Pod of Job ${namespace}/${job.metadata.name}`,
        async () => {
          const pods = await this.core.listNamespacedPod({
            namespace,
            labelSelector: `batch.kubernetes.io/job-name=${job.metadata.name}`,
          });
          return pods.items[0]?.metadata?.name;
        },
      );
      const ran =
        failIndex >= 0 ? containers.slice(0, failIndex + 1) : containers;
      await this.target.setPodLogs(
        namespace,
        podName,
        Object.fromEntries(ran.map(c => [c, behaviour.logs[c] ?? []])),
      );
      const outcome = await waitFor(
        `Job ${namespace}/${job.metadata.name} to finish`,
        async () => {
          const current = await this.batch.readNamespacedJob({
            name: job.metadata.name,
            namespace,
          });
          const done = current.status?.conditions?.find(
            c =>
              (c.type === 'Complete' || c.type === 'Failed') &&
              c.status === 'True',
          );
          return done?.type;
        },
        120_000,
      );
      if (outcome === 'Failed') {
        await this.kube.updateStatus(ref, s =>
          pipelineFailedStatus(s, { pipelineName: pipeline.metadata.name }),
        );
        await this.pruneJobs(promise, pipelines, request);
        await this.rollup(promise, request);
        return;
      }
      const work = workForPipeline({
        promise,
        request,
        pipelineName: pipeline.metadata.name,
        namespace,
        files: behaviour.outputs,
      });
      await this.scheduler.applyWork(work);
      const control = behaviour.workflowControl;
      if (request && control && (control.suspend || control.retryAfter)) {
        await this.suspend(request, ref, pipeline.metadata.name, control);
        await this.pruneJobs(promise, pipelines, request);
        return;
      }
      await this.kube.updateStatus(ref, s => {
        const next = pipelineSucceededStatus(s, {
          pipelineName: pipeline.metadata.name,
          isLastPipeline: isLast,
          statusYaml: isLast ? behaviour.statusYaml : undefined,
          kind: type,
        });
        // update-status forgets a suspension once the workflow completes.
        if (isLast) delete next.kratix?.workflows?.suspendedGeneration;
        return next;
      });
    }
    await this.pruneJobs(promise, pipelines, request);
    await this.rollup(promise, request);
  }

  /**
   * What Kratix's update-status does with a stage's `workflow-control.yaml` (`suspend`,
   * `retryAfter`, `message`): the pipeline `Suspended` with the message (and, to retry,
   * `attempts` and `nextRetryAt`), `suspendedGeneration`, the request labelled
   * `kratix.io/workflow-suspended`; then the controller's `Reconciled` Unknown
   * `WorkflowSuspended`. At `nextRetryAt` the label goes and the pipeline runs again.
   */
  private async suspend(
    request: KubeObject,
    ref: ReturnType<KratixSimulator['statusRef']>,
    pipelineName: string,
    control: NonNullable<RequestBehaviour['workflowControl']>,
  ): Promise<void> {
    const retryMs = control.retryAfter
      ? goDurationMs(control.retryAfter)
      : undefined;
    const nextRetryAt =
      retryMs !== undefined
        ? new Date(Date.now() + retryMs).toISOString().replace(/\.\d{3}Z$/, 'Z')
        : undefined;
    await this.patchLabels(request, {
      [KRATIX_LABELS.workflowSuspended]: 'true',
    });
    await this.kube.updateStatus(ref, (s, object) => {
      const workflows = { ...(s.kratix?.workflows ?? {}) };
      workflows.pipelines = (workflows.pipelines ?? []).map((p: any) => {
        if (p.name !== pipelineName) return p;
        const { message: _m, attempts, nextRetryAt: _n, ...rest } = p;
        return {
          ...rest,
          phase: 'Suspended',
          lastTransitionTime: new Date().toISOString(),
          ...(control.message ? { message: control.message } : {}),
          ...(nextRetryAt
            ? { nextRetryAt, attempts: (Number(attempts) || 0) + 1 }
            : {}),
        };
      });
      workflows.suspendedGeneration = Number(object.metadata.generation ?? 1);
      return {
        ...s,
        kratix: { ...(s.kratix ?? {}), workflows },
        conditions: mergeConditions(s.conditions, [
          condition('Reconciled', 'Unknown', 'WorkflowSuspended', 'Suspended'),
        ]),
      };
    });
    if (retryMs !== undefined && retryMs < 10 * 60_000) {
      const timer = setTimeout(() => {
        if (this.stopped) return;
        this.patchLabels(request, {
          [KRATIX_LABELS.workflowSuspended]: null,
        }).catch(e => {
          if (statusCode(e) !== 404) this.errors.push(e);
        });
      }, retryMs);
      timer.unref?.();
    }
  }

  /**
   * What Kratix's HealthRecord controller does: each request's `status.healthStatus`
   * rolled up from the HealthRecords that point at it (`data.resourceRef`), worst state
   * first. Started with the first Promise; a platform without the HealthRecord CRD has
   * nothing to roll up.
   */
  private async watchHealthRecords(): Promise<void> {
    const path = '/apis/platform.kratix.io/v1alpha1/healthrecords';
    if (this.watches.has(path) || this.stopped) return;
    const start = async (): Promise<void> => {
      if (this.stopped) return;
      const controller = await new Watch(this.target.platform).watch(
        path,
        {},
        (_phase, record: KubeObject) => {
          const ref = (record as any).data?.resourceRef;
          const promiseName = (record as any).data?.promiseRef?.name;
          if (!ref?.name || !promiseName) return;
          const namespace = ref.namespace ?? record.metadata.namespace;
          this.enqueue(`health/${namespace}/${ref.name}`, () =>
            this.rollUpHealth(promiseName, namespace, ref.name),
          );
        },
        () => {
          this.watches.delete(path);
          if (!this.stopped)
            setTimeout(() => start().catch(() => undefined), 500);
        },
      );
      this.watches.set(path, controller);
    };
    await start().catch(() => undefined);
  }

  private async rollUpHealth(
    promiseName: string,
    namespace: string,
    name: string,
  ): Promise<void> {
    const promise = this.promises.get(promiseName);
    const api = promise && readPromiseApi(promise);
    if (!api) return;
    const records = (
      await this.kube.list(KRATIX, 'HealthRecord', undefined)
    ).filter(
      r =>
        (r as any).data?.resourceRef?.name === name &&
        ((r as any).data?.resourceRef?.namespace ?? r.metadata.namespace) ===
          namespace &&
        !(r.metadata as any).deletionTimestamp,
    );
    await this.kube
      .updateStatus(
        {
          group: api.group,
          version: api.version,
          plural: api.plural,
          name,
          namespace,
        },
        s => ({ ...s, healthStatus: healthStatusOf(records) }),
      )
      .catch(e => {
        if (statusCode(e) !== 404) throw e;
      });
  }

  /**
   * As Kratix does when a workflow ends (or fails): keeps the newest
   * {@link JOBS_KEPT_PER_PIPELINE} Jobs of each of its pipelines, deletes the rest with
   * their Pods.
   */
  private async pruneJobs(
    promise: KubeObject,
    pipelines: Array<{ metadata: { name: string } }>,
    request?: KubeObject,
  ): Promise<void> {
    const namespace = pipelineNamespace(promise, request);
    for (const pipeline of pipelines) {
      const selector = [
        `${KRATIX_LABELS.promiseName}=${promise.metadata.name}`,
        `${KRATIX_LABELS.workflowType}=${request ? 'resource' : 'promise'}`,
        `${KRATIX_LABELS.pipelineName}=${pipeline.metadata.name}`,
        ...(request
          ? [`${KRATIX_LABELS.resourceName}=${request.metadata.name}`]
          : []),
      ].join(',');
      const jobs = (
        await this.batch.listNamespacedJob({
          namespace,
          labelSelector: selector,
        })
      ).items.sort(
        (a, b) =>
          Date.parse(String(a.metadata?.creationTimestamp)) -
          Date.parse(String(b.metadata?.creationTimestamp)),
      );
      for (const job of jobs.slice(
        0,
        Math.max(0, jobs.length - JOBS_KEPT_PER_PIPELINE),
      )) {
        await this.batch
          .deleteNamespacedJob({
            name: job.metadata!.name!,
            namespace,
            propagationPolicy: 'Background',
          })
          .catch(e => {
            if (statusCode(e) !== 404) throw e;
          });
      }
    }
  }

  private async rollup(
    promise: KubeObject,
    request?: KubeObject,
  ): Promise<void> {
    const namespace = pipelineNamespace(promise, request);
    const selector = request
      ? `${KRATIX_LABELS.promiseName}=${promise.metadata.name},${KRATIX_LABELS.workType}=resource,${KRATIX_LABELS.resourceName}=${request.metadata.name}`
      : `${KRATIX_LABELS.promiseName}=${promise.metadata.name},${KRATIX_LABELS.workType}=promise`;
    const works = await this.kube.list(KRATIX, 'Work', namespace, selector);
    const summary = works.map(w => ({
      name: w.metadata.name,
      ready: w.status?.conditions?.find((c: any) => c.type === 'Ready')
        ?.message,
    }));
    await this.kube.updateStatus(this.statusRef(promise, request), s => ({
      ...worksRollupStatus(s, summary, {
        subject: request ? 'resource' : 'promise',
      }),
      // Kratix records the generation it reconciled once a workflow has run.
      ...(request
        ? { observedGeneration: Number(request.metadata.generation ?? 1) }
        : {}),
    }));
  }

  private async ensureNamespace(name: string): Promise<void> {
    if (name === 'default') return;
    await this.kube.apply({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name },
    });
  }

  private async ensureServiceAccount(
    namespace: string,
    name: string,
    promiseName: string,
  ): Promise<void> {
    try {
      await this.core.createNamespacedServiceAccount({
        namespace,
        body: {
          metadata: {
            name,
            labels: { [KRATIX_LABELS.promiseName]: promiseName },
          },
        },
      });
    } catch (e) {
      if (statusCode(e) !== 409) throw e;
    }
  }
}

export { settled } from '../kratix/KratixDriver';

/** A Go duration (`1h30m`, `90s`, `500ms`) in milliseconds, as `retryAfter` is written. */
export function goDurationMs(duration: string): number {
  const units: Record<string, number> = {
    ns: 1e-6,
    us: 1e-3,
    µs: 1e-3,
    ms: 1,
    s: 1000,
    m: 60_000,
    h: 3_600_000,
  };
  const parts = [...duration.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)];
  if (!parts.length || parts.map(p => p[0]).join('') !== duration) {
    throw new Error(
      `retryAfter ${JSON.stringify(duration)} is not a Go duration`,
    );
  }
  return parts.reduce((ms, [, n, unit]) => ms + Number(n) * units[unit], 0);
}

/** A resumed pipeline keeps its `attempts` and `nextRetryAt` while it runs again, as in Kratix. */
function keepRetryCount(before: any, after: any, pipelineName: string): any {
  const previous = (before?.kratix?.workflows?.pipelines ?? []).find(
    (p: any) => p.name === pipelineName,
  );
  if (!previous?.attempts) return after;
  after.kratix.workflows.pipelines = after.kratix.workflows.pipelines.map(
    (p: any) =>
      p.name === pipelineName
        ? {
            ...p,
            attempts: previous.attempts,
            ...(previous.nextRetryAt
              ? { nextRetryAt: previous.nextRetryAt }
              : {}),
          }
        : p,
  );
  return after;
}
