import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isProcessAlive } from './liveProcesses';
import { ProcessSupervisor } from './ProcessSupervisor';

describe('ProcessSupervisor', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kratix-testenv-proc-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('runs each process in its own group, logs to a file, records it and stops it with its children', async () => {
    const supervisor = new ProcessSupervisor(dir);
    // A shell that forks a child: stopping the group must take the child too.
    const p = supervisor.spawn(
      'sleeper',
      'sh',
      ['-c', 'echo started; sleep 60 & echo $! > child.pid; wait'],
      {
        cwd: dir,
      },
    );
    let childPid = 0;
    for (let i = 0; i < 50 && !childPid; i++) {
      await new Promise(r => setTimeout(r, 50));
      childPid = Number(
        await readFile(join(dir, 'child.pid'), 'utf8').catch(() => '0'),
      );
    }
    expect(isProcessAlive(p.pid)).toBe(true);
    expect(isProcessAlive(childPid)).toBe(true);
    expect(await readFile(supervisor.registryFile, 'utf8')).toBe(
      `${p.pid} sleeper\n`,
    );
    await supervisor.stopAll();
    expect(p.isRunning()).toBe(false);
    expect(isProcessAlive(childPid)).toBe(false);
    expect(await readFile(join(dir, 'logs', 'sleeper.log'), 'utf8')).toBe(
      'started\n',
    );
  });

  it('reports a process that died on its own, with its log', async () => {
    const supervisor = new ProcessSupervisor(dir);
    const p = supervisor.spawn('crasher', 'sh', [
      '-c',
      'echo boom >&2; exit 3',
    ]);
    await p.exited;
    expect(() => supervisor.assertRunning()).toThrow(
      /crasher exited unexpectedly \(exit code 3\)[\s\S]*boom/,
    );
    await supervisor.stopAll();
  });
});
