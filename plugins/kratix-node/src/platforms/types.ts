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
