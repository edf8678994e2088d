import type { KratixPlatform, KratixPlatforms } from './types';

/**
 * A registry over given platforms, for tests and for providers that build their own.
 *
 * @public
 */
export function kratixPlatformsOf(
  platforms: KratixPlatform[],
): KratixPlatforms {
  const byName = new Map(platforms.map(p => [p.name, p]));
  return {
    list: () => [...byName.values()],
    get: name => byName.get(name),
    async stop() {
      await Promise.all(
        platforms.flatMap(p => [
          p.kratix.stop(),
          ...p.workers.map(w => w.source.stop()),
        ]),
      );
    },
  };
}
