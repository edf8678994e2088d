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
import {
  kratixPlatformsOf,
  type KratixPlatform,
  type KratixPlatforms,
} from '@kratix-backstage/plugin-kratix-node';

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
    dryRun: config.dryRun,
    writeAs: config.writeAs,
    impersonation: config.impersonation,
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
 * The platforms of the parsed config, after those that installed providers add (the demo
 * module's). Watches start lazily, on first read. Throws when two platforms share a name.
 *
 * @public
 */
export function createKratixPlatforms(
  config: KratixConfig,
  options: { logger: LoggerService; provided?: KratixPlatform[] },
): KratixPlatforms {
  const platforms: KratixPlatform[] = [...(options.provided ?? [])];
  const provided = new Set(platforms.map(p => p.name));
  config.platforms.forEach((platform, i) => {
    if (provided.has(platform.name)) {
      throw new Error(
        `Invalid Kratix config at 'kratix.platforms[${i}].name': '${
          platform.name
        }' is already the name of a platform added by an installed module (${
          platforms.find(p => p.name === platform.name)?.demo
            ? 'the demo platform'
            : 'a platform provider'
        })`,
      );
    }
    platforms.push(kubernetesPlatform(platform, options.logger));
  });
  options.logger.info(
    `Kratix platforms: ${
      platforms.map(p => `${p.name}${p.demo ? ' (demo)' : ''}`).join(', ') ||
      'none configured'
    }`,
  );
  return kratixPlatformsOf(platforms);
}
