import { KubeConfig } from '@kubernetes/client-node';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Binaries } from '../binaries/resolveBinaries';
import { ControlPlane } from '../controlPlane/startControlPlane';
import { applyCrds } from '../kube/applyCrds';
import { applyObjects } from '../kube/applyObjects';
import { ProcessSupervisor } from '../process/ProcessSupervisor';
import { freePort } from '../util/freePort';
import { waitFor } from '../util/waitFor';
import { FLUX_NAMESPACE, fluxObjects } from './fluxObjects';
import { readKustomizations } from './FluxKustomizationStatus';

/**
 * Runs Flux's source-controller and kustomize-controller as local processes against the
 * worker (`KUBECONFIG`; they have no kubeconfig flag), after installing the Flux CRDs
 * (source-controller refuses to start without HelmRepository and HelmChart), then creates
 * the Kratix GitRepository and Kustomizations and waits until both Kustomizations are
 * Ready=True.
 *
 * Flags that matter: `--metrics-addr=0 --health-addr=0` (the defaults bind all interfaces
 * and two environments would clash), a storage address fixed for the life of the
 * environment (artifact URLs embed it), `--requeue-dependency=1s` (otherwise `dependsOn`
 * waits 30 s) and `--http-retry=2`.
 */
export async function startFlux(
  supervisor: ProcessSupervisor,
  binaries: Binaries,
  worker: ControlPlane,
  git:
    | Promise<{ url: string; branch: string }>
    | { url: string; branch: string },
): Promise<void> {
  const dir = join(worker.dir, 'flux');
  const storage = join(dir, 'storage');
  const tmp = join(dir, 'tmp');
  await mkdir(storage, { recursive: true });
  await mkdir(tmp, { recursive: true });
  const t = supervisor.timeline;
  await t.step(
    'worker: Flux CRDs',
    applyCrds(worker.kubeConfig, [binaries.fluxCrdsDir]),
  );
  await applyObjects(worker.kubeConfig, [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: FLUX_NAMESPACE } },
  ]);

  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: dir,
    TMPDIR: tmp,
    KUBECONFIG: worker.adminKubeconfigFile,
    RUNTIME_NAMESPACE: FLUX_NAMESPACE,
    NO_PROXY: '127.0.0.1,localhost',
    no_proxy: '127.0.0.1,localhost',
  };
  const storagePort = await freePort();
  supervisor.spawn(
    `${worker.name}-source-controller`,
    binaries.sourceController,
    [
      '--metrics-addr=0',
      '--health-addr=0',
      `--storage-path=${storage}`,
      `--storage-addr=127.0.0.1:${storagePort}`,
      `--storage-adv-addr=127.0.0.1:${storagePort}`,
      '--log-level=info',
    ],
    { env, cwd: dir },
  );
  supervisor.spawn(
    `${worker.name}-kustomize-controller`,
    binaries.kustomizeController,
    [
      '--metrics-addr=0',
      '--health-addr=0',
      '--requeue-dependency=1s',
      '--http-retry=2',
      '--log-level=info',
    ],
    { env, cwd: dir },
  );

  const { url, branch } = await git;
  await applyObjects(worker.kubeConfig, fluxObjects(url, branch));
  await t.step(
    'worker: Flux Kustomizations Ready',
    waitForKustomizationsReady(worker.kubeConfig, () =>
      supervisor.assertRunning(),
    ),
  );
}

/** Waits until both Kratix Kustomizations are Ready=True. */
export async function waitForKustomizationsReady(
  kubeConfig: KubeConfig,
  check?: () => void,
  timeoutMs = 90_000,
) {
  await waitFor(
    'Flux Kustomizations Ready=True',
    async () =>
      (await readKustomizations(kubeConfig)).every(k => k.ready === 'True'),
    { timeoutMs, intervalMs: 200, check },
  );
}
