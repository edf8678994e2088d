import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Binaries, resolveBinaries } from '../binaries/resolveBinaries';
import { applyCrds } from '../kube/applyCrds';
import {
  ManagedProcess,
  ProcessSupervisor,
} from '../process/ProcessSupervisor';
import { startWatchdog } from '../process/startWatchdog';
import { describeError } from '../util/waitFor';
import {
  ControlPlane,
  ControlPlaneOptions,
  startControlPlane,
} from './startControlPlane';

/** Options of {@link startStandaloneControlPlane}. */
export type StandaloneControlPlaneOptions = Pick<
  ControlPlaneOptions,
  'apiServerFlags' | 'clientCertificates' | 'tokenWebhook' | 'auditLog'
> & {
  /** Default `standalone`. */
  name?: string;
  /** Directories (or files) of CRDs to install once the API server is ready. */
  crdDirs?: string[];
};

/** A lone control plane, for tests that need an API server and nothing else. */
export interface StandaloneControlPlane {
  controlPlane: ControlPlane;
  binaries: Binaries;
  /** Its work directory: data, certificates, `logs/<process>.log`. */
  workDir: string;
  /** Starts another process that stops with the control plane (e.g. `kubectl proxy`). */
  spawn(name: string, command: string, args: string[]): ManagedProcess;
  stop(): Promise<void>;
}

/**
 * Starts etcd and kube-apiserver alone (no controllers, no nodes) in a new temporary
 * directory, with the watchdog that kills them if this process dies, and installs the
 * given CRDs. About 4 seconds on 2 cores once the binaries are built.
 */
export async function startStandaloneControlPlane(
  options: StandaloneControlPlaneOptions = {},
): Promise<StandaloneControlPlane> {
  const workDir = await mkdtemp(join(tmpdir(), 'kratix-controlplane-'));
  const supervisor = new ProcessSupervisor(workDir);
  const watchdog = startWatchdog(supervisor.registryFile, workDir, false);
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await supervisor.stopAll();
      watchdog.dismiss();
      await rm(workDir, { recursive: true, force: true });
    })());
  try {
    const binaries = await resolveBinaries();
    const controlPlane = await startControlPlane({
      name: options.name ?? 'standalone',
      workDir,
      binaries,
      supervisor,
      apiServerFlags: options.apiServerFlags,
      clientCertificates: options.clientCertificates,
      tokenWebhook: options.tokenWebhook,
      auditLog: options.auditLog,
    });
    await applyCrds(controlPlane.kubeConfig, options.crdDirs ?? []);
    return {
      controlPlane,
      binaries,
      workDir,
      spawn: (name, command, args) => supervisor.spawn(name, command, args),
      stop,
    };
  } catch (error) {
    supervisor.abort(describeError(error));
    await stop();
    throw error;
  }
}
