import { CoreV1Api } from '@kubernetes/client-node';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Binaries } from '../binaries/resolveBinaries';
import type { ControlPlane } from '../controlPlane/startControlPlane';
import { selfSignedCertificate } from '../git/createGitStateStore';
import type {
  ManagedProcess,
  ProcessSupervisor,
} from '../process/ProcessSupervisor';
import { waitFor } from '../util/waitFor';

/** The namespace Kratix runs in (its state store Secrets live there in these tests). */
export const KRATIX_NAMESPACE = 'kratix-platform-system';

/** The image Kratix gives the containers it adds (reader, work-writer, status-writer). */
export const PIPELINE_ADAPTER_IMAGE =
  'ghcr.io/syntasso/kratix-pipeline-adapter:testenv';

/** Kratix's webhook server port: fixed in its main.go. */
export const KRATIX_WEBHOOK_PORT = 9443;

/** The running controller. */
export interface KratixController {
  process: ManagedProcess;
  logFile: string;
}

/** Options of {@link startKratixController}. */
export interface StartKratixControllerOptions {
  /**
   * Kratix's `featureFlags.dryRun` (default true): its DryRun controller runs, and a
   * request labelled `kratix.io/dry-run: "true"` runs its pipelines in dry-run mode.
   */
  dryRun?: boolean;
  /**
   * How long to wait for port 9443 when another Kratix holds it (default 0: fail at once,
   * naming the port). On a machine shared with other runs, a suite can wait its turn.
   */
  portWaitMs?: number;
}

/** Whether something already listens on the port (on any address). */
async function portTaken(port: number): Promise<boolean> {
  return new Promise(resolve => {
    const server = createServer();
    server.once('error', () => resolve(true));
    server.listen(port, () => server.close(() => resolve(false)));
  });
}

/**
 * Starts the real Kratix controller (`kratix-controller`, built from its source) against
 * the platform's API server, the way its SOURCE.md says it runs without cert-manager or
 * webhooks: the namespace `kratix-platform-system`, a self-signed webhook serving
 * certificate in `$TMPDIR/k8s-webhook-server/serving-certs/` (no webhook configurations
 * are registered), `PIPELINE_ADAPTER_IMG` set, metrics, health and pprof off. Resolves when
 * its controllers have started their workers.
 */
export async function startKratixController(
  supervisor: ProcessSupervisor,
  binaries: Binaries,
  controlPlane: ControlPlane,
  workDir: string,
  options: StartKratixControllerOptions = {},
): Promise<KratixController> {
  if (!binaries.kratix) {
    throw new Error(
      'the Kratix controller was not built (set KRATIX_SOURCE_DIR to its source and run scripts/k8s-binaries.sh)',
    );
  }
  const deadline = Date.now() + (options.portWaitMs ?? 0);
  while ((await portTaken(KRATIX_WEBHOOK_PORT)) && Date.now() < deadline) {
    await new Promise(r => setTimeout(r, 2000));
  }
  if (await portTaken(KRATIX_WEBHOOK_PORT)) {
    throw new Error(
      `port ${KRATIX_WEBHOOK_PORT} is taken: the Kratix controller's webhook server always listens there (fixed in its main.go), so only one real Kratix can run on a machine at a time. Stop the other one (another test environment, or a Kratix started by hand) and try again.`,
    );
  }
  const dir = join(workDir, 'kratix');
  const tmp = join(dir, 'tmp');
  const certDir = join(tmp, 'k8s-webhook-server', 'serving-certs');
  await mkdir(certDir, { recursive: true });
  const tls = await selfSignedCertificate(
    join(dir, 'webhook-tls'),
    'localhost',
  );
  await writeFile(join(certDir, 'tls.key'), tls.key);
  await writeFile(join(certDir, 'tls.crt'), tls.cert);
  const kubeconfig = controlPlane.adminKubeconfigFile;

  const core = controlPlane.kubeConfig.makeApiClient(CoreV1Api);
  await core
    .createNamespace({ body: { metadata: { name: KRATIX_NAMESPACE } } })
    .catch(error => {
      if (Number(error?.code ?? error?.statusCode) !== 409) throw error;
    });

  // Kratix's own config (the `kratix` ConfigMap): a failed pipeline Pod fails its Job at
  // once, instead of Kubernetes' default six retries with back-off (minutes per failure);
  // `featureFlags.dryRun` starts its DryRun controller (read once, at start: cmd/main.go).
  await core
    .createNamespacedConfigMap({
      namespace: KRATIX_NAMESPACE,
      body: {
        metadata: { name: 'kratix' },
        data: {
          config: [
            'workflows:',
            '  jobOptions:',
            '    defaultBackoffLimit: 0',
            ...(options.dryRun === false
              ? []
              : ['featureFlags:', '  dryRun: true']),
            '',
          ].join('\n'),
        },
      },
    })
    .catch(error => {
      if (Number(error?.code ?? error?.statusCode) !== 409) throw error;
    });

  const process_ = supervisor.spawn(
    'kratix-controller',
    binaries.kratix.controller,
    [
      `--kubeconfig=${kubeconfig}`,
      '--metrics-bind-address=0',
      '--health-probe-bind-address=0',
      '--pprof-bind-address=0',
    ],
    {
      env: {
        ...process.env,
        TMPDIR: tmp,
        KUBECONFIG: kubeconfig,
        PIPELINE_ADAPTER_IMG: PIPELINE_ADAPTER_IMAGE,
      },
    },
  );
  await supervisor.timeline.step(
    'platform: Kratix controller started its workers',
    waitFor(
      'the Kratix controller to start its controllers',
      async () => {
        const log = await readFile(process_.logFile, 'utf8').catch(() => '');
        return /Starting workers.*"controller":"promise"/.test(log) ||
          /"controller":"promise".*Starting workers/.test(log)
          ? true
          : undefined;
      },
      {
        timeoutMs: 60_000,
        intervalMs: 200,
        check: () => supervisor.assertRunning(),
      },
    ),
  );
  return { process: process_, logFile: process_.logFile };
}
