import http from 'node:http';
import https from 'node:https';

/** The answer of {@link httpRequest}. */
export interface HttpResponse {
  status: number;
  body: string;
}

/**
 * A small HTTP(S) request to a loopback server, with its own agent: Backstage's Jest
 * setup replaces the global agents and `fetch` to forbid network access, and TLS is
 * not verified (the servers use self-signed certificates).
 */
export function httpRequest(
  url: string,
  options: {
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    timeoutMs?: number;
  } = {},
): Promise<HttpResponse> {
  const target = new URL(url);
  const isHttps = target.protocol === 'https:';
  const mod = isHttps ? https : http;
  return new Promise((resolve, reject) => {
    const req = mod.request(
      target,
      {
        method: options.method ?? 'GET',
        headers: options.headers,
        agent: isHttps
          ? new https.Agent({ rejectUnauthorized: false, keepAlive: false })
          : new http.Agent({ keepAlive: false }),
        timeout: options.timeoutMs ?? 5000,
      },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () =>
      req.destroy(new Error(`timeout: ${options.method ?? 'GET'} ${url}`)),
    );
    req.on('error', reject);
    req.end(options.body);
  });
}
