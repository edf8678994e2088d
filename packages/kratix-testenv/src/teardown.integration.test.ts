import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { isProcessAlive } from './process/liveProcesses';
import { waitFor } from './util/waitFor';

jest.setTimeout(120_000);

interface ChildReport {
  ready: boolean;
  error?: string;
  workDir: string;
  pids: Array<{ name: string; pid: number }>;
}

/** Starts an environment in a separate Node process and resolves with what it reports. */
function startChild(): { child: ChildProcess; report: Promise<ChildReport> } {
  const child = spawn(
    process.execPath,
    [
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      join(__dirname, 'testing', 'startEnvironmentChild.ts'),
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, KRATIX_TESTENV_KEEP: '' },
    },
  );
  const report = new Promise<ChildReport>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', line => {
      const parsed = JSON.parse(line) as ChildReport;
      if (parsed.ready) resolve(parsed);
      else
        reject(
          new Error(
            `the child could not start an environment: ${parsed.error}`,
          ),
        );
    });
    child.once('exit', code =>
      reject(new Error(`the child exited (${code}) before reporting`)),
    );
  });
  return { child, report };
}

describe('no process outlives the process that started the environment', () => {
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const child of children) child.kill('SIGKILL');
  });

  it.each([['SIGKILL' as const], ['SIGINT' as const]])(
    'after %s of that process, every pid is gone within 15 s and the work dir is removed',
    async signal => {
      const { child, report } = startChild();
      children.push(child);
      const { pids, workDir } = await report;
      // Ten processes in their own process groups, plus the watchdog.
      expect(pids.map(p => p.name).sort()).toEqual([
        'platform-etcd',
        'platform-kube-apiserver',
        'platform-kube-controller-manager',
        'platform-kube-scheduler',
        'platform-kwok',
        'watchdog',
        'worker-etcd',
        'worker-kube-apiserver',
        'worker-kube-controller-manager',
        'worker-kustomize-controller',
        'worker-source-controller',
      ]);
      expect(pids.every(p => isProcessAlive(p.pid))).toBe(true);

      const exited = new Promise(resolve => child.once('exit', resolve));
      const killedAt = Date.now();
      child.kill(signal);
      await exited;
      await waitFor(
        'every process of the environment to end',
        () => pids.every(p => !isProcessAlive(p.pid)),
        { timeoutMs: 15_000, intervalMs: 100 },
      ).catch(error => {
        const alive = pids.filter(p => isProcessAlive(p.pid));
        throw new Error(
          `${(error as Error).message}; still alive: ${JSON.stringify(alive)}`,
        );
      });
      const gone = Date.now() - killedAt;
      await waitFor('the work dir to be removed', () => !existsSync(workDir), {
        timeoutMs: 5_000,
      });
      process.stdout.write(
        `[kratix-testenv] ${signal}: every process gone ${gone} ms after the signal\n`,
      );
    },
  );
});
