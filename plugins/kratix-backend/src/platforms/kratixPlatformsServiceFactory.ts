import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  kratixPlatformProviderServiceRef,
  kratixPlatformsServiceRef,
} from '@kratix-backstage/plugin-kratix-node';
import { readKratixConfig } from '../config/readKratixConfig';
import { createKratixPlatforms } from './createKratixPlatforms';

/**
 * The Kratix platforms of `kratix.platforms`, plus those of installed platform providers
 * (the demo module): one set of watch caches per backend, stopped at shutdown.
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
  },
  factory({ config, logger, lifecycle, providers }) {
    const platforms = createKratixPlatforms(readKratixConfig(config), {
      logger: logger.child({ plugin: 'kratix' }),
      provided: providers.flatMap(p => p.getPlatforms()),
    });
    lifecycle.addShutdownHook(() => platforms.stop());
    return platforms;
  },
});
