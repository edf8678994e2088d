import type {
  KratixApiError,
  KratixApiErrorType,
} from '@kratix-backstage/plugin-kratix-common';

/**
 * A failure talking to one cluster, typed so that routes and views can act on it.
 *
 * @public
 */
export class KratixClusterError extends Error {
  readonly type: KratixApiErrorType;
  readonly cluster: string;
  /** The HTTP status the Kubernetes API server answered, when it answered. */
  readonly statusCode?: number;
  /**
   * The API server's own words, when it answered with a `Status`: its `message`, e.g.
   * `elastic-clouds.workshop.kratix.io is forbidden: User "alice" cannot create ...`.
   */
  readonly apiMessage?: string;

  constructor(options: {
    type: KratixApiErrorType;
    cluster: string;
    message: string;
    statusCode?: number;
    apiMessage?: string;
  }) {
    super(options.message);
    this.name = 'KratixClusterError';
    this.type = options.type;
    this.cluster = options.cluster;
    this.statusCode = options.statusCode;
    if (options.apiMessage !== undefined) this.apiMessage = options.apiMessage;
  }

  /** The wire form, for a response's `errors[]`. */
  toApiError(platform: string): KratixApiError {
    return {
      platform,
      cluster: this.cluster,
      type: this.type,
      message: this.message,
      ...(this.statusCode !== undefined ? { statusCode: this.statusCode } : {}),
    };
  }
}

/**
 * A non-2xx answer of a Kubernetes API server, with the `Status` it sent.
 *
 * @public
 */
export class KubeHttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly reason?: string,
  ) {
    super(message);
    this.name = 'KubeHttpError';
  }
}

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'UND_ERR_SOCKET',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);
const TIMEOUT_CODES = new Set([
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

function typeOfStatus(statusCode: number): KratixApiErrorType {
  switch (statusCode) {
    case 401:
      return 'unauthorized';
    case 403:
      return 'forbidden';
    case 404:
      return 'not-found';
    case 409:
      return 'conflict';
    case 408:
    case 504:
      return 'timeout';
    default:
      return 'unknown';
  }
}

const DESCRIPTIONS: Record<KratixApiErrorType, string> = {
  unauthorized: 'the API server rejected the credentials',
  forbidden: 'the credentials are not allowed to do this',
  'not-found': 'not found',
  conflict: 'the object changed meanwhile',
  timeout: 'the API server did not answer in time',
  unreachable: 'the API server cannot be reached',
  unknown: 'the API server request failed',
};

/**
 * Maps whatever a Kubernetes call threw (an HTTP status, a network error, a timeout)
 * to a {@link KratixClusterError} naming the cluster.
 *
 * @public
 */
export function toKratixClusterError(
  error: unknown,
  cluster: string,
): KratixClusterError {
  if (error instanceof KratixClusterError) return error;
  const err = error as any;
  const isStatus = (v: unknown): v is number =>
    typeof v === 'number' && v >= 100 && v <= 599;
  // client-node's ApiException carries the HTTP status as `code`.
  let statusCode: number | undefined;
  if (isStatus(err?.statusCode)) statusCode = err.statusCode;
  else if (isStatus(err?.code) && !(error instanceof DOMException))
    statusCode = err.code;
  let type: KratixApiErrorType;
  let detail: string = err?.message ?? String(error);
  if (statusCode !== undefined) {
    type = typeOfStatus(statusCode);
    detail = `${statusCode}${err?.reason ? ` ${err.reason}` : ''}: ${detail}`;
  } else {
    const code: string | undefined = err?.cause?.code ?? err?.code;
    const name: string | undefined = err?.cause?.name ?? err?.name;
    if (name === 'TimeoutError' || (code && TIMEOUT_CODES.has(code))) {
      type = 'timeout';
    } else if (
      code &&
      (UNREACHABLE_CODES.has(code) ||
        code.startsWith('ERR_TLS') ||
        code.startsWith('CERT_'))
    ) {
      type = 'unreachable';
      detail = err?.cause?.message ?? detail;
    } else {
      type = 'unknown';
      if (err?.cause?.message) detail = `${detail}: ${err.cause.message}`;
    }
  }
  return new KratixClusterError({
    type,
    cluster,
    statusCode,
    message: `Cluster '${cluster}': ${DESCRIPTIONS[type]} (${detail})`,
    ...(error instanceof KubeHttpError ? { apiMessage: error.message } : {}),
  });
}
