import {
  KratixClusterError,
  KubeHttpError,
  toKratixClusterError,
} from './errors';

describe('toKratixClusterError', () => {
  it.each([
    [401, 'unauthorized', 'the API server rejected the credentials'],
    [403, 'forbidden', 'the credentials are not allowed to do this'],
    [404, 'not-found', 'not found'],
    [409, 'conflict', 'the object changed meanwhile'],
    [504, 'timeout', 'the API server did not answer in time'],
    [500, 'unknown', 'the API server request failed'],
  ])('maps HTTP %s to %s', (status, type, description) => {
    const error = toKratixClusterError(
      new KubeHttpError(status, 'promises is forbidden', 'Forbidden'),
      'prod-platform',
    );
    expect(error.toApiError('prod')).toEqual({
      platform: 'prod',
      cluster: 'prod-platform',
      type,
      statusCode: status,
      message: `Cluster 'prod-platform': ${description} (${status} Forbidden: promises is forbidden)`,
    });
  });

  it('maps a refused connection to unreachable, with the address', () => {
    const refused = Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6443'), {
        code: 'ECONNREFUSED',
      }),
    });
    expect(toKratixClusterError(refused, 'worker').toApiError('p')).toEqual({
      platform: 'p',
      cluster: 'worker',
      type: 'unreachable',
      message:
        "Cluster 'worker': the API server cannot be reached (connect ECONNREFUSED 127.0.0.1:6443)",
    });
  });

  it('maps TLS failures to unreachable', () => {
    const tls = Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error('self-signed certificate'), {
        code: 'DEPTH_ZERO_SELF_SIGNED_CERT',
      }),
    });
    expect(toKratixClusterError(tls, 'c').type).toBe('unreachable');
  });

  it('maps abort timeouts and undici timeouts to timeout', () => {
    const abort = new DOMException(
      'The operation was aborted due to timeout',
      'TimeoutError',
    );
    expect(toKratixClusterError(abort, 'c').type).toBe('timeout');
    const headers = Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error('Headers Timeout Error'), {
        code: 'UND_ERR_HEADERS_TIMEOUT',
      }),
    });
    expect(toKratixClusterError(headers, 'c').type).toBe('timeout');
  });

  it('maps client-node ApiExceptions by their code', () => {
    const apiException = Object.assign(new Error('HTTP-Code: 403'), {
      code: 403,
    });
    expect(toKratixClusterError(apiException, 'c').type).toBe('forbidden');
  });

  it('keeps anything else as unknown, and passes typed errors through', () => {
    expect(toKratixClusterError(new Error('boom'), 'c').message).toBe(
      "Cluster 'c': the API server request failed (boom)",
    );
    const typed = new KratixClusterError({
      type: 'timeout',
      cluster: 'x',
      message: 'm',
    });
    expect(toKratixClusterError(typed, 'c')).toBe(typed);
  });
});
