import type { KratixConnectionType } from '@kratix-backstage/plugin-kratix-common';
import type { KratixClusterSource, WorkerClusterSource } from './sources';

/**
 * A worker cluster of a platform and the Destination it serves.
 *
 * @public
 */
export interface KratixWorker {
  name: string;
  destination: string;
  connection: KratixConnectionType;
  source: WorkerClusterSource;
}

/**
 * How the backend previews a request on a platform: `kratix` runs Kratix's DryRun (the
 * files the Promise's pipelines would write), `server` asks the API server for a
 * server-side dry run (validation and defaults, no files), `auto` uses the DryRun where
 * the platform serves and answers it, else the server-side dry run.
 *
 * @public
 */
export type KratixDryRunMode = 'auto' | 'kratix' | 'server';

/**
 * Who a platform's writes (create, preview, re-run, pause/resume, resume-workflow,
 * delete) reach its API server as: `service`, the platform's own credentials; `user`,
 * the signed-in user through Kubernetes impersonation, so the cluster's RBAC decides and
 * its audit log names the user.
 *
 * @public
 */
export type KratixWriteAs = 'service' | 'user';

/**
 * How a Backstage user becomes the Kubernetes identity writes impersonate (platforms
 * that write as the user). The templates take `{{kind}}`, `{{namespace}}`, `{{name}}`
 * and `{{ref}}` (the whole entity ref) of the user entity, or of each group.
 *
 * @public
 */
export interface KratixImpersonationConfig {
  /** The `Impersonate-User` value. Default `{{name}}`. */
  userTemplate: string;
  /** Each group's name, after `groupPrefix`. Default `{{name}}`. */
  groupTemplate: string;
  /** Put before each group (`Impersonate-Group`). Default: none. */
  groupPrefix: string;
}

/**
 * A configured Kratix platform: its cluster and its workers.
 *
 * @public
 */
export interface KratixPlatform {
  name: string;
  title: string;
  /** True for the built-in demo platform. */
  demo: boolean;
  connection: KratixConnectionType;
  kratix: KratixClusterSource;
  workers: KratixWorker[];
  /** How requests are previewed (config `dryRun`). Default: `auto`. */
  dryRun?: KratixDryRunMode;
  /** Who writes reach the platform as (config `writeAs`). Default: `service`. */
  writeAs?: KratixWriteAs;
  /** With `writeAs: user`: how the user and groups are named to Kubernetes. */
  impersonation?: KratixImpersonationConfig;
}

/**
 * Every configured platform, with their shared watch caches. One instance per backend
 * (a root service), so the REST API and the catalog provider share the caches.
 *
 * @public
 */
export interface KratixPlatforms {
  list(): KratixPlatform[];
  get(name: string): KratixPlatform | undefined;
  /** Stops every watch. */
  stop(): Promise<void>;
}

/**
 * Adds platforms to the backend's Kratix platforms, besides those of `kratix.platforms`
 * in config. A multiton: every installed provider contributes (the demo module is one).
 *
 * @public
 */
export interface KratixPlatformProvider {
  /** Called once, when the platforms service starts. */
  getPlatforms(): KratixPlatform[];
}
