import { KubeConfig } from '@kubernetes/client-node';
import type { BehaviourFn } from '@kratix-backstage/kratix-simulation';
import type { HttpsGitEndpoint } from './git/createGitStateStore';
import type { PipelineRunner } from './kratix/PipelineRunner';
import { GitStateStore } from './GitStateStore';
import { KustomizationStatus } from './flux/FluxKustomizationStatus';
import { TestCluster } from './TestCluster';
import type { AuditLogOptions } from './controlPlane/auditLog';

/** Options of {@link startKratixTestEnvironment}. */
export interface KratixTestEnvironmentOptions {
  /**
   * Directories of CRDs to install. `kratix` defaults to this package's `crds/kratix/`
   * (skipped when it does not exist).
   */
  crdDirs?: { kratix: string };
  /** Run Flux on the worker (default true). Without it the worker is only a control plane. */
  flux?: boolean;
  /** Where to keep data, certificates and logs (default: a new temporary directory). */
  workDir?: string;
  /**
   * `real`: run the real Kratix controller (built from `KRATIX_SOURCE_DIR` by
   * scripts/k8s-binaries.sh) with its own CRDs, the state store also served over HTTPS
   * with basic auth, and a pipeline runner for its Pods (KWOK holds them until it ran
   * their containers). Default `none`: nothing acts as Kratix (tests bring the simulator).
   */
  kratix?: 'real' | 'none';
  /**
   * What the Promises' own pipeline stages do when the runner plays them (real Kratix);
   * default the shared scenario behaviour. Either way wrapped in `testenvBehaviour`
   * (`testenv.kratix.io/workflow-control-once`).
   */
  behaviour?: BehaviourFn;
  /**
   * Kratix's `featureFlags.dryRun` in its config (real Kratix; default true): its DryRun
   * controller runs. DryRuns complete once a dry-run Destination is registered
   * (`RealKratix.registerDryRunDestination()`).
   */
  kratixDryRun?: boolean;
  /**
   * How long the real Kratix waits for port 9443 (its webhook server's, fixed) while
   * another Kratix on this machine holds it; default 0 (fail at once, naming the port).
   */
  kratixPortWaitMs?: number;
  /**
   * The platform's API server writes an audit log (default off):
   * `platform.auditLogFile`, read with `readAuditEvents`.
   */
  platformAuditLog?: boolean | AuditLogOptions;
}

/** The real Kratix of an environment started with `kratix: 'real'`. */
export interface RealKratixParts {
  /** The state store as Kratix reaches it: HTTPS, self-signed, basic auth. */
  stateStore: HttpsGitEndpoint;
  runner: PipelineRunner;
  /** The controller's log file. */
  controllerLog: string;
}

/** How long each part of the start took, in milliseconds. */
export interface StartupTimings {
  /** Finding (or building) the binaries. */
  binariesMs: number;
  /** The platform: control plane, controller-manager, scheduler, KWOK, CRDs, identity. */
  platformMs: number;
  /** The worker: control plane, controller-manager, Flux (Kustomizations Ready). */
  workerMs: number;
  /** The git state store (repository, server, first commit). */
  stateStoreMs: number;
  /** The whole start, parts running in parallel. */
  totalMs: number;
}

/** Memory of one of the environment's processes, from `/proc/<pid>/status`. */
export interface ProcessMemory {
  name: string;
  pid: number;
  /** Current resident set size (VmRSS), bytes. */
  rssBytes: number;
  /** Peak resident set size so far (VmHWM), bytes. */
  peakRssBytes: number;
}

/** A platform cluster, a worker cluster with Flux, and a git state store between them. */
export interface KratixTestEnvironment {
  /** Set when the environment runs the real Kratix controller. */
  kratix?: RealKratixParts;
  /** Data, certificates, `logs/<process>.log`, the kubeconfig. */
  workDir: string;
  /** A kubeconfig file with the contexts `platform`, `worker` and `platform-restricted`. */
  kubeconfigPath: string;
  platform: TestCluster;
  worker: TestCluster;
  /**
   * Context `platform-restricted`: a ServiceAccount token whose RBAC allows only
   * get/list/watch of Kratix promises and destinations and of batch Jobs.
   */
  restricted: KubeConfig;
  stateStore: GitStateStore;
  timings: StartupTimings;
  /** The pids of every process the environment runs (the watchdog's too). */
  pids(): Array<{ name: string; pid: number }>;
  /** Memory of the environment's running processes. */
  memory(): ProcessMemory[];
  /**
   * Waits until both Kratix Kustomizations have attempted `sha` (default: the state store's
   * head) and returns their status, Ready or not. Throws without Flux.
   */
  waitForFlux(sha?: string, timeoutMs?: number): Promise<KustomizationStatus[]>;
  /** Asks Flux to fetch the state store now (after pushes not made through `stateStore`). */
  requestFluxReconcile(): Promise<void>;
  /** Idempotent: kills every process and removes `workDir` unless `KRATIX_TESTENV_KEEP=1`. */
  stop(): Promise<void>;
}
