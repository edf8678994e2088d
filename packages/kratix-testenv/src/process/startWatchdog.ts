import { spawn } from 'node:child_process';

/**
 * The watchdog, run as `node -e WATCHDOG_SCRIPT <parentPid> <registryFile> <workDir> <keep>`.
 * Every 250 ms it checks the parent; once the parent is gone (or a zombie) it sends SIGTERM
 * to every process group listed in the registry file, SIGTERM again after 1.5 s (Kubernetes
 * components then exit without draining), SIGKILL to what is left 1.5 s later,
 * removes the work dir unless keep is "1", and exits. Plain JavaScript: it runs without
 * any TypeScript transform, detached from the parent's process group and stdio.
 */
const WATCHDOG_SCRIPT = String.raw`
const fs = require('fs');
const [parentArg, registry, workDir, keep] = process.argv.slice(1);
const parent = Number(parentArg);
function stat(pid) {
  try {
    const s = fs.readFileSync('/proc/' + pid + '/stat', 'utf8');
    const rest = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return { state: rest[0], pgid: Number(rest[2]) };
  } catch (e) { return undefined; }
}
function alive(pid) {
  const s = stat(pid);
  if (s) return s.state !== 'Z' && s.state !== 'X';
  try { process.kill(pid, 0); return true; } catch (e) { return e.code === 'EPERM'; }
}
function groups() {
  try {
    return fs.readFileSync(registry, 'utf8').split('\n')
      .map(l => Number(l.split(' ')[0])).filter(n => n > 0);
  } catch (e) { return []; }
}
function liveGroups(gs) {
  const wanted = new Set(gs);
  const live = new Set();
  let entries = [];
  try { entries = fs.readdirSync('/proc'); } catch (e) { return gs.filter(alive); }
  for (const d of entries) {
    if (!/^\d+$/.test(d)) continue;
    const s = stat(Number(d));
    if (s && wanted.has(s.pgid) && s.state !== 'Z' && s.state !== 'X') live.add(s.pgid);
  }
  return [...live];
}
function signal(gs, sig) {
  for (const g of gs) { try { process.kill(-g, sig); } catch (e) {} }
}
function sleep(ms) { return new Promise(r => setTimeout(r, ms)); }
async function cleanup() {
  const gs = groups();
  // A second SIGTERM makes Kubernetes components exit at once instead of draining.
  for (let round = 0; round < 2; round++) {
    signal(liveGroups(gs), 'SIGTERM');
    for (let i = 0; i < 15 && liveGroups(gs).length > 0; i++) await sleep(100);
  }
  for (let i = 0; i < 50; i++) {
    const live = liveGroups(gs);
    if (live.length === 0) break;
    signal(live, 'SIGKILL');
    await sleep(100);
  }
  if (keep !== '1') {
    try { fs.rmSync(workDir, { recursive: true, force: true }); } catch (e) {}
  }
  process.exit(0);
}
process.on('SIGINT', () => {});
process.on('SIGHUP', () => {});
const timer = setInterval(() => {
  if (!alive(parent)) { clearInterval(timer); cleanup(); }
}, 250);
`;

/** A running watchdog process. */
export interface Watchdog {
  pid: number;
  /** Ends the watchdog without cleaning up (the caller has done that). */
  dismiss(): void;
}

/**
 * Starts the detached watchdog that kills the process groups recorded in `registryFile`
 * (and removes `workDir` unless `keepWorkDir`) when the current process dies, even by
 * SIGKILL, when no handler of ours can run.
 */
export function startWatchdog(
  registryFile: string,
  workDir: string,
  keepWorkDir: boolean,
): Watchdog {
  const child = spawn(
    process.execPath,
    [
      '-e',
      WATCHDOG_SCRIPT,
      String(process.pid),
      registryFile,
      workDir,
      keepWorkDir ? '1' : '0',
    ],
    { detached: true, stdio: 'ignore', env: { PATH: process.env.PATH ?? '' } },
  );
  child.unref();
  if (child.pid === undefined) {
    throw new Error('could not start the watchdog');
  }
  const pid = child.pid;
  return {
    pid,
    dismiss: () => {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    },
  };
}
