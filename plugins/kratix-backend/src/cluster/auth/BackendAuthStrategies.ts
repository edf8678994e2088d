import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type {
  AuthenticationStrategy,
  AuthMetadata,
} from '@backstage/plugin-kubernetes-node';
import { ServiceAccountTokenStrategy } from './ServiceAccountTokenStrategy';

type KubernetesBackend = typeof import('@backstage/plugin-kubernetes-backend');

const MINUTE = 60_000;

/**
 * The Kubernetes plugin's auth providers that authenticate as the signed-in user: the
 * frontend sends the user's token with each request to the Kubernetes plugin.
 *
 * @public
 */
export const USER_TOKEN_AUTH_PROVIDERS: Readonly<Record<string, string>> = {
  oidc: "the signed-in user's OIDC token (of the cluster's oidcTokenProvider)",
  google: "the signed-in user's Google access token",
  aks: "the signed-in user's Azure (AKS) access token",
};

interface BackendProvider {
  create(
    k8s: KubernetesBackend,
    config: Config,
    logger: LoggerService,
  ): AuthenticationStrategy;
  /** How long one credential is used (see `KubernetesPluginConnection.credentialMaxAgeMs`). */
  maxAgeMs(authMetadata: AuthMetadata): number;
}

/**
 * The Kubernetes plugin's auth providers whose credentials a backend obtains on its
 * own, with the strategy the Kubernetes plugin uses for each.
 */
const BACKEND_PROVIDERS: Record<string, BackendProvider> = {
  serviceAccount: {
    create: k8s =>
      new ServiceAccountTokenStrategy(new k8s.ServiceAccountStrategy()),
    // Without a token in config, the strategy reads the Pod's token file, which the
    // kubelet rotates: read it again every minute, as client-go does.
    maxAgeMs: meta => (meta.serviceAccountToken ? Infinity : MINUTE),
  },
  localKubectlProxy: {
    create: k8s => new k8s.AnonymousStrategy(),
    maxAgeMs: () => Infinity,
  },
  aws: {
    create: (k8s, config) => new k8s.AwsIamStrategy({ config }),
    // An EKS token is valid for 15 minutes.
    maxAgeMs: () => 10 * MINUTE,
  },
  azure: {
    create: (k8s, _config, logger) => new k8s.AzureIdentityStrategy(logger),
    // The strategy renews its token 15 minutes before it expires; ask it often.
    maxAgeMs: () => 5 * MINUTE,
  },
  googleServiceAccount: {
    create: (k8s, config) => {
      const json = config.getOptionalString(
        'kubernetes.googleServiceAccountCredentials',
      );
      if (json) {
        try {
          JSON.parse(json);
        } catch (error) {
          throw new Error(
            `kubernetes.googleServiceAccountCredentials is not JSON (${
              (error as Error).message
            })`,
          );
        }
      }
      return new k8s.GoogleServiceAccountStrategy({ config });
    },
    // A Google access token is valid for an hour.
    maxAgeMs: () => 30 * MINUTE,
  },
};

/** The auth providers Kratix can use, for messages. */
export const BACKEND_AUTH_PROVIDERS = Object.keys(BACKEND_PROVIDERS);

/** How long a credential of a strategy given in `authStrategies` is used. */
const CUSTOM_MAX_AGE_MS = MINUTE;

const silentLogger: LoggerService = {
  error() {},
  warn() {},
  info() {},
  debug() {},
  child: () => silentLogger,
};

/** Options of {@link BackendAuthStrategies}. */
export interface BackendAuthStrategiesOptions {
  /** The root config: the aws and googleServiceAccount strategies read theirs from it. */
  config: Config;
  /** For the azure strategy's messages. */
  logger?: LoggerService;
  /** Strategies by auth provider name, besides (or instead of) the Kubernetes plugin's. */
  custom?: Record<string, AuthenticationStrategy>;
}

/**
 * The auth strategies of the Kubernetes plugin (`@backstage/plugin-kubernetes-backend`)
 * that work without a signed-in user, one instance per auth provider, made on first use.
 */
export class BackendAuthStrategies {
  private readonly made = new Map<string, AuthenticationStrategy>();
  private k8s?: KubernetesBackend;

  constructor(private readonly options: BackendAuthStrategiesOptions) {}

  /**
   * The strategy for an auth provider and how long its credentials are used. Throws an
   * Error saying why when there is none Kratix can use.
   */
  strategyFor(
    authProvider: string,
    authMetadata: AuthMetadata,
  ): { strategy: AuthenticationStrategy; credentialMaxAgeMs: number } {
    const custom = this.options.custom?.[authProvider];
    if (custom)
      return { strategy: custom, credentialMaxAgeMs: CUSTOM_MAX_AGE_MS };
    const userToken = USER_TOKEN_AUTH_PROVIDERS[authProvider];
    if (userToken) {
      throw new Error(
        `authProvider '${authProvider}' authenticates each request with ${userToken}, which the frontend sends along; Kratix reads clusters from the backend (watch caches shared by every user, the catalog sync), where there is no user token. Give Kratix a credential of its own: a cluster with authProvider ${BACKEND_AUTH_PROVIDERS.join(
          ', ',
        )}, or url + serviceAccountToken`,
      );
    }
    const provider = BACKEND_PROVIDERS[authProvider];
    if (!provider) {
      throw new Error(
        `authProvider '${authProvider}' has no auth strategy Kratix can use (it can use ${BACKEND_AUTH_PROVIDERS.join(
          ', ',
        )}); strategies added to the Kubernetes plugin (kubernetesAuthStrategyExtensionPoint) are that plugin's own and are not shared with Kratix`,
      );
    }
    let strategy = this.made.get(authProvider);
    if (!strategy) {
      try {
        strategy = provider.create(
          this.kubernetesBackend(),
          this.options.config,
          this.options.logger ?? silentLogger,
        );
      } catch (error) {
        throw new Error(
          `the Kubernetes plugin's '${authProvider}' auth strategy cannot start: ${
            (error as Error).message
          }`,
        );
      }
      this.made.set(authProvider, strategy);
    }
    return { strategy, credentialMaxAgeMs: provider.maxAgeMs(authMetadata) };
  }

  // Loaded on first use: the Kubernetes backend plugin brings the AWS, Azure and Google
  // SDKs, which a backend without such clusters need not load.
  private kubernetesBackend(): KubernetesBackend {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    this.k8s ??=
      require('@backstage/plugin-kubernetes-backend') as KubernetesBackend;
    return this.k8s;
  }
}
