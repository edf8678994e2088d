/*
 * Measures start times and memory, for the README:
 *   node --require @backstage/cli/config/nodeTransform.cjs src/testing/benchmarkStartup.ts [rounds]
 * Each round starts, separately: the platform alone, the worker with Flux (and its git
 * state store) alone, then the whole environment (both in parallel). Prints one JSON line
 * per measurement on stdout.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveBinaries } from '../binaries/resolveBinaries';
import { startPlatformCluster } from '../clusters/startPlatformCluster';
import { startWorkerCluster } from '../clusters/startWorkerCluster';
import { createGitStateStore } from '../git/createGitStateStore';
import { kratixCanaryFiles } from '../git/kratixCanaryFiles';
import { ProcessSupervisor } from '../process/ProcessSupervisor';
import { startKratixTestEnvironment } from '../startKratixTestEnvironment';

function peakRssMb(pids: number[]): { rssMb: number; peakRssMb: number } {
  let rss = 0;
  let peak = 0;
  for (const pid of pids) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      rss += Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
      peak += Number(/^VmHWM:\s+(\d+)/m.exec(status)?.[1] ?? 0);
    } catch {
      // gone
    }
  }
  return { rssMb: Math.round(rss / 1024), peakRssMb: Math.round(peak / 1024) };
}

async function alone(what: 'platform' | 'worker') {
  const binaries = await resolveBinaries();
  const workDir = await mkdtemp(join(tmpdir(), 'kratix-testenv-bench-'));
  const supervisor = new ProcessSupervisor(workDir);
  const started = Date.now();
  let close = async () => {};
  try {
    if (what === 'platform') {
      await startPlatformCluster(supervisor, binaries, workDir, undefined);
    } else {
      const store = await createGitStateStore(
        join(workDir, 'state-store'),
        kratixCanaryFiles(),
      );
      close = () => store.close();
      await startWorkerCluster(
        supervisor,
        binaries,
        workDir,
        Promise.resolve(store),
      );
    }
    const ms = Date.now() - started;
    await new Promise(r => setTimeout(r, 3000));
    return { what, ms, ...peakRssMb(supervisor.list().map(p => p.pid)) };
  } finally {
    await supervisor.stopAll();
    await close();
    await rm(workDir, { recursive: true, force: true });
  }
}

async function both() {
  const env = await startKratixTestEnvironment();
  try {
    await new Promise(r => setTimeout(r, 3000));
    return {
      what: 'both (parallel)',
      ms: env.timings.totalMs,
      timings: env.timings,
      ...peakRssMb(env.pids().map(p => p.pid)),
    };
  } finally {
    const t = Date.now();
    await env.stop();
    process.stdout.write(
      `${JSON.stringify({ what: 'stop()', ms: Date.now() - t })}\n`,
    );
  }
}

async function main() {
  const rounds = Number(process.argv[2] ?? 1);
  await resolveBinaries();
  for (let i = 0; i < rounds; i++) {
    for (const run of [() => alone('platform'), () => alone('worker'), both]) {
      process.stdout.write(`${JSON.stringify(await run())}\n`);
    }
  }
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
