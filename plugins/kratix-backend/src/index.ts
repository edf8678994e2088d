/**
 * The Kratix backend plugin: the single place that talks to Kratix platforms. Serves
 * `/api/kratix` and provides the platforms service (shared watch caches) to other
 * modules, such as the Kratix catalog module.
 *
 * @packageDocumentation
 */

import { createBackendFeatureLoader } from '@backstage/backend-plugin-api';
import { kratixPlugin } from './plugin';
import { kratixPlatformsServiceFactory } from './platforms/kratixPlatformsServiceFactory';

/**
 * The Kratix backend plugin together with the platforms service it provides:
 * `backend.add(import('@kratix-backstage/plugin-kratix-backend'))`.
 *
 * @public
 */
export default createBackendFeatureLoader({
  loader: () => [kratixPlugin, kratixPlatformsServiceFactory],
});

export { kratixPlugin } from './plugin';
export { kratixPlatformsServiceFactory } from './platforms/kratixPlatformsServiceFactory';
