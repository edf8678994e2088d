import { execFile } from 'node:child_process';

/**
 * The environment for every git command: no user or system configuration (so a
 * developer's settings never change what the tests see), a fixed identity, and no proxy
 * for loopback.
 */
export function gitEnv(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_TERMINAL_PROMPT: '0',
    GIT_AUTHOR_NAME: 'Kratix Test Environment',
    GIT_AUTHOR_EMAIL: 'testenv@kratix.invalid',
    GIT_COMMITTER_NAME: 'Kratix Test Environment',
    GIT_COMMITTER_EMAIL: 'testenv@kratix.invalid',
    NO_PROXY: '127.0.0.1,localhost',
    no_proxy: '127.0.0.1,localhost',
  };
  return env;
}

/** Runs `git <args>` in `cwd` and returns its stdout; rejects with stderr on failure. */
export function runGit(
  cwd: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      args,
      { cwd, env, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) {
          reject(
            new Error(
              `git ${args.join(' ')} failed: ${stderr.trim() || error.message}`,
            ),
          );
        } else {
          resolve(stdout);
        }
      },
    );
  });
}
