import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { packageDir, resolveBinaries } from './binaries/resolveBinaries';
import { startPlatformCluster } from './clusters/startPlatformCluster';
import { startWorkerCluster } from './clusters/startWorkerCluster';
import {
  readKustomizations,
  requestGitReconcile,
} from './flux/FluxKustomizationStatus';
import {
  createGitStateStore,
  RunningGitStateStore,
} from './git/createGitStateStore';
import { kratixCanaryFiles } from './git/kratixCanaryFiles';
import { kubeConfigFor, writeKubeconfigFile } from './kube/kubeconfigFile';
import {
  KratixTestEnvironment,
  KratixTestEnvironmentOptions,
  ProcessMemory,
  RealKratixParts,
} from './KratixTestEnvironment';
import { ProcessSupervisor } from './process/ProcessSupervisor';
import { startWatchdog } from './process/startWatchdog';
import { describeError, waitFor } from './util/waitFor';
import {
  scenarioBehaviour,
  workshopScenario,
} from '@kratix-backstage/kratix-simulation';
import { PipelineRunner } from './kratix/PipelineRunner';
import {
  PIPELINE_ADAPTER_IMAGE,
  startKratixController,
} from './kratix/startKratixController';
import { PIPELINE_RAN_ANNOTATION } from './kwok/podStages';
import { testenvBehaviour } from './scenario/testenvBehaviour';

/** Set to `1` to keep the work dir (data, logs, kubeconfig) after `stop()`. */
export const KEEP_ENV_VAR = 'KRATIX_TESTENV_KEEP';

/** This package's fallback Kratix CRDs (`packages/kratix-testenv/crds/kratix/`). */
export function defaultKratixCrdDir(): string {
  return join(packageDir(), 'crds', 'kratix');
}

/**
 * Starts a platform cluster (control plane, controller-manager, scheduler, KWOK node,
 * Kratix CRDs, restricted identity), a worker cluster (control plane, controller-manager,
 * Flux) and the git state store between them, all in parallel, and resolves when all are
 * ready (both Flux Kustomizations Ready=True). Every process is in its own process group,
 * recorded for a detached watchdog that kills them all if this process dies; call
 * `stop()` when done (in `afterAll`).
 */
export async function startKratixTestEnvironment(
  options: KratixTestEnvironmentOptions = {},
): Promise<KratixTestEnvironment> {
  const started = Date.now();
  const keep = process.env[KEEP_ENV_VAR] === '1';
  const withFlux = options.flux ?? true;
  const kratixCrdDir = options.crdDirs?.kratix ?? defaultKratixCrdDir();
  if (options.crdDirs?.kratix && !existsSync(kratixCrdDir)) {
    throw new Error(`crdDirs.kratix does not exist: ${kratixCrdDir}`);
  }
  const workDir = options.workDir
    ? resolve(options.workDir)
    : await mkdtemp(join(tmpdir(), 'kratix-testenv-'));
  await mkdir(workDir, { recursive: true });
  const supervisor = new ProcessSupervisor(workDir);
  const watchdog = startWatchdog(supervisor.registryFile, workDir, keep);

  let store: RunningGitStateStore | undefined;
  let closeLogs = () => {};
  let stopRunner: () => Promise<void> = async () => undefined;
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      supervisor.timeline.mark('stop ...');
      await stopRunner().catch(() => undefined);
      closeLogs();
      await supervisor.stopAll();
      await store?.close();
      watchdog.dismiss();
      if (!keep) await rm(workDir, { recursive: true, force: true });
    })());

  const timed = async <T>(promise: Promise<T>): Promise<[T, number]> => {
    const t = Date.now();
    try {
      return [await promise, Date.now() - t];
    } catch (error) {
      supervisor.abort(describeError(error));
      throw error;
    }
  };

  try {
    const binaries = await resolveBinaries();
    const binariesMs = Date.now() - started;
    const realKratix = options.kratix === 'real';
    if (realKratix) {
      if (!binaries.kratix) {
        throw new Error(
          'kratix: real needs the Kratix controller, and scripts/k8s-binaries.sh built none (set KRATIX_SOURCE_DIR to its source)',
        );
      }
      await PipelineRunner.check();
    }
    let platformCrdDir: string | undefined;
    if (realKratix) platformCrdDir = binaries.kratix!.crdsDir;
    else if (existsSync(kratixCrdDir)) platformCrdDir = kratixCrdDir;
    const storePromise = timed(
      supervisor.timeline.step(
        'state store',
        createGitStateStore(join(workDir, 'state-store'), kratixCanaryFiles()),
      ),
    );
    const git = storePromise.then(([s]) => s);
    const [
      [stateStore, stateStoreMs],
      [platform, platformMs],
      [worker, workerMs],
    ] = await Promise.all([
      storePromise,
      timed(
        startPlatformCluster(supervisor, binaries, workDir, platformCrdDir, {
          ...(realKratix ? { holdPodsUntil: PIPELINE_RAN_ANNOTATION } : {}),
          auditLog: options.platformAuditLog,
        }),
      ),
      timed(
        startWorkerCluster(
          supervisor,
          binaries,
          workDir,
          withFlux ? git : undefined,
        ),
      ),
    ]);
    store = stateStore;
    closeLogs = () => platform.kwok.logs.close();
    if (withFlux) {
      stateStore.onCommit = () => requestGitReconcile(worker.kubeConfig);
      stateStore.onExternalPush = () => {
        requestGitReconcile(worker.kubeConfig).catch(() => undefined);
      };
    }
    let kratix: RealKratixParts | undefined;
    if (realKratix) {
      const [endpoint, controller] = await Promise.all([
        stateStore.serveHttps(),
        startKratixController(
          supervisor,
          binaries,
          platform.controlPlane,
          workDir,
          {
            dryRun: options.kratixDryRun ?? true,
            portWaitMs: options.kratixPortWaitMs,
          },
        ),
      ]);
      const runner = new PipelineRunner({
        kubeConfig: platform.controlPlane.kubeConfig,
        server: platform.controlPlane.server,
        caPem: platform.controlPlane.caPem,
        pipelineAdapter: binaries.kratix!.pipelineAdapter,
        pipelineAdapterImage: PIPELINE_ADAPTER_IMAGE,
        behaviour: testenvBehaviour(
          options.behaviour ?? scenarioBehaviour(workshopScenario),
        ),
        setPodLogs: (namespace, pod, logs) =>
          platform.kwok.logs.set(namespace, pod, logs),
        workDir: join(workDir, 'pipeline-runner'),
      });
      await runner.start();
      stopRunner = () => runner.stop();
      kratix = {
        stateStore: endpoint,
        runner,
        controllerLog: controller.logFile,
      };
    }

    const p = platform.controlPlane;
    const restrictedContext = {
      name: 'platform-restricted',
      cluster: 'platform',
      server: p.server,
      caPem: p.caPem,
      token: platform.restrictedToken,
    };
    const kubeconfigPath = join(workDir, 'kubeconfig');
    await writeKubeconfigFile(kubeconfigPath, [
      p.adminContext,
      worker.adminContext,
      restrictedContext,
    ]);

    const requireFlux = () => {
      if (!withFlux)
        throw new Error('this environment runs without Flux (flux: false)');
    };
    return {
      ...(kratix ? { kratix } : {}),
      workDir,
      kubeconfigPath,
      platform: {
        name: 'platform',
        server: p.server,
        kubeConfig: p.kubeConfig,
        setPodLogs: (namespace, pod, logs) =>
          platform.kwok.logs.set(namespace, pod, logs),
        stopNode: () => supervisor.stop(platform.kwok.process),
        ...(p.auditLogFile ? { auditLogFile: p.auditLogFile } : {}),
      },
      worker: {
        name: 'worker',
        server: worker.server,
        kubeConfig: worker.kubeConfig,
      },
      restricted: kubeConfigFor(restrictedContext),
      stateStore,
      timings: {
        binariesMs,
        platformMs,
        workerMs,
        stateStoreMs,
        totalMs: Date.now() - started,
      },
      pids: () => [
        ...supervisor.list().map(m => ({ name: m.name, pid: m.pid })),
        { name: 'watchdog', pid: watchdog.pid },
      ],
      memory: () =>
        supervisor
          .list()
          .filter(m => m.isRunning())
          .map(m => ({ name: m.name, pid: m.pid, ...readMemory(m.pid) }))
          .filter((m): m is ProcessMemory => m.rssBytes !== undefined),
      waitForFlux: async (sha, timeoutMs = 60_000) => {
        requireFlux();
        const revision = sha ?? (await stateStore.head());
        return waitFor(
          `Flux Kustomizations to attempt ${revision}`,
          async () => {
            const all = await readKustomizations(worker.kubeConfig);
            // lastAttemptedRevision moves to the new revision while Ready is still Unknown
            // ("Reconciliation in progress"); the outcome is the Ready that follows.
            const settled = all.every(
              k =>
                k.lastAttemptedRevision?.endsWith(revision) &&
                k.ready !== 'Unknown',
            );
            return settled ? all : undefined;
          },
          { timeoutMs, intervalMs: 100 },
        );
      },
      requestFluxReconcile: async () => {
        requireFlux();
        await requestGitReconcile(worker.kubeConfig);
      },
      stop,
    };
  } catch (error) {
    supervisor.abort(describeError(error));
    await stop().catch(() => undefined);
    throw error;
  }
}

function readMemory(pid: number): { rssBytes?: number; peakRssBytes?: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => {
      const match = status.match(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm'));
      return match ? Number(match[1]) * 1024 : undefined;
    };
    return { rssBytes: kb('VmRSS'), peakRssBytes: kb('VmHWM') };
  } catch {
    return {};
  }
}
