import {
  type HttpMethod,
  type KubeConfig,
  RequestContext,
} from '@kubernetes/client-node';
import type { Dispatcher } from 'undici';
import type { AuthenticatedRequest, ClusterAuth } from './ClusterAuth';

/**
 * Authenticates as client-node's KubeConfig does (tokens, client certificates, exec and
 * auth-provider plugins, which refresh their own credentials).
 *
 * @public
 */
export class KubeConfigAuth implements ClusterAuth {
  private dispatcher?: Dispatcher;

  constructor(private readonly kc: KubeConfig) {}

  server(): string {
    const server = this.kc.getCurrentCluster()?.server;
    if (!server) throw new Error('the kubeconfig has no current cluster');
    return server.replace(/\/+$/, '');
  }

  async authenticate(url: URL, method: string): Promise<AuthenticatedRequest> {
    const ctx = new RequestContext(url.toString(), method as HttpMethod);
    await this.kc.applySecurityAuthentication(ctx);
    // client-node builds a new connection pool per call; keep the first one.
    this.dispatcher ??= ctx.getDispatcher() as Dispatcher | undefined;
    return { headers: { ...ctx.getHeaders() }, dispatcher: this.dispatcher };
  }

  refused(): boolean {
    return false;
  }

  async close(): Promise<void> {
    await this.dispatcher?.close().catch(() => undefined);
  }
}
