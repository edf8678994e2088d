import type { LoggerService } from '@backstage/backend-plugin-api';
import { clusterAuthFor } from '../cluster/auth/clusterAuthFor';
import { KubeHttpClient } from '../cluster/KubeHttpClient';
import { KubernetesKratixSource } from '../cluster/KubernetesKratixSource';
import { KubernetesWorkerSource } from '../cluster/KubernetesWorkerSource';
import type {
  ClusterConnection,
  KratixConfig,
  PlatformConfig,
} from '../config/types';
import { createDemoPlatform } from './createDemoPlatform';
import type { KratixPlatform, KratixPlatforms } from './types';

function client(
  connection: ClusterConnection,
  cluster: string,
  timeoutMs: number,
) {
  return new KubeHttpClient(
    clusterAuthFor(connection, cluster),
    cluster,
    timeoutMs,
  );
}

function kubernetesPlatform(
  config: PlatformConfig,
  logger: LoggerService,
): KratixPlatform {
  const timeoutMs = config.requestTimeoutMs;
  return {
    name: config.name,
    title: config.title,
    demo: false,
    connection: config.connection.type,
    kratix: new KubernetesKratixSource({
      client: client(config.connection, config.name, timeoutMs),
      logger: logger.child({ platform: config.name }),
      requestTimeoutMs: timeoutMs,
    }),
    workers: config.workers.map(w => ({
      name: w.name,
      destination: w.destination,
      connection: w.connection.type,
      source: new KubernetesWorkerSource({
        client: client(w.connection, w.name, timeoutMs),
        logger: logger.child({ platform: config.name, worker: w.name }),
        requestTimeoutMs: timeoutMs,
      }),
    })),
  };
}

/**
 * A registry over given platforms.
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

/**
 * The platforms of the parsed config: the demo platform when enabled, then each
 * configured one. Watches start lazily, on first read.
 *
 * @public
 */
export function createKratixPlatforms(
  config: KratixConfig,
  options: { logger: LoggerService },
): KratixPlatforms {
  const platforms: KratixPlatform[] = [];
  if (config.demo.enabled) {
    platforms.push(
      createDemoPlatform({
        name: config.demo.name,
        title: config.demo.title,
        maxRequests: config.demo.maxRequests,
      }),
    );
  }
  for (const platform of config.platforms) {
    platforms.push(kubernetesPlatform(platform, options.logger));
  }
  options.logger.info(
    `Kratix platforms: ${
      platforms.map(p => `${p.name}${p.demo ? ' (demo)' : ''}`).join(', ') ||
      'none configured'
    }`,
  );
  return kratixPlatformsOf(platforms);
}
