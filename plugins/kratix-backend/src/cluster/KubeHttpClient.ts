import { Readable } from 'node:stream';
import { KubeConfig } from '@kubernetes/client-node';
import { fetch } from 'undici';
import type { KratixWriteOptions } from '@kratix-backstage/plugin-kratix-node';
import type { AuthenticatedRequest, ClusterAuth } from './auth/ClusterAuth';
import { KubeConfigAuth } from './auth/KubeConfigAuth';
import { KubeHttpError, toKratixClusterError } from './errors';
import { impersonatingDispatcher } from './impersonation';

type Query = Record<string, string | number | boolean | undefined>;

/**
 * A small HTTP client for one Kubernetes API server, authenticated by client-node's
 * KubeConfig or by a {@link ClusterAuth} (a Kubernetes plugin auth strategy). A request
 * the API server refuses with 401 is sent once more when the auth can get a fresh
 * credential. Every failure is thrown as a typed `KratixClusterError`. The JSON calls take
 * `impersonate` (a user and groups): the request then carries Kubernetes' impersonation
 * headers, and the API server authorizes it as that user.
 *
 * @public
 */
export class KubeHttpClient {
  private readonly auth: ClusterAuth;

  constructor(
    auth: KubeConfig | ClusterAuth,
    readonly cluster: string,
    private readonly timeoutMs: number,
  ) {
    this.auth = auth instanceof KubeConfig ? new KubeConfigAuth(auth) : auth;
  }

  /** GET a JSON document. */
  async get<T>(
    path: string,
    query?: Query,
    as: KratixWriteOptions = {},
  ): Promise<T> {
    return this.json<T>('GET', path, { query, ...as });
  }

  /** JSON merge patch an object. */
  async mergePatch<T>(
    path: string,
    patch: unknown,
    as: KratixWriteOptions = {},
  ): Promise<T> {
    return this.json<T>('PATCH', path, {
      body: JSON.stringify(patch),
      contentType: 'application/merge-patch+json',
      ...as,
    });
  }

  /** POST (create) an object. */
  async post<T>(
    path: string,
    body: unknown,
    query?: Query,
    as: KratixWriteOptions = {},
  ): Promise<T> {
    return this.json<T>('POST', path, {
      query,
      body: JSON.stringify(body),
      contentType: 'application/json',
      ...as,
    });
  }

  /** Server-side apply: creates the object or updates the fields this manager owns. */
  async apply<T>(
    path: string,
    body: unknown,
    query?: Query,
    as: KratixWriteOptions = {},
  ): Promise<T> {
    return this.json<T>('PATCH', path, {
      query,
      body: JSON.stringify(body),
      contentType: 'application/apply-patch+yaml',
      ...as,
    });
  }

  /** DELETE an object; answers the object (when finalizers keep it) or a Status. */
  async delete<T>(
    path: string,
    query?: Query,
    as: KratixWriteOptions = {},
  ): Promise<T> {
    return this.json<T>('DELETE', path, { query, ...as });
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
    options: SendOptions,
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
    options: SendOptions & { signal: AbortSignal },
  ) {
    const url = new URL(`${this.auth.server()}${path}`);
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    for (let attempt = 1; ; attempt++) {
      const auth = await untilAborted(
        this.auth.authenticate(url, method),
        options.signal,
      );
      const response = await this.fetch(url, method, auth, options);
      if (response.ok) return response;
      // An expired credential: get a fresh one and try once more.
      if (response.status === 401 && attempt === 1 && this.auth.refused(auth)) {
        await response.body?.cancel().catch(() => undefined);
        continue;
      }
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
  }

  private fetch(
    url: URL,
    method: string,
    auth: AuthenticatedRequest,
    options: SendOptions & { signal: AbortSignal },
  ) {
    const headers: Record<string, string> = {
      ...auth.headers,
      Accept: 'application/json',
    };
    if (options.contentType) headers['Content-Type'] = options.contentType;
    return fetch(url, {
      method,
      headers,
      body: options.body,
      dispatcher: options.impersonate
        ? impersonatingDispatcher(auth.dispatcher, options.impersonate)
        : auth.dispatcher,
      signal: options.signal,
    });
  }

  /** Closes the connection pools. */
  async close(): Promise<void> {
    await this.auth.close();
  }
}

type SendOptions = KratixWriteOptions & {
  query?: Query;
  body?: string;
  contentType?: string;
};

/** Waits for a promise, or rejects with the signal's reason when it aborts first. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(signal.reason);
    signal.addEventListener('abort', abort, { once: true });
    promise.then(resolve, reject).finally(() => {
      signal.removeEventListener('abort', abort);
    });
  });
}
