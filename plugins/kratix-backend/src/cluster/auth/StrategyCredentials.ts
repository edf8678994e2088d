import type {
  AuthenticationStrategy,
  ClusterDetails,
  KubernetesCredential,
} from '@backstage/plugin-kubernetes-node';
import { KratixClusterError } from '../errors';

/** Options of {@link StrategyCredentials}. */
export interface StrategyCredentialsOptions {
  cluster: ClusterDetails;
  strategy: AuthenticationStrategy;
  /** The auth provider's name, for errors. */
  authProvider: string;
  /** How long a credential is used before the strategy is asked again. */
  maxAgeMs: number;
  /** The Kratix name of the cluster, for errors. */
  clusterName: string;
  now?: () => number;
}

/** A credential of the strategy, numbered so that a refusal drops only that one. */
export interface HeldCredential {
  credential: KubernetesCredential;
  id: number;
}

/**
 * The credentials of one cluster from a Kubernetes plugin auth strategy: asked once,
 * used for `maxAgeMs`, asked again when older or when the API server refused it.
 * Concurrent requests share one pending ask. A failing strategy is a
 * `KratixClusterError` of type `unauthorized`.
 *
 * @public
 */
export class StrategyCredentials {
  private held?: { current: HeldCredential; obtainedAt: number };
  private pending?: Promise<HeldCredential>;
  private lastId = 0;
  private readonly now: () => number;

  constructor(private readonly options: StrategyCredentialsOptions) {
    this.now = options.now ?? Date.now;
  }

  /** The credential for the next request. */
  async get(): Promise<HeldCredential> {
    const held = this.held;
    if (held && this.now() - held.obtainedAt < this.options.maxAgeMs) {
      return held.current;
    }
    this.pending ??= this.obtain().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  /**
   * The API server refused credential `id` (401): forget it. True when the strategy may
   * give another one (never for credentials that do not expire).
   */
  refused(id: number): boolean {
    if (this.options.maxAgeMs === Infinity) return false;
    if (this.held?.current.id === id) this.held = undefined;
    return true;
  }

  private async obtain(): Promise<HeldCredential> {
    const { strategy, cluster, authProvider, clusterName } = this.options;
    let credential: KubernetesCredential;
    try {
      // No user: the request auth a frontend would send is empty.
      credential = await strategy.getCredential(cluster, {});
      checkCredential(credential);
    } catch (error) {
      throw new KratixClusterError({
        type: 'unauthorized',
        cluster: clusterName,
        message: `Cluster '${clusterName}': no credential from the Kubernetes plugin's '${authProvider}' auth strategy (${
          (error as Error)?.message ?? String(error)
        })`,
      });
    }
    this.lastId += 1;
    const current = { credential, id: this.lastId };
    this.held = { current, obtainedAt: this.now() };
    return current;
  }
}

function checkCredential(credential: KubernetesCredential) {
  switch (credential?.type) {
    case 'bearer token':
      if (!credential.token) throw new Error('it gave an empty token');
      return;
    case 'x509 client certificate':
      if (!credential.cert || !credential.key) {
        throw new Error('it gave a client certificate without cert or key');
      }
      return;
    case 'anonymous':
      return;
    default:
      throw new Error(
        `it gave a credential of unknown type '${(credential as any)?.type}'`,
      );
  }
}
