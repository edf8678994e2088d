import { Readable } from 'node:stream';
import {
  type HttpMethod,
  type KubeConfig,
  RequestContext,
} from '@kubernetes/client-node';
import { fetch, type Dispatcher } from 'undici';
import { KubeHttpError, toKratixClusterError } from './errors';

type Query = Record<string, string | number | boolean | undefined>;

/**
 * A small HTTP client for one Kubernetes API server, authenticated by client-node's
 * KubeConfig. Every failure is thrown as a typed `KratixClusterError`.
 *
 * @public
 */
export class KubeHttpClient {
  private dispatcher?: Dispatcher;

  constructor(
    private readonly kc: KubeConfig,
    readonly cluster: string,
    private readonly timeoutMs: number,
  ) {}

  /** GET a JSON document. */
  async get<T>(path: string, query?: Query): Promise<T> {
    return this.json<T>('GET', path, { query });
  }

  /** JSON merge patch an object. */
  async mergePatch<T>(path: string, patch: unknown): Promise<T> {
    return this.json<T>('PATCH', path, {
      body: JSON.stringify(patch),
      contentType: 'application/merge-patch+json',
    });
  }

  /** POST (create) an object. */
  async post<T>(path: string, body: unknown, query?: Query): Promise<T> {
    return this.json<T>('POST', path, {
      query,
      body: JSON.stringify(body),
      contentType: 'application/json',
    });
  }

  /** Server-side apply: creates the object or updates the fields this manager owns. */
  async apply<T>(path: string, body: unknown, query?: Query): Promise<T> {
    return this.json<T>('PATCH', path, {
      query,
      body: JSON.stringify(body),
      contentType: 'application/apply-patch+yaml',
    });
  }

  /** DELETE an object; answers the object (when finalizers keep it) or a Status. */
  async delete<T>(path: string, query?: Query): Promise<T> {
    return this.json<T>('DELETE', path, { query });
  }

  /**
   * Opens a streaming GET (watches, logs). The timeout covers the wait for the response
   * headers only; `signal` ends the stream.
   */
  async stream(
    path: string,
    query: Query,
    signal: AbortSignal,
  ): Promise<Readable> {
    const controller = new AbortController();
    const abort = () => controller.abort(signal.reason);
    signal.addEventListener('abort', abort, { once: true });
    const timer = setTimeout(
      () =>
        controller.abort(
          new DOMException('timed out waiting for headers', 'TimeoutError'),
        ),
      this.timeoutMs,
    );
    try {
      const response = await this.send('GET', path, {
        query,
        signal: controller.signal,
      });
      clearTimeout(timer);
      if (!response.body)
        throw new KubeHttpError(response.status, 'empty response body');
      const body = Readable.fromWeb(response.body as any);
      body.once('close', () => signal.removeEventListener('abort', abort));
      return body;
    } catch (error) {
      clearTimeout(timer);
      signal.removeEventListener('abort', abort);
      throw toKratixClusterError(
        controller.signal.reason ?? error,
        this.cluster,
      );
    }
  }

  private async json<T>(
    method: string,
    path: string,
    options: { query?: Query; body?: string; contentType?: string },
  ): Promise<T> {
    try {
      const response = await this.send(method, path, {
        ...options,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      return (await response.json()) as T;
    } catch (error) {
      throw toKratixClusterError(error, this.cluster);
    }
  }

  private async send(
    method: string,
    path: string,
    options: {
      query?: Query;
      body?: string;
      contentType?: string;
      signal: AbortSignal;
    },
  ) {
    const server = this.kc.getCurrentCluster()?.server;
    if (!server) throw new Error('the kubeconfig has no current cluster');
    const url = new URL(`${server.replace(/\/+$/, '')}${path}`);
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const ctx = new RequestContext(url.toString(), method as HttpMethod);
    await this.kc.applySecurityAuthentication(ctx);
    // client-node builds a new connection pool per call; keep the first one.
    this.dispatcher ??= ctx.getDispatcher() as Dispatcher | undefined;
    const headers: Record<string, string> = {
      ...ctx.getHeaders(),
      Accept: 'application/json',
    };
    if (options.contentType) headers['Content-Type'] = options.contentType;
    const response = await fetch(url, {
      method,
      headers,
      body: options.body,
      dispatcher: this.dispatcher,
      signal: options.signal,
    });
    if (!response.ok) {
      const text = await response.text().catch(() => '');
      let status: { message?: string; reason?: string } = {};
      try {
        status = JSON.parse(text);
      } catch {
        status = { message: text.trim() || response.statusText };
      }
      throw new KubeHttpError(
        response.status,
        status.message ?? response.statusText,
        status.reason ?? response.statusText,
      );
    }
    return response;
  }

  /** Closes the connection pool. */
  async close(): Promise<void> {
    await this.dispatcher?.close().catch(() => undefined);
  }
}
