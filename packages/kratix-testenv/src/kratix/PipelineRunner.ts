import {
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  KubernetesObjectApi,
  PatchStrategy,
  V1Container,
  V1Pod,
  Watch,
} from '@kubernetes/client-node';
import { type KubeObject } from '@kratix-backstage/plugin-kratix-node';
import {
  type BehaviourFn,
  FAIL_CONTAINER_ANNOTATION,
  FAIL_EXIT_CODE_ANNOTATION,
} from '@kratix-backstage/kratix-simulation';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, normalize } from 'node:path';
import { stringify } from 'yaml';
import { kubeconfigDocument } from '../kube/kubeconfigFile';
import { PIPELINE_RAN_ANNOTATION } from '../kwok/podStages';

/** What one container of a pipeline Pod did. */
export interface ContainerRun {
  name: string;
  /** `adapter`: the real pipeline-adapter ran; `behaviour`: a Promise stage was played. */
  kind: 'adapter' | 'behaviour';
  exitCode: number;
  lines: string[];
}

/** What the runner did for one Pod. */
export interface PodRun {
  namespace: string;
  pod: string;
  containers: ContainerRun[];
  succeeded: boolean;
  /**
   * A dry run's Pod (Kratix set `KRATIX_DRY_RUN=true` on its containers, for a request
   * labelled `kratix.io/dry-run`): run like any other; the real adapter then labels the
   * Work `kratix.io/dry-run` and the status message says so.
   */
  dryRun: boolean;
}

/** Options of {@link PipelineRunner}. */
export interface PipelineRunnerOptions {
  /** The platform's admin kubeconfig (reads Pods and ConfigMaps, requests tokens). */
  kubeConfig: KubeConfig;
  /** The platform API server and its CA, for the Pods' ServiceAccount kubeconfigs. */
  server: string;
  caPem: string;
  /** The real `pipeline-adapter` binary. */
  pipelineAdapter: string;
  /** The image Kratix gives the containers it adds (they run the adapter). */
  pipelineAdapterImage: string;
  /** What the Promise's own stages do. */
  behaviour: BehaviourFn;
  setPodLogs(
    namespace: string,
    pod: string,
    logs: Record<string, string[]>,
  ): Promise<void>;
  /** Where Pods' volumes and homes go. */
  workDir: string;
  /** How long a Pod waits before its first container runs, as on a kubelet (default 1 s). */
  startDelayMs?: number;
}

const isAdapter = (c: V1Container, image: string) =>
  c.image === image || c.command?.[0] === '/bin/pipeline-adapter';

/**
 * Runs the pipeline Pods the real Kratix controller makes, since KWOK runs no
 * containers: for each Pod scheduled on the KWOK node it does, in order, what its
 * containers would, from the env, args, volumes and ServiceAccount in the Pod spec
 * Kratix wrote. Containers of the pipeline-adapter image run the real binary (reader,
 * work-creator, update-status) in a private mount namespace where each of their volume
 * mounts is the Pod's own directory (so the fixed paths `/kratix/...` and
 * `/work-creator-files/...` are the Pod's, not the host's); the Promise's own stages
 * are played from the behaviour (files written to `/kratix/output` and
 * `/kratix/metadata`, log lines, an exit code). Then it serves each container's lines as
 * the Pod's logs and annotates the Pod, which lets KWOK complete it (or fail it at the
 * container that failed). One Pod at a time: a pipeline's Pods run one after the other.
 */
export class PipelineRunner {
  private readonly core: CoreV1Api;
  private readonly objects: CustomObjectsApi;
  private readonly podObjects: KubernetesObjectApi;
  private readonly seen = new Set<string>();
  private queue: Promise<void> = Promise.resolve();
  private abort?: AbortController;
  private stopped = false;
  /** Every Pod run, in order, for tests to look at. */
  readonly runs: PodRun[] = [];
  /** Failures of the runner itself (not of a Pod), for tests to assert on. */
  readonly errors: Error[] = [];

  constructor(private readonly options: PipelineRunnerOptions) {
    this.core = options.kubeConfig.makeApiClient(CoreV1Api);
    this.objects = options.kubeConfig.makeApiClient(CustomObjectsApi);
    this.podObjects = KubernetesObjectApi.makeApiClient(options.kubeConfig);
  }

  /** Whether the runner can make private mounts here, without waiting (for test set-up). */
  static canRun(): { ok: true } | { ok: false; why: string } {
    const result = spawnSync(
      'unshare',
      ['--mount', '--propagation', 'private', '--', 'true'],
      { stdio: 'ignore' },
    );
    return result.status === 0
      ? { ok: true }
      : {
          ok: false,
          why: "'unshare --mount' failed: the pipeline runner needs root (or CAP_SYS_ADMIN)",
        };
  }

  /** Checks the runner can make private mounts here (it needs root, or user namespaces). */
  static async check(): Promise<void> {
    const code = await new Promise<number>(resolve => {
      const child = spawn(
        'unshare',
        ['--mount', '--propagation', 'private', '--', 'true'],
        { stdio: 'ignore' },
      );
      child.on('error', () => resolve(127));
      child.on('exit', c => resolve(c ?? 1));
    });
    if (code !== 0) {
      throw new Error(
        "the pipeline runner cannot create a private mount namespace ('unshare --mount' failed): it needs root (or CAP_SYS_ADMIN) to give each pipeline-adapter container the Pod's /kratix and /work-creator-files",
      );
    }
  }

  async start(): Promise<void> {
    const watch = async (): Promise<void> => {
      if (this.stopped) return;
      this.abort = await new Watch(this.options.kubeConfig).watch(
        '/api/v1/pods',
        {},
        (_phase, pod: V1Pod) => this.consider(pod),
        () => {
          if (!this.stopped)
            setTimeout(() => watch().catch(e => this.errors.push(e)), 200);
        },
      );
    };
    await watch();
    // Pods made before the watch started.
    const pods = await this.core.listPodForAllNamespaces();
    pods.items.forEach(p => this.consider(p));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.abort?.abort();
    await this.queue;
  }

  private consider(pod: V1Pod) {
    const uid = pod.metadata?.uid;
    if (!uid || this.seen.has(uid) || this.stopped) return;
    if (!pod.spec?.nodeName || pod.status?.phase !== 'Pending') return;
    if (pod.metadata?.annotations?.[PIPELINE_RAN_ANNOTATION]) return;
    if (pod.metadata?.deletionTimestamp) return;
    this.seen.add(uid);
    this.queue = this.queue
      .then(() => this.run(pod))
      .catch(error => {
        this.errors.push(
          error instanceof Error ? error : new Error(String(error)),
        );
      });
  }

  private async run(pod: V1Pod): Promise<void> {
    // A kubelet takes a moment to start a Pod's first container (sandbox, image); Kratix
    // records the run's start in the request's status meanwhile, and its pipeline-adapter
    // expects to find that record (update-status turns the "Pending" message it wrote into
    // "Resource requested"). Running at once would race it.
    await new Promise(resolve =>
      setTimeout(resolve, this.options.startDelayMs ?? 1000),
    );
    const namespace = pod.metadata!.namespace!;
    const name = pod.metadata!.name!;
    const spec = pod.spec!;
    // Not a Kratix pipeline Pod (a test's own): nothing to run, KWOK runs it as before.
    const kratixPod =
      pod.metadata?.labels?.['app.kubernetes.io/managed-by']?.toLowerCase() ===
      'kratix';
    const containers = kratixPod
      ? [...(spec.initContainers ?? []), ...spec.containers]
      : [];
    const dir = join(
      this.options.workDir,
      'pods',
      namespace,
      `${name}-${pod.metadata!.uid!.slice(0, 8)}`,
    );
    await rm(dir, { recursive: true, force: true });
    const volumes = await this.volumes(pod, join(dir, 'volumes'));
    const home = join(dir, 'home');
    if (kratixPod) {
      await this.serviceAccountKubeconfig(pod, join(home, '.kube', 'config'));
    }

    const played: ContainerRun[] = [];
    let failed: ContainerRun | undefined;
    let behaviour: ReturnType<BehaviourFn> | undefined;
    for (const container of containers) {
      const mounts = (container.volumeMounts ?? []).map(m => ({
        path: m.mountPath,
        dir: volumes.get(m.name) ?? join(dir, 'volumes', m.name),
      }));
      let result: ContainerRun;
      try {
        if (isAdapter(container, this.options.pipelineAdapterImage)) {
          result = await this.runAdapter(pod, container, mounts, home);
        } else {
          behaviour ??= await this.behaviourOf(pod, container);
          result = await this.play(container, mounts, behaviour);
        }
      } catch (error) {
        // What the runner could not do is the container's failure, in its log.
        result = {
          name: container.name,
          kind: 'behaviour',
          exitCode: 1,
          lines: [`testenv pipeline runner: ${(error as Error).message}`],
        };
      }
      played.push(result);
      if (result.exitCode !== 0) {
        failed = result;
        break;
      }
    }
    if (played.length) {
      await this.options.setPodLogs(
        namespace,
        name,
        Object.fromEntries(played.map(c => [c.name, c.lines])),
      );
    }
    await this.podObjects.patch(
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name,
          namespace,
          annotations: {
            [PIPELINE_RAN_ANNOTATION]: 'true',
            ...(failed
              ? {
                  [FAIL_CONTAINER_ANNOTATION]: failed.name,
                  [FAIL_EXIT_CODE_ANNOTATION]: String(failed.exitCode),
                }
              : {}),
          },
        },
      },
      undefined,
      undefined,
      undefined,
      undefined,
      PatchStrategy.MergePatch,
    );
    this.runs.push({
      namespace,
      pod: name,
      containers: played,
      succeeded: !failed,
      dryRun: containers.some(c =>
        c.env?.some(e => e.name === 'KRATIX_DRY_RUN' && e.value === 'true'),
      ),
    });
  }

  /** A directory per volume: emptyDirs empty, ConfigMaps with their keys as files. */
  private async volumes(
    pod: V1Pod,
    root: string,
  ): Promise<Map<string, string>> {
    const dirs = new Map<string, string>();
    for (const volume of pod.spec?.volumes ?? []) {
      const dir = join(root, volume.name);
      await mkdir(dir, { recursive: true });
      dirs.set(volume.name, dir);
      if (volume.configMap?.name) {
        const cm = await this.core
          .readNamespacedConfigMap({
            name: volume.configMap.name,
            namespace: pod.metadata!.namespace!,
          })
          .catch(() => undefined);
        const data = cm?.data ?? {};
        const items =
          volume.configMap.items ??
          Object.keys(data).map(key => ({ key, path: key }));
        for (const item of items) {
          if (data[item.key] === undefined) continue;
          const target = join(
            dir,
            normalize(item.path).replace(/^(\.\.(\/|$))+/, ''),
          );
          await mkdir(dirname(target), { recursive: true });
          await writeFile(target, data[item.key]);
        }
      }
    }
    return dirs;
  }

  /** The Pod's ServiceAccount, as a kubeconfig (a token from the TokenRequest API). */
  private async serviceAccountKubeconfig(pod: V1Pod, file: string) {
    const account = pod.spec?.serviceAccountName ?? 'default';
    const answer = await this.core.createNamespacedServiceAccountToken({
      name: account,
      namespace: pod.metadata!.namespace!,
      body: { spec: { audiences: [], expirationSeconds: 3600 } },
    });
    await mkdir(dirname(file), { recursive: true });
    await writeFile(
      file,
      stringify(
        kubeconfigDocument([
          {
            name: 'in-pod',
            server: this.options.server,
            caPem: this.options.caPem,
            token: answer.status?.token ?? '',
          },
        ]),
      ),
    );
  }

  private env(
    pod: V1Pod,
    container: V1Container,
    home: string,
  ): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: home,
      KUBECONFIG: join(home, '.kube', 'config'),
      HOSTNAME: pod.metadata!.name,
    };
    for (const e of container.env ?? []) {
      if (e.value !== undefined) env[e.name] = e.value;
      const field = e.valueFrom?.fieldRef?.fieldPath;
      if (!field) continue;
      const annotation = field.match(/^metadata\.annotations\['(.+)'\]$/)?.[1];
      if (annotation)
        env[e.name] = pod.metadata?.annotations?.[annotation] ?? '';
      else if (field === 'metadata.name') env[e.name] = pod.metadata!.name;
      else if (field === 'metadata.namespace')
        env[e.name] = pod.metadata!.namespace;
    }
    return env;
  }

  private async runAdapter(
    pod: V1Pod,
    container: V1Container,
    mounts: Array<{ path: string; dir: string }>,
    home: string,
  ): Promise<ContainerRun> {
    // Empty mount points on the host, shadowed by the Pod's directories in the namespace.
    for (const m of mounts) mkdirSync(m.path, { recursive: true });
    const binds = mounts
      .map((_m, i) => `mount --bind "$MOUNT_SRC_${i}" "$MOUNT_DST_${i}"`)
      .join(' && ');
    const mountEnv = Object.fromEntries(
      mounts.flatMap((m, i) => [
        [`MOUNT_SRC_${i}`, m.dir],
        [`MOUNT_DST_${i}`, m.path],
      ]),
    );
    const args = [
      ...(container.command ?? []).slice(1),
      ...(container.args ?? []),
    ];
    const lines: string[] = [];
    const exitCode = await new Promise<number>(resolve => {
      const child = spawn(
        'unshare',
        [
          '--mount',
          '--propagation',
          'private',
          '--',
          'sh',
          '-c',
          `${binds || 'true'} && exec "$0" "$@"`,
          this.options.pipelineAdapter,
          ...args,
        ],
        {
          env: { ...this.env(pod, container, home), ...mountEnv },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let pending = '';
      const take = (chunk: Buffer) => {
        pending += chunk.toString('utf8');
        const parts = pending.split('\n');
        pending = parts.pop()!;
        lines.push(...parts);
      };
      child.stdout.on('data', take);
      child.stderr.on('data', take);
      child.on('error', error => {
        lines.push(`testenv: could not run pipeline-adapter: ${error.message}`);
        resolve(127);
      });
      child.on('close', code => {
        if (pending) lines.push(pending);
        resolve(code ?? 1);
      });
    });
    return { name: container.name, kind: 'adapter', exitCode, lines };
  }

  /** The Promise and the object (request, or the Promise itself) the Pod's workflow is for. */
  private async behaviourOf(pod: V1Pod, container: V1Container) {
    const env = this.env(pod, container, '');
    const promise = (await this.objects.getClusterCustomObject({
      group: 'platform.kratix.io',
      version: 'v1alpha1',
      plural: 'promises',
      name: String(env.KRATIX_PROMISE_NAME),
    })) as KubeObject;
    if (env.KRATIX_WORKFLOW_TYPE !== 'resource')
      return this.options.behaviour(promise, promise);
    const read = (namespace: string, name: string) =>
      this.objects.getNamespacedCustomObject({
        group: String(env.KRATIX_OBJECT_GROUP),
        version: String(env.KRATIX_OBJECT_VERSION),
        namespace,
        plural: String(env.KRATIX_CRD_PLURAL),
        name,
      }) as Promise<KubeObject>;
    const request = await read(
      String(env.KRATIX_OBJECT_NAMESPACE || 'default'),
      String(env.KRATIX_OBJECT_NAME),
    );
    return this.options.behaviour(
      promise,
      env.KRATIX_DRY_RUN === 'true'
        ? await this.dryRunSubject(request, read)
        : request,
    );
  }

  /**
   * In a dry run the stages see what Kratix's reader gives them: the request the DryRun
   * names (`kratix.io/dry-run-resource-name`/`-namespace` on the ephemeral request) with
   * the proposed spec, or, when that request does not exist yet, the ephemeral request
   * under the intended name.
   */
  private async dryRunSubject(
    ephemeral: KubeObject,
    read: (namespace: string, name: string) => Promise<KubeObject>,
  ): Promise<KubeObject> {
    const annotations = ephemeral.metadata.annotations ?? {};
    const name = annotations['kratix.io/dry-run-resource-name'];
    if (!name) return ephemeral;
    const namespace =
      annotations['kratix.io/dry-run-resource-namespace'] ||
      ephemeral.metadata.namespace!;
    const real = await read(namespace, name).catch(() => undefined);
    if (real) return { ...real, spec: ephemeral.spec };
    return {
      ...ephemeral,
      metadata: { ...ephemeral.metadata, name, namespace },
    };
  }

  /** A Promise stage, played: its files written where its mounts say, its lines, its exit. */
  private async play(
    container: V1Container,
    mounts: Array<{ path: string; dir: string }>,
    behaviour: ReturnType<BehaviourFn>,
  ): Promise<ContainerRun> {
    const lines = behaviour.logs[container.name] ?? [];
    if (behaviour.failAt?.container === container.name) {
      return {
        name: container.name,
        kind: 'behaviour',
        exitCode: behaviour.failAt.exitCode,
        lines,
      };
    }
    const at = (path: string) => mounts.find(m => m.path === path)?.dir;
    const output = at('/kratix/output');
    const metadata = at('/kratix/metadata');
    if (output) {
      for (const [file, content] of Object.entries(behaviour.outputs)) {
        const target = join(
          output,
          normalize(file).replace(/^(\.\.(\/|$))+/, ''),
        );
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, content);
      }
    }
    if (metadata) {
      const files: Array<[string, unknown]> = [
        ['status.yaml', behaviour.statusYaml],
        ['destination-selectors.yaml', behaviour.destinationSelectors],
        ['workflow-control.yaml', behaviour.workflowControl],
      ];
      for (const [file, content] of files) {
        if (content !== undefined) {
          await writeFile(join(metadata, file), stringify(content));
        }
      }
    }
    return { name: container.name, kind: 'behaviour', exitCode: 0, lines };
  }
}
