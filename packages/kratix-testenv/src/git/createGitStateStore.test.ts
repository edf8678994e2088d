import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createGitStateStore,
  RunningGitStateStore,
} from './createGitStateStore';
import { kratixCanaryFiles } from './kratixCanaryFiles';
import { gitEnv, runGit } from './runGit';

describe('createGitStateStore', () => {
  let dir: string;
  let store: RunningGitStateStore;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kratix-testenv-git-'));
    store = await createGitStateStore(join(dir, 'store'), kratixCanaryFiles());
  });

  afterAll(async () => {
    await store?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('starts with the canary files on main, served over smart HTTP', async () => {
    expect(store.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/state\.git$/);
    expect(store.branch).toBe('main');
    expect(await store.listFiles()).toEqual([
      'worker-1/dependencies/kratix-canary-namespace.yaml',
      'worker-1/resources/kratix-canary-configmap.yaml',
    ]);
    const env = gitEnv(dir);
    await runGit(dir, ['clone', '--quiet', store.url, 'reader'], env);
    expect(await runGit(join(dir, 'reader'), ['log', '--format=%s'], env)).toBe(
      'Kratix canary files\n',
    );
  });

  it('commits writes and deletes in one commit, and reads them back', async () => {
    const seen: string[] = [];
    store.onCommit = async sha => {
      seen.push(sha);
    };
    const sha = await store.commit(
      {
        'worker-1/resources/a/b.yaml': 'kind: ConfigMap\n',
        'worker-1/resources/kratix-canary-configmap.yaml': null,
      },
      'change',
    );
    expect(sha).toBe(await store.head());
    expect(seen).toEqual([sha]);
    expect(await store.readFile('worker-1/resources/a/b.yaml')).toBe(
      'kind: ConfigMap\n',
    );
    expect(
      await store.readFile('worker-1/resources/kratix-canary-configmap.yaml'),
    ).toBeUndefined();
    expect(await store.listFiles('worker-1/resources/')).toEqual([
      'worker-1/resources/a/b.yaml',
    ]);
  });

  it('builds on commits pushed by someone else', async () => {
    const env = gitEnv(dir);
    const other = join(dir, 'other');
    await runGit(dir, ['clone', '--quiet', store.url, 'other'], env);
    await runGit(
      other,
      ['commit', '--quiet', '--allow-empty', '-m', 'from elsewhere'],
      env,
    );
    await runGit(other, ['push', '--quiet', 'origin', 'HEAD:main'], env);
    await store.commit({ 'x.yaml': 'x: 1\n' }, 'after');
    await runGit(other, ['pull', '--quiet', '--ff-only'], env);
    expect(
      (await runGit(other, ['log', '--format=%s', '-3'], env))
        .split('\n')
        .slice(0, 3),
    ).toEqual(['after', 'from elsewhere', 'change']);
  });

  it('refuses paths outside the repository', async () => {
    await expect(store.commit({ '../escape': 'x' }, 'bad')).rejects.toThrow(
      'not a path inside the repository',
    );
  });
});
