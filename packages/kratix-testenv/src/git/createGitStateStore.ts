import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, normalize } from 'node:path';
import { GitStateStore } from '../GitStateStore';
import { gitEnv, runGit } from './runGit';
import { startGitHttpServer } from './startGitHttpServer';

/** A {@link GitStateStore} this package runs, with its server to close. */
export interface RunningGitStateStore extends GitStateStore {
  /** Called after each push with the new sha (the environment nudges Flux here). */
  onCommit?: (sha: string) => Promise<void>;
  close(): Promise<void>;
}

const BRANCH = 'main';
const REPO = 'state.git';

/**
 * Creates a bare repository `<dir>/repos/state.git`, serves it over smart HTTP and pushes
 * `initialFiles` as its first commit on `main`. Commits are made in a clone
 * (`<dir>/clone`) and pushed over HTTP, as Kratix does; reads use the bare repository.
 */
export async function createGitStateStore(
  dir: string,
  initialFiles: Record<string, string>,
): Promise<RunningGitStateStore> {
  const env = gitEnv(dir);
  const projectRoot = join(dir, 'repos');
  const bare = join(projectRoot, REPO);
  const clone = join(dir, 'clone');
  await mkdir(projectRoot, { recursive: true });
  await mkdir(clone, { recursive: true });
  await runGit(
    projectRoot,
    ['init', '--quiet', '--bare', `--initial-branch=${BRANCH}`, REPO],
    env,
  );
  await runGit(bare, ['config', 'http.receivepack', 'true'], env);
  const server = await startGitHttpServer(projectRoot, env);
  const url = `${server.baseUrl}/${REPO}`;
  await runGit(clone, ['init', '--quiet', `--initial-branch=${BRANCH}`], env);
  await runGit(clone, ['remote', 'add', 'origin', url], env);

  let queue: Promise<unknown> = Promise.resolve();
  let first = true;
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn);
    queue = run.catch(() => undefined);
    return run;
  };

  const commitNow = async (
    files: Record<string, string | null>,
    message: string,
  ) => {
    if (!first) {
      // Someone else (a Kratix simulator, a test) may have pushed: start from the remote head.
      await runGit(clone, ['fetch', '--quiet', 'origin', BRANCH], env);
      await runGit(
        clone,
        ['reset', '--quiet', '--hard', `origin/${BRANCH}`],
        env,
      );
    }
    const paths: string[] = [];
    for (const [path, content] of Object.entries(files)) {
      const rel = safePath(path);
      paths.push(rel);
      const target = join(clone, rel);
      if (content === null) {
        await rm(target, { force: true });
      } else {
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, content);
      }
    }
    if (paths.length > 0)
      await runGit(clone, ['add', '--all', '--', ...paths], env);
    await runGit(
      clone,
      ['commit', '--quiet', '--allow-empty', '--no-verify', '-m', message],
      env,
    );
    await runGit(
      clone,
      ['push', '--quiet', 'origin', `HEAD:refs/heads/${BRANCH}`],
      env,
    );
    first = false;
    return (await runGit(clone, ['rev-parse', 'HEAD'], env)).trim();
  };

  const store: RunningGitStateStore = {
    url,
    branch: BRANCH,
    commit: (files, message) =>
      serial(async () => {
        const sha = await commitNow(files, message);
        await store.onCommit?.(sha);
        return sha;
      }),
    readFile: async path => {
      const rel = safePath(path);
      const listed = await runGit(
        bare,
        ['ls-tree', '--name-only', BRANCH, '--', rel],
        env,
      );
      if (listed.trim() !== rel) return undefined;
      return runGit(bare, ['cat-file', 'blob', `${BRANCH}:${rel}`], env);
    },
    listFiles: async (prefix = '') => {
      const out = await runGit(
        bare,
        ['ls-tree', '-r', '--name-only', '-z', BRANCH],
        env,
      );
      return out
        .split('\0')
        .filter(p => p && p.startsWith(prefix))
        .sort();
    },
    head: async () => (await runGit(bare, ['rev-parse', BRANCH], env)).trim(),
    close: () => server.close(),
  };
  await serial(() => commitNow(initialFiles, 'Kratix canary files'));
  return store;
}

function safePath(path: string): string {
  const rel = normalize(path).replace(/^\.\/+/, '');
  if (
    rel.startsWith('/') ||
    rel === '..' ||
    rel.startsWith('../') ||
    rel === '.' ||
    rel === ''
  ) {
    throw new Error(`not a path inside the repository: ${path}`);
  }
  return rel;
}
