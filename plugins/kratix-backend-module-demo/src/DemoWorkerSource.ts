import type { KratixCacheStatus } from '@kratix-backstage/plugin-kratix-common';
import type { WorkerClusterSource } from '@kratix-backstage/plugin-kratix-node';
import type { DemoWorld } from './DemoWorld';

/**
 * The demo worker cluster: Flux's GitRepository and Kustomizations for one Destination.
 *
 * @public
 */
export class DemoWorkerSource implements WorkerClusterSource {
  constructor(
    private readonly world: DemoWorld,
    readonly cluster: string,
    private readonly destinationPath: string,
  ) {}

  async listKustomizations() {
    return this.world.worker(this.destinationPath).kustomizations;
  }

  async listGitRepositories() {
    return this.world.worker(this.destinationPath).gitRepositories;
  }

  async listBuckets() {
    return [];
  }

  cacheStatus(): KratixCacheStatus[] {
    return [];
  }

  async stop() {}
}
