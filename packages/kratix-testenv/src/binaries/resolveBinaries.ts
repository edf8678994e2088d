import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** Paths of the programs and files the environment runs, from `scripts/k8s-binaries.sh`. */
export interface Binaries {
  dir: string;
  etcd: string;
  kubeApiServer: string;
  kubeControllerManager: string;
  kubeScheduler: string;
  kubectl: string;
  kwok: string;
  sourceController: string;
  kustomizeController: string;
  /** KWOK's upstream Stage files (`<group>-<variant>/<file>.yaml`). */
  kwokStagesDir: string;
  /** KWOK's CRDs (Logs, ClusterLogs, ...). */
  kwokCrdsDir: string;
  /** Flux source + kustomize CRDs. */
  fluxCrdsDir: string;
  /**
   * The real Kratix, built from `KRATIX_SOURCE_DIR` (absent without that setting, or when
   * its build failed): the controller, the pipeline adapter and the source's CRDs.
   */
  kratix?: {
    controller: string;
    pipelineAdapter: string;
    crdsDir: string;
  };
}

/** This package's directory (`packages/kratix-testenv`), through its own package name. */
export function packageDir(): string {
  return dirname(require.resolve('@internal/kratix-testenv/package.json'));
}

/** The repository root: the nearest directory above this package with `scripts/k8s-binaries.sh`. */
export function repoRoot(): string {
  const start = packageDir();
  let dir = start;
  for (let i = 0; i < 4; i++) {
    if (existsSync(join(dir, 'scripts', 'k8s-binaries.sh'))) return dir;
    dir = resolve(dir, '..');
  }
  throw new Error(`cannot find scripts/k8s-binaries.sh above ${start}`);
}

let cached: Promise<Binaries> | undefined;

/**
 * Runs `scripts/k8s-binaries.sh` (once per process) and returns the paths it provides.
 * Warm, that takes well under a second; on a machine that has never built them, it builds
 * everything from the Go module proxy (about 15 minutes).
 */
export function resolveBinaries(): Promise<Binaries> {
  cached ??= run().catch(error => {
    cached = undefined;
    throw error;
  });
  return cached;
}

function run(): Promise<Binaries> {
  const script = join(repoRoot(), 'scripts', 'k8s-binaries.sh');
  return new Promise((resolvePromise, reject) => {
    execFile(
      'bash',
      [script],
      { maxBuffer: 64 * 1024 * 1024, env: process.env },
      (error, stdout, stderr) => {
        if (error) {
          reject(
            new Error(
              `${script} failed: ${error.message}\n${stderr.slice(-4000)}`,
            ),
          );
          return;
        }
        const dir = stdout.trim().split('\n').pop() ?? '';
        const bin = (name: string) => join(dir, name);
        const binaries: Binaries = {
          dir,
          etcd: bin('etcd'),
          kubeApiServer: bin('kube-apiserver'),
          kubeControllerManager: bin('kube-controller-manager'),
          kubeScheduler: bin('kube-scheduler'),
          kubectl: bin('kubectl'),
          kwok: bin('kwok'),
          sourceController: bin('source-controller'),
          kustomizeController: bin('kustomize-controller'),
          kwokStagesDir: bin('kwok-stages'),
          kwokCrdsDir: bin('kwok-crds'),
          fluxCrdsDir: bin('flux-crds'),
        };
        const missing = Object.entries(binaries).filter(
          ([, p]) => !existsSync(p),
        );
        if (existsSync(bin('kratix-controller'))) {
          binaries.kratix = {
            controller: bin('kratix-controller'),
            pipelineAdapter: bin('pipeline-adapter'),
            crdsDir: bin('kratix-crds'),
          };
        }
        if (missing.length > 0) {
          reject(
            new Error(
              `${script} printed ${dir}, which lacks ${missing
                .map(([k]) => k)
                .join(', ')}`,
            ),
          );
          return;
        }
        resolvePromise(binaries);
      },
    );
  });
}
