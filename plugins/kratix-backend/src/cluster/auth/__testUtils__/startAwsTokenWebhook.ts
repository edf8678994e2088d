import { createHash, createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the webhook decided about one token. */
export interface AwsTokenReview {
  /** When the token was signed (its X-Amz-Date). */
  signedAt: string;
  authenticated: boolean;
  reason?: string;
}

/** Options of {@link startAwsTokenWebhook}. */
export interface AwsTokenWebhookOptions {
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  /** The cluster id the token must be signed for (its `x-k8s-aws-id` header). */
  clusterId: string;
  /** Who an accepted token authenticates as. */
  user: { username: string; groups: string[] };
}

const EMPTY_SHA256 = createHash('sha256').update('').digest('hex');

/** Percent-encodes as SigV4 does (RFC 3986 unreserved characters kept). */
const escapeUri = (value: string) =>
  encodeURIComponent(value).replace(
    /[!'()*]/g,
    c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );

const hmac = (key: string | Buffer, data: string) =>
  createHmac('sha256', key).update(data).digest();

/**
 * Checks an EKS token (`k8s-aws-v1.` + base64url of a presigned STS GetCallerIdentity
 * URL) as AWS would: recomputes its SigV4 signature with the secret key, for the
 * `host` and `x-k8s-aws-id` headers. Answers undefined when valid, else why not.
 */
function checkEksToken(
  token: string,
  options: AwsTokenWebhookOptions,
  maxAgeSeconds: number,
): { signedAt: string; problem?: string } {
  const prefix = 'k8s-aws-v1.';
  if (!token.startsWith(prefix)) {
    return { signedAt: '', problem: 'not an EKS token' };
  }
  const url = new URL(
    Buffer.from(token.slice(prefix.length), 'base64url').toString('utf8'),
  );
  const q = url.searchParams;
  const signedAt = q.get('X-Amz-Date') ?? '';
  const host = `sts.${options.region}.amazonaws.com`;
  const scope = `${signedAt.slice(0, 8)}/${options.region}/sts/aws4_request`;
  if (url.host !== host || url.pathname !== '/') {
    return { signedAt, problem: `signed for ${url.host}${url.pathname}` };
  }
  if (q.get('Action') !== 'GetCallerIdentity') {
    return { signedAt, problem: `action ${q.get('Action')}` };
  }
  if (q.get('X-Amz-Credential') !== `${options.accessKeyId}/${scope}`) {
    return { signedAt, problem: `credential ${q.get('X-Amz-Credential')}` };
  }
  if (q.get('X-Amz-SignedHeaders') !== 'host;x-k8s-aws-id') {
    return { signedAt, problem: 'the cluster id header is not signed' };
  }
  const canonicalQuery = [...q.entries()]
    .filter(([key]) => key !== 'X-Amz-Signature')
    .map(([key, value]) => [escapeUri(key), escapeUri(value)])
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
  const canonicalRequest = [
    'GET',
    '/',
    canonicalQuery,
    `host:${host}`,
    `x-k8s-aws-id:${options.clusterId}`,
    '',
    'host;x-k8s-aws-id',
    EMPTY_SHA256,
  ].join('\n');
  const stringToSign = [
    'AWS4-HMAC-SHA256',
    signedAt,
    scope,
    createHash('sha256').update(canonicalRequest).digest('hex'),
  ].join('\n');
  let key: Buffer | string = `AWS4${options.secretAccessKey}`;
  for (const part of [
    signedAt.slice(0, 8),
    options.region,
    'sts',
    'aws4_request',
  ]) {
    key = hmac(key, part);
  }
  if (hmac(key, stringToSign).toString('hex') !== q.get('X-Amz-Signature')) {
    return {
      signedAt,
      problem: `bad signature (not signed by ${options.accessKeyId} for cluster ${options.clusterId})`,
    };
  }
  const signed = Date.parse(
    signedAt.replace(
      /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/,
      '$1-$2-$3T$4:$5:$6Z',
    ),
  );
  if (Date.now() - signed > maxAgeSeconds * 1000) {
    return { signedAt, problem: `expired (older than ${maxAgeSeconds} s)` };
  }
  return { signedAt };
}

/**
 * A kube-apiserver authentication webhook (TokenReview, authentication.k8s.io/v1) that
 * accepts EKS tokens signed with the given AWS key for the given cluster id, as the AWS
 * IAM authenticator does, and records each review. `maxAgeSeconds` (default 900, as EKS)
 * can be lowered to make tokens expire.
 */
export async function startAwsTokenWebhook(options: AwsTokenWebhookOptions) {
  const reviews: AwsTokenReview[] = [];
  const state = { maxAgeSeconds: 900 };
  const server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    const review = JSON.parse(body);
    const { signedAt, problem } = checkEksToken(
      review.spec?.token ?? '',
      options,
      state.maxAgeSeconds,
    );
    reviews.push({
      signedAt,
      authenticated: !problem,
      ...(problem ? { reason: problem } : {}),
    });
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(
      JSON.stringify({
        apiVersion: 'authentication.k8s.io/v1',
        kind: 'TokenReview',
        status: problem
          ? { authenticated: false, error: problem }
          : { authenticated: true, user: options.user },
      }),
    );
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    reviews,
    /** Tokens older than this are refused from now on. */
    set maxAgeSeconds(seconds: number) {
      state.maxAgeSeconds = seconds;
    },
    async close() {
      server.closeAllConnections();
      await new Promise(resolve => server.close(resolve));
    },
  };
}
