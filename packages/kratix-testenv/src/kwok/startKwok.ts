import type { KubernetesObject } from '@kubernetes/client-node';
import { CoreV1Api } from '@kubernetes/client-node';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Binaries } from '../binaries/resolveBinaries';
import { ControlPlane } from '../controlPlane/startControlPlane';
import { applyCrds } from '../kube/applyCrds';
import { applyObjects } from '../kube/applyObjects';
import {
  ManagedProcess,
  ProcessSupervisor,
} from '../process/ProcessSupervisor';
import { freePort } from '../util/freePort';
import { httpRequest } from '../util/httpRequest';
import { waitFor } from '../util/waitFor';
import { EMPTY_LOG_FILE, PodLogStore } from './PodLogStore';
import { podStagesYaml } from './podStages';

/** The fake node's name. */
export const KWOK_NODE_NAME = 'kwok-node-0';

/** A running KWOK controller with its one fake Node. */
export interface KwokNode {
  process: ManagedProcess;
  nodeName: string;
  /** KWOK's kubelet-like server (HTTP and HTTPS on one port): `http://127.0.0.1:<port>`. */
  url: string;
  logs: PodLogStore;
}

/**
 * Starts KWOK against `controlPlane`, managing one fake Node whose InternalIP and kubelet
 * port are KWOK's own server, so `pods/log` through the API server reaches KWOK.
 * Stages: KWOK's upstream `node-fast` + `node-heartbeat-with-lease` for the Node and
 * `pod-fast/pod-delete` for deletion, plus this package's Pod stages ({@link POD_STAGES_YAML}).
 * Logs: a static catch-all `ClusterLogs` (an empty file) plus `Logs` objects per Pod
 * (`--enable-crds=Logs`), see {@link PodLogStore}.
 */
export async function startKwok(
  supervisor: ProcessSupervisor,
  binaries: Binaries,
  controlPlane: ControlPlane,
  options: { holdPodsUntil?: string } = {},
): Promise<KwokNode> {
  const dir = join(controlPlane.dir, 'kwok');
  const logsDir = join(dir, 'pod-logs');
  await mkdir(logsDir, { recursive: true });
  await writeFile(join(logsDir, EMPTY_LOG_FILE), '');
  const stagesFile = join(dir, 'pod-stages.yaml');
  await writeFile(stagesFile, podStagesYaml({ gate: options.holdPodsUntil }));
  const clusterLogsFile = join(dir, 'cluster-logs.yaml');
  await writeFile(
    clusterLogsFile,
    [
      'apiVersion: kwok.x-k8s.io/v1alpha1',
      'kind: ClusterLogs',
      'metadata:',
      '  name: testenv-default',
      'spec:',
      '  logs:',
      `  - logsFile: ${JSON.stringify(join(logsDir, EMPTY_LOG_FILE))}`,
      '',
    ].join('\n'),
  );

  const kc = controlPlane.kubeConfig;
  const port = await freePort();
  const RESOURCES = {
    cpu: '1k',
    memory: '1Ti',
    pods: '1M',
    'ephemeral-storage': '1Ti',
  };
  await Promise.all([
    applyCrds(kc, [join(binaries.kwokCrdsDir, 'kwok.x-k8s.io_logs.yaml')]),
    applyObjects(kc, [
      {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: {
          name: KWOK_NODE_NAME,
          annotations: {
            'kwok.x-k8s.io/node': 'fake',
            'node.alpha.kubernetes.io/ttl': '0',
          },
          labels: {
            'kubernetes.io/arch': 'amd64',
            'kubernetes.io/hostname': KWOK_NODE_NAME,
            'kubernetes.io/os': 'linux',
            type: 'kwok',
          },
        },
        // KWOK's node-initialize stage keeps what the Node says it has. Kratix's pipeline
        // containers request ephemeral-storage, which KWOK's defaults leave out.
        status: {
          capacity: RESOURCES,
          allocatable: RESOURCES,
        },
      } as KubernetesObject,
    ]),
  ]);

  const stage = (file: string) => ['-c', join(binaries.kwokStagesDir, file)];
  const process = supervisor.spawn(`${controlPlane.name}-kwok`, binaries.kwok, [
    `--kubeconfig=${controlPlane.adminKubeconfigFile}`,
    '--manage-all-nodes=true',
    `--node-name=${KWOK_NODE_NAME}`,
    '--node-ip=127.0.0.1',
    `--node-port=${port}`,
    `--server-address=127.0.0.1:${port}`,
    '--cidr=10.244.0.0/16',
    '--enable-crds=Logs',
    ...stage('node-fast/node-initialize.yaml'),
    ...stage('node-heartbeat-with-lease/node-heartbeat-with-lease.yaml'),
    ...stage('pod-fast/pod-delete.yaml'),
    '-c',
    stagesFile,
    '-c',
    clusterLogsFile,
  ]);

  const url = `http://127.0.0.1:${port}`;
  const core = kc.makeApiClient(CoreV1Api);
  await waitFor(
    `KWOK node ${KWOK_NODE_NAME} Ready and KWOK serving on ${url}`,
    async () => {
      const node = await core.readNode({ name: KWOK_NODE_NAME });
      const ready = node.status?.conditions?.some(
        c => c.type === 'Ready' && c.status === 'True',
      );
      return (
        ready &&
        (await httpRequest(`${url}/healthz`, { timeoutMs: 1000 })).status ===
          200
      );
    },
    { timeoutMs: 60_000, check: () => supervisor.assertRunning() },
  );
  return {
    process,
    nodeName: KWOK_NODE_NAME,
    url,
    logs: new PodLogStore(logsDir, kc, url),
  };
}
