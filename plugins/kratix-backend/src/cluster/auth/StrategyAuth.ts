import type { ClusterDetails } from '@backstage/plugin-kubernetes-node';
import { Agent } from 'undici';
import type { AuthenticatedRequest, ClusterAuth } from './ClusterAuth';
import type { StrategyCredentials } from './StrategyCredentials';

/** Options of {@link StrategyAuth}. */
export interface StrategyAuthOptions {
  cluster: ClusterDetails;
  credentials: StrategyCredentials;
  /** PEM of the API server's certificate authority, when the cluster names one. */
  caPem?: string;
}

/**
 * Authenticates each request to a Kubernetes plugin cluster with the credential its
 * auth strategy gives: a bearer token as a header, an x509 client certificate in the TLS
 * connection (a new connection pool when the certificate changes), or nothing.
 *
 * @public
 */
export class StrategyAuth implements ClusterAuth {
  private pool?: { certAndKey: string; agent: Agent };

  constructor(private readonly options: StrategyAuthOptions) {}

  server(): string {
    return this.options.cluster.url.replace(/\/+$/, '');
  }

  async authenticate(): Promise<AuthenticatedRequest> {
    const { credential, id } = await this.options.credentials.get();
    const headers: Record<string, string> =
      credential.type === 'bearer token'
        ? { Authorization: `Bearer ${credential.token}` }
        : {};
    const clientCert =
      credential.type === 'x509 client certificate' ? credential : undefined;
    return { headers, dispatcher: this.agent(clientCert), credential: id };
  }

  refused(request: AuthenticatedRequest): boolean {
    return (
      request.credential !== undefined &&
      this.options.credentials.refused(request.credential)
    );
  }

  async close(): Promise<void> {
    const agent = this.pool?.agent;
    this.pool = undefined;
    await agent?.close().catch(() => undefined);
  }

  private agent(clientCert?: { cert: string; key: string }): Agent {
    const certAndKey = clientCert
      ? `${clientCert.cert}\n${clientCert.key}`
      : '';
    if (this.pool?.certAndKey !== certAndKey) {
      const previous = this.pool?.agent;
      this.pool = {
        certAndKey,
        agent: new Agent({
          connect: {
            ca: this.options.caPem,
            cert: clientCert?.cert,
            key: clientCert?.key,
            rejectUnauthorized: !this.options.cluster.skipTLSVerify,
          },
        }),
      };
      // Requests still running on the previous pool (watches) end as they would.
      previous?.close().catch(() => undefined);
    }
    return this.pool.agent;
  }
}
