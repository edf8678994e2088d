import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { dirname, join, normalize } from 'node:path';
import { GitStateStore } from '../GitStateStore';
import { gitEnv, runGit } from './runGit';
import { startGitHttpServer } from './startGitHttpServer';

/** The state store over HTTPS with basic auth, as the real Kratix requires it. */
export interface HttpsGitEndpoint {
  /** `https://127.0.0.1:<port>/state.git` */
  url: string;
  username: string;
  password: string;
  /** The self-signed certificate the endpoint serves. */
  certPem: string;
}

/** A {@link GitStateStore} this package runs, with its server to close. */
export interface RunningGitStateStore extends GitStateStore {
  /** Called after each push with the new sha (the environment nudges Flux here). */
  onCommit?: (sha: string) => Promise<void>;
  /** Called after someone else (Kratix) pushed over HTTPS. */
  onExternalPush?: () => void;
  /**
   * Also serves the repository over HTTPS (a self-signed certificate for 127.0.0.1) with
   * basic auth; the same repository as {@link GitStateStore.url}.
   */
  serveHttps(): Promise<HttpsGitEndpoint>;
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

  let https: Promise<HttpsGitEndpoint> | undefined;
  let closeHttps: () => Promise<void> = async () => undefined;
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
    serveHttps: () =>
      (https ??= (async () => {
        const tls = await selfSignedCertificate(join(dir, 'tls'));
        const username = 'kratix';
        const password = randomBytes(12).toString('hex');
        const secure = await startGitHttpServer(projectRoot, env, {
          tls,
          basicAuth: { username, password },
          onPush: () => store.onExternalPush?.(),
        });
        closeHttps = () => secure.close();
        return {
          url: `${secure.baseUrl}/${REPO}`,
          username,
          password,
          certPem: tls.cert,
        };
      })()),
    close: async () => {
      await closeHttps();
      await server.close();
    },
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

/** A self-signed certificate for 127.0.0.1 (openssl), as PEM key and certificate. */
export async function selfSignedCertificate(
  dir: string,
  commonName = '127.0.0.1',
): Promise<{ key: string; cert: string }> {
  await mkdir(dir, { recursive: true });
  const key = join(dir, 'tls.key');
  const cert = join(dir, 'tls.crt');
  await promisify(execFile)('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    `/CN=${commonName}`,
    '-addext',
    'subjectAltName=IP:127.0.0.1,DNS:localhost',
    '-keyout',
    key,
    '-out',
    cert,
  ]);
  return {
    key: await readFile(key, 'utf8'),
    cert: await readFile(cert, 'utf8'),
  };
}
