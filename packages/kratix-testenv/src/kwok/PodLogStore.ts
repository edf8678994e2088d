import {
  KubeConfig,
  KubernetesObjectApi,
  PatchStrategy,
} from '@kubernetes/client-node';
import { mkdir, rename, writeFile, appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FIELD_MANAGER } from '../kube/applyObjects';
import { httpRequest } from '../util/httpRequest';
import { describeError, waitFor } from '../util/waitFor';
import { criLogLine, criTimestamp, PodLogLine } from './criLogLine';

interface StoredLine {
  text: string;
  stream: string;
  explicitTime?: string;
  rendered: string;
}

/** The log file KWOK serves for a Pod or container it has no configured logs for. */
export const EMPTY_LOG_FILE = 'empty.log';

/**
 * Pod logs for KWOK. Each container's lines go to `<dir>/<namespace>/<pod>/<container>.log`
 * in CRI format; a KWOK `Logs` object named after the Pod (in its namespace) maps each
 * container to its file, plus a default entry for other containers pointing at an empty
 * file. KWOK (`--enable-crds=Logs`) watches those objects and serves
 * `/containerLogs/<ns>/<pod>/<container>` from the files; the API server's `pods/log`
 * proxies to it. Setting lines again appends when the old lines are a prefix of the new
 * ones (a follower sees only the new lines), otherwise the file is replaced.
 */
export class PodLogStore {
  private readonly lines = new Map<string, StoredLine[]>();
  private readonly configured = new Map<string, Set<string>>();
  private readonly created = new Set<string>();
  private readonly pending = new Map<string, Set<string>>();
  private pendingTimer: NodeJS.Timeout | undefined;
  private readonly api: KubernetesObjectApi;

  constructor(
    private readonly dir: string,
    kubeConfig: KubeConfig,
    private readonly kwokUrl: string,
  ) {
    this.api = KubernetesObjectApi.makeApiClient(kubeConfig);
  }

  private queue: Promise<void> = Promise.resolve();

  /**
   * Writes the files and the `Logs` object, then waits until KWOK serves the new lines.
   * If the namespace does not exist yet, the `Logs` object is created in the background
   * as soon as it does, and this resolves at once. Calls run one at a time.
   */
  set(
    namespace: string,
    pod: string,
    logs: Record<string, Array<string | PodLogLine>>,
  ): Promise<void> {
    const run = this.queue.then(() => this.setNow(namespace, pod, logs));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async setNow(
    namespace: string,
    pod: string,
    logs: Record<string, Array<string | PodLogLine>>,
  ) {
    const podDir = join(this.dir, namespace, pod);
    await mkdir(podDir, { recursive: true });
    for (const [container, input] of Object.entries(logs)) {
      await this.writeContainer(
        podDir,
        `${namespace}/${pod}/${container}`,
        container,
        input,
      );
    }
    const key = `${namespace}/${pod}`;
    const known = this.configured.get(key);
    const containers = new Set([...(known ?? []), ...Object.keys(logs)]);
    this.configured.set(key, containers);
    if (!this.created.has(key) || containers.size !== known?.size) {
      if (!(await this.upsertLogsObject(namespace, pod, containers))) {
        // Its namespace does not exist yet: keep trying in the background.
        this.pending.set(key, containers);
        this.schedulePending();
        return;
      }
      this.created.add(key);
      this.pending.delete(key);
    }
    await this.waitServed(namespace, pod, logs);
  }

  /** Stops retrying `Logs` objects for namespaces that do not exist yet. */
  close(): void {
    if (this.pendingTimer) clearTimeout(this.pendingTimer);
    this.pendingTimer = undefined;
    this.pending.clear();
  }

  private async writeContainer(
    podDir: string,
    key: string,
    container: string,
    input: Array<string | PodLogLine>,
  ) {
    const wanted = input.map(l => (typeof l === 'string' ? { text: l } : l));
    const old = this.lines.get(key) ?? [];
    const file = join(podDir, `${container}.log`);
    const isPrefix =
      old.length <= wanted.length &&
      old.every((o, i) => {
        const w = wanted[i];
        const wantedTime =
          w.time === undefined
            ? undefined
            : criLogLine(w, () => '').split(' ')[0];
        return (
          o.text === w.text &&
          o.stream === (w.stream ?? 'stdout') &&
          (wantedTime === undefined || wantedTime === o.explicitTime)
        );
      });
    const fresh = (isPrefix ? wanted.slice(old.length) : wanted).map(w => {
      const rendered = criLogLine(w, () => criTimestamp());
      return {
        text: w.text,
        stream: w.stream ?? 'stdout',
        explicitTime: w.time === undefined ? undefined : rendered.split(' ')[0],
        rendered,
      };
    });
    const all = isPrefix ? [...old, ...fresh] : fresh;
    if (isPrefix && old.length > 0) {
      if (fresh.length > 0)
        await appendFile(file, fresh.map(l => l.rendered).join(''));
    } else {
      const tmp = `${file}.tmp`;
      await writeFile(tmp, all.map(l => l.rendered).join(''));
      await rename(tmp, file);
    }
    this.lines.set(key, all);
  }

  /** Creates or replaces the Pod's `Logs` object; false when its namespace does not exist yet. */
  private async upsertLogsObject(
    namespace: string,
    pod: string,
    containers: Set<string>,
  ): Promise<boolean> {
    const podDir = join(this.dir, namespace, pod);
    const body = {
      apiVersion: 'kwok.x-k8s.io/v1alpha1',
      kind: 'Logs',
      metadata: { name: pod, namespace },
      spec: {
        logs: [
          ...[...containers].sort().map(c => ({
            containers: [c],
            logsFile: join(podDir, `${c}.log`),
          })),
          { logsFile: join(this.dir, EMPTY_LOG_FILE) },
        ],
      },
    };
    try {
      await this.api.patch(
        body,
        undefined,
        undefined,
        FIELD_MANAGER,
        true,
        PatchStrategy.ServerSideApply,
      );
      return true;
    } catch (error) {
      if (
        (error as { code?: number }).code === 404 &&
        /namespaces? .*not found/i.test(describeError(error))
      ) {
        return false;
      }
      throw error;
    }
  }

  private schedulePending() {
    if (this.pendingTimer || this.pending.size === 0) return;
    this.pendingTimer = setTimeout(async () => {
      this.pendingTimer = undefined;
      for (const [key, containers] of [...this.pending]) {
        const [namespace, pod] = key.split('/');
        try {
          if (await this.upsertLogsObject(namespace, pod, containers)) {
            this.created.add(key);
            this.pending.delete(key);
          }
        } catch {
          // retried on the next round
        }
      }
      this.schedulePending();
    }, 200);
    this.pendingTimer.unref();
  }

  /** Polls KWOK directly until each container's last line is what it serves. */
  private async waitServed(
    namespace: string,
    pod: string,
    logs: Record<string, Array<string | PodLogLine>>,
  ) {
    await Promise.all(
      Object.entries(logs).map(([container, input]) => {
        const last = input[input.length - 1];
        let expected = '';
        if (last !== undefined) {
          const text = typeof last === 'string' ? last : last.text;
          expected = `${text.replace(/\r?\n/g, ' ')}\n`;
        }
        const url = `${this.kwokUrl}/containerLogs/${encodeURIComponent(
          namespace,
        )}/${encodeURIComponent(pod)}/${encodeURIComponent(
          container,
        )}?tailLines=1`;
        return waitFor(
          `KWOK to serve the logs of ${namespace}/${pod}/${container}`,
          async () => {
            const res = await httpRequest(url, { timeoutMs: 2000 });
            return res.status === 200 && res.body === expected;
          },
          { timeoutMs: 15_000, intervalMs: 50 },
        );
      }),
    );
  }
}
