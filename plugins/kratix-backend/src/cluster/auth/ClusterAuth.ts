import type { Dispatcher } from 'undici';

/**
 * How one request is authenticated: its headers and the connection pool (TLS settings,
 * client certificate) to send it through.
 *
 * @public
 */
export interface AuthenticatedRequest {
  headers: Record<string, string>;
  dispatcher?: Dispatcher;
  /** Which credential was used, for {@link ClusterAuth.refused}. */
  credential?: number;
}

/**
 * Where one cluster's API server is and how to authenticate each request to it.
 *
 * @public
 */
export interface ClusterAuth {
  /** The API server's base URL, without a trailing slash. */
  server(): string;
  /** Authenticates the next request. */
  authenticate(url: URL, method: string): Promise<AuthenticatedRequest>;
  /**
   * The API server answered 401 to a request: drops its credential. True when a new
   * attempt may get a different one.
   */
  refused(request: AuthenticatedRequest): boolean;
  /** Closes the connection pools. */
  close(): Promise<void>;
}
