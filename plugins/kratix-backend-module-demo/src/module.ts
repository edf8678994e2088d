import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { kratixPlatformProviderServiceRef } from '@kratix-backstage/plugin-kratix-node';
import { createDemoPlatform } from './createDemoPlatform';
import { readDemoConfig } from './readDemoConfig';

/**
 * Adds the built-in demo platform to the Kratix platforms, unless
 * `kratix.demo.enabled` is `false`.
 *
 * @public
 */
export const kratixDemoPlatformProvider = createServiceFactory({
  service: kratixPlatformProviderServiceRef,
  deps: {
    config: coreServices.rootConfig,
    logger: coreServices.rootLogger,
  },
  factory({ config, logger }) {
    const demo = readDemoConfig(config);
    return {
      getPlatforms() {
        if (!demo.enabled) return [];
        logger.info(
          `Kratix demo platform '${demo.name}' (in memory, labelled as demo data)`,
        );
        return [createDemoPlatform(demo)];
      },
    };
  },
});
