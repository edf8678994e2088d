import {
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import type { KratixPlatformProvider, KratixPlatforms } from './types';

/**
 * The backend's Kratix platforms, with one set of watch caches per cluster and kind,
 * shared by everything in the backend that reads Kratix (the REST API, the catalog
 * module). Root-scoped, so the caches are shared across plugins.
 *
 * Its implementation comes with `@kratix-backstage/plugin-kratix-backend`: add that
 * package to the backend to use this service.
 *
 * @public
 */
export const kratixPlatformsServiceRef = createServiceRef<KratixPlatforms>({
  id: 'kratix.platforms',
  scope: 'root',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {},
      factory() {
        throw new Error(
          "The Kratix platforms service is provided by '@kratix-backstage/plugin-kratix-backend': add it to your backend (backend.add(import('@kratix-backstage/plugin-kratix-backend')))",
        );
      },
    }),
});

/**
 * Extra platforms for {@link kratixPlatformsServiceRef}, besides those configured under
 * `kratix.platforms`. A multiton: install a service factory for it to contribute
 * platforms (the demo module `@kratix-backstage/plugin-kratix-backend-module-demo` does).
 *
 * @public
 */
export const kratixPlatformProviderServiceRef =
  createServiceRef<KratixPlatformProvider>({
    id: 'kratix.platform-provider',
    scope: 'root',
    multiton: true,
  });
