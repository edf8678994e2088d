import type { PlatformSummary } from '@kratix-backstage/plugin-kratix-common';
import type { KratixPlatforms } from '@kratix-backstage/plugin-kratix-node';

/**
 * The configured platforms and the state of their watch caches.
 *
 * @public
 */
export class PlatformService {
  constructor(private readonly platforms: KratixPlatforms) {}

  list(): PlatformSummary[] {
    return this.platforms.list().map(p => ({
      name: p.name,
      title: p.title,
      demo: p.demo,
      connection: p.connection,
      workers: p.workers.map(w => ({
        name: w.name,
        destination: w.destination,
        connection: w.connection,
      })),
      caches: [
        ...p.kratix.cacheStatus(),
        ...p.workers.flatMap(w => w.source.cacheStatus()),
      ],
    }));
  }
}
