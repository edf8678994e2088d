import {
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import type { AuthenticationStrategy } from '@backstage/plugin-kubernetes-node';
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

/**
 * An auth strategy for clusters of the Kubernetes plugin that a Kratix platform uses
 * (`kubernetesCluster: <name>`), for the cluster's `authProvider`.
 *
 * @public
 */
export interface KratixClusterAuthStrategy {
  /** The `authProvider` value of the Kubernetes plugin's cluster config it serves. */
  authProvider: string;
  /**
   * The strategy, as for the Kubernetes plugin's
   * `kubernetesAuthStrategyExtensionPoint` (often the very same object). Its credentials
   * are asked again every minute, and at once when the API server refuses one.
   */
  strategy: AuthenticationStrategy;
}

/**
 * Auth strategies for Kubernetes plugin clusters, besides those the Kubernetes plugin
 * ships (serviceAccount, aws, azure, googleServiceAccount, localKubectlProxy). A
 * multiton: every installed service factory for it adds one; one for a built-in
 * provider's name replaces the built-in strategy.
 *
 * @public
 */
export const kratixClusterAuthStrategyServiceRef =
  createServiceRef<KratixClusterAuthStrategy>({
    id: 'kratix.cluster-auth-strategy',
    scope: 'root',
    multiton: true,
  });
