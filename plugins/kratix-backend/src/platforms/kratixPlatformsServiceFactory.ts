import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  kratixClusterAuthStrategyServiceRef,
  kratixPlatformProviderServiceRef,
  kratixPlatformsServiceRef,
} from '@kratix-backstage/plugin-kratix-node';
import { readKratixConfig } from '../config/readKratixConfig';
import { createKratixPlatforms } from './createKratixPlatforms';

/**
 * The Kratix platforms of `kratix.platforms`, plus those of installed platform providers
 * (the demo module): one set of watch caches per backend, stopped at shutdown. Clusters
 * of the Kubernetes plugin authenticate with its strategies, or with those installed for
 * `kratixClusterAuthStrategyServiceRef`.
 *
 * @public
 */
export const kratixPlatformsServiceFactory = createServiceFactory({
  service: kratixPlatformsServiceRef,
  deps: {
    config: coreServices.rootConfig,
    logger: coreServices.rootLogger,
    lifecycle: coreServices.rootLifecycle,
    providers: kratixPlatformProviderServiceRef,
    authStrategies: kratixClusterAuthStrategyServiceRef,
  },
  factory({ config, logger, lifecycle, providers, authStrategies }) {
    const kratixLogger = logger.child({ plugin: 'kratix' });
    const parsed = readKratixConfig(config, {
      logger: kratixLogger,
      authStrategies: Object.fromEntries(
        authStrategies.map(s => [s.authProvider, s.strategy]),
      ),
    });
    const platforms = createKratixPlatforms(parsed, {
      logger: kratixLogger,
      provided: providers.flatMap(p => p.getPlatforms()),
    });
    lifecycle.addShutdownHook(() => platforms.stop());
    return platforms;
  },
});
