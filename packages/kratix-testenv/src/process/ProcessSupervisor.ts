import { ChildProcess, spawn } from 'node:child_process';
import {
  appendFileSync,
  closeSync,
  mkdirSync,
  openSync,
  readFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { Timeline } from '../util/Timeline';
import { killOnExit } from './cleanupOnExit';
import { isProcessAlive, liveProcessesInGroups } from './liveProcesses';

/** A long-running child process started by a {@link ProcessSupervisor}. */
export interface ManagedProcess {
  /** Short name, also the name of its log file (`logs/<name>.log`). */
  readonly name: string;
  /** Its pid, which is also its process group id. */
  readonly pid: number;
  readonly logFile: string;
  /** Resolves when it has exited. */
  readonly exited: Promise<void>;
  /** True until it exits. */
  isRunning(): boolean;
}

interface Entry extends ManagedProcess {
  child: ChildProcess;
  stopOrder: number;
  stopping: boolean;
  exitDescription?: string;
}

/** Options of {@link ProcessSupervisor.spawn}. */
export interface SpawnOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /**
   * {@link ProcessSupervisor.stopAll} stops lower numbers first (default 0). An API server
   * stops in about a second while its etcd answers, and hangs when etcd went first.
   */
  stopOrder?: number;
}

const TERM_GRACE_MS = 5000;

/**
 * Starts the environment's processes, each in its own process group (so a group kill
 * also reaches anything it forks), with stdout and stderr in `<workDir>/logs/<name>.log`.
 * Every group is recorded in `<workDir>/processes.txt` for the watchdog, and killed with
 * SIGTERM when this Node process exits or is interrupted.
 */
export class ProcessSupervisor {
  readonly logDir: string;
  readonly registryFile: string;
  /** Progress of the start and stop, in `logs/testenv.log`. */
  readonly timeline: Timeline;
  private readonly entries: Entry[] = [];
  private readonly unregister: () => void;
  private abortReason: string | undefined;

  constructor(workDir: string) {
    this.logDir = join(workDir, 'logs');
    this.registryFile = join(workDir, 'processes.txt');
    mkdirSync(this.logDir, { recursive: true });
    appendFileSync(this.registryFile, '');
    this.timeline = new Timeline(join(this.logDir, 'testenv.log'));
    this.unregister = killOnExit(this);
  }

  /** Starts `command` detached in a new process group, logging to `logs/<name>.log`. */
  spawn(
    name: string,
    command: string,
    args: string[],
    options: SpawnOptions = {},
  ): ManagedProcess {
    const logFile = join(this.logDir, `${name}.log`);
    const fd = openSync(logFile, 'a');
    let child: ChildProcess;
    try {
      child = spawn(command, args, {
        cwd: options.cwd,
        env: options.env ?? process.env,
        detached: true,
        stdio: ['ignore', fd, fd],
      });
    } finally {
      closeSync(fd);
    }
    if (child.pid === undefined) {
      throw new Error(`could not start ${name} (${command})`);
    }
    const pid = child.pid;
    appendFileSync(this.registryFile, `${pid} ${name}\n`);
    this.timeline.mark(`started ${name} (pid ${pid})`);
    let running = true;
    const entry: Entry = {
      name,
      pid,
      logFile,
      child,
      stopOrder: options.stopOrder ?? 0,
      stopping: false,
      isRunning: () => running,
      exited: new Promise<void>(resolve => {
        child.once('exit', (code, signal) => {
          running = false;
          entry.exitDescription = signal
            ? `signal ${signal}`
            : `exit code ${code}`;
          this.timeline.mark(`${name} exited (${entry.exitDescription})`);
          resolve();
        });
        child.once('error', error => {
          running = false;
          entry.exitDescription = `spawn error: ${error.message}`;
          resolve();
        });
      }),
    };
    this.entries.push(entry);
    return entry;
  }

  /** Makes every later {@link ProcessSupervisor.assertRunning} throw (a start failed elsewhere). */
  abort(reason: string): void {
    this.abortReason ??= reason;
  }

  /**
   * Throws if any process that was not asked to stop has exited (with the tail of its log),
   * or after {@link ProcessSupervisor.abort}.
   */
  assertRunning(): void {
    if (this.abortReason !== undefined) {
      throw new Error(`start aborted: ${this.abortReason}`);
    }
    const dead = this.entries.find(e => !e.stopping && !e.isRunning());
    if (dead) {
      throw new Error(
        `${dead.name} exited unexpectedly (${
          dead.exitDescription
        }); last lines of ${dead.logFile}:\n${tail(dead.logFile, 30)}`,
      );
    }
  }

  /** The processes started so far (running or not). */
  list(): ManagedProcess[] {
    return [...this.entries];
  }

  /** SIGTERM to its group, SIGKILL after 5 s, then waits until the group is gone. */
  async stop(processToStop: ManagedProcess): Promise<void> {
    const entry = this.entries.find(e => e.pid === processToStop.pid);
    if (!entry) return;
    entry.stopping = true;
    signalGroup(entry.pid, 'SIGTERM');
    const timer = new Promise<'timeout'>(resolve => {
      const t = setTimeout(() => resolve('timeout'), TERM_GRACE_MS);
      t.unref();
    });
    if (
      (await Promise.race([
        entry.exited.then(() => 'exited' as const),
        timer,
      ])) === 'timeout'
    ) {
      signalGroup(entry.pid, 'SIGKILL');
      await entry.exited;
    }
    // The leader is gone; anything it forked into its group goes too.
    for (
      let i = 0;
      i < 50 && liveProcessesInGroups([entry.pid]).length > 0;
      i++
    ) {
      signalGroup(entry.pid, 'SIGKILL');
      await new Promise(r => setTimeout(r, 100));
    }
  }

  /**
   * Stops every process, in parallel within each `stopOrder` (lowest first), and
   * unregisters the exit handlers.
   */
  async stopAll(): Promise<void> {
    const orders = [...new Set(this.entries.map(e => e.stopOrder))].sort(
      (a, b) => a - b,
    );
    for (const order of orders) {
      await Promise.all(
        this.entries.filter(e => e.stopOrder === order).map(e => this.stop(e)),
      );
    }
    this.unregister();
  }

  /** Sends `signal` to every group at once, without waiting (for exit/signal handlers). */
  killAllSync(signal: NodeJS.Signals): void {
    for (const entry of this.entries) {
      if (entry.isRunning() || isProcessAlive(entry.pid)) {
        entry.stopping = true;
        signalGroup(entry.pid, signal);
      }
    }
  }
}

function signalGroup(pgid: number, signal: NodeJS.Signals) {
  try {
    process.kill(-pgid, signal);
  } catch {
    // already gone
  }
}

/** The last `lines` lines of a text file ('' if unreadable). */
export function tail(file: string, lines: number): string {
  try {
    return readFileSync(file, 'utf8')
      .split('\n')
      .slice(-lines - 1)
      .join('\n');
  } catch {
    return '';
  }
}
