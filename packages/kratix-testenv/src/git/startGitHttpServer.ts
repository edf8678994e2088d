import { spawn } from 'node:child_process';
import {
  createServer,
  IncomingMessage,
  Server,
  ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { AddressInfo } from 'node:net';

/** How to serve: plain HTTP (Flux), or HTTPS with basic auth (Kratix requires both). */
export interface GitHttpServerOptions {
  /** PEM key and certificate: serve HTTPS. */
  tls?: { key: string; cert: string };
  /** Refuse requests without these credentials (401 with a Basic challenge). */
  basicAuth?: { username: string; password: string };
  /** Called after each push (`git-receive-pack`) has been served. */
  onPush?: () => void;
}

/** A running smart-HTTP git server. */
export interface GitHttpServer {
  /** `http://127.0.0.1:<port>` (or `https://`) */
  baseUrl: string;
  close(): Promise<void>;
}

/**
 * Serves the bare repositories under `projectRoot` over git's smart HTTP protocol on
 * 127.0.0.1, by running `git http-backend` as a CGI program for each request
 * (`GIT_HTTP_EXPORT_ALL=1`; pushes need `http.receivepack=true` in the repository's
 * config). Flux's source-controller speaks only smart HTTP, hence the CGI backend.
 */
export async function startGitHttpServer(
  projectRoot: string,
  env: NodeJS.ProcessEnv,
  options: GitHttpServerOptions = {},
): Promise<GitHttpServer> {
  const serve = (req: IncomingMessage, res: ServerResponse) => {
    if (options.basicAuth && !authorized(req, options.basicAuth)) {
      res.statusCode = 401;
      res.setHeader('WWW-Authenticate', 'Basic realm="state-store"');
      res.end('authentication required');
      return;
    }
    if (
      options.onPush &&
      req.url?.includes('git-receive-pack') &&
      req.method === 'POST'
    ) {
      res.on('finish', options.onPush);
    }
    handle(projectRoot, env, req, res);
  };
  const server: Server = options.tls
    ? (createHttpsServer(options.tls, serve) as unknown as Server)
    : createServer(serve);
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>(resolve => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function handle(
  projectRoot: string,
  env: NodeJS.ProcessEnv,
  req: IncomingMessage,
  res: ServerResponse,
) {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const header = (name: string) => {
    const value = req.headers[name];
    return Array.isArray(value) ? value.join(', ') : value ?? '';
  };
  const cgi = spawn('git', ['http-backend'], {
    env: {
      ...env,
      GIT_PROJECT_ROOT: projectRoot,
      GIT_HTTP_EXPORT_ALL: '1',
      GATEWAY_INTERFACE: 'CGI/1.1',
      SERVER_PROTOCOL: `HTTP/${req.httpVersion}`,
      REQUEST_METHOD: req.method ?? 'GET',
      PATH_INFO: decodeURIComponent(url.pathname),
      QUERY_STRING: url.search.replace(/^\?/, ''),
      CONTENT_TYPE: header('content-type'),
      ...(req.headers['content-length']
        ? { CONTENT_LENGTH: header('content-length') }
        : {}),
      REMOTE_ADDR: req.socket.remoteAddress ?? '127.0.0.1',
      REMOTE_USER: 'testenv',
      HTTP_CONTENT_ENCODING: header('content-encoding'),
      GIT_PROTOCOL: header('git-protocol'),
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  cgi.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  cgi.stdin.on('error', () => undefined);
  req.pipe(cgi.stdin);

  let head = Buffer.alloc(0);
  let headersDone = false;
  cgi.stdout.on('data', (chunk: Buffer) => {
    if (headersDone) {
      res.write(chunk);
      return;
    }
    head = Buffer.concat([head, chunk]);
    const text = head.toString('latin1');
    const end = headerEnd(text);
    if (end < 0) return;
    headersDone = true;
    let status = 200;
    for (const line of text.slice(0, end).split(/\r?\n/)) {
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      const name = line.slice(0, colon).trim();
      const value = line.slice(colon + 1).trim();
      if (name.toLowerCase() === 'status') {
        status = parseInt(value, 10) || 200;
      } else {
        res.setHeader(name, value);
      }
    }
    res.statusCode = status;
    res.write(head.subarray(end));
  });
  cgi.on('close', code => {
    if (!headersDone) {
      res.statusCode = 502;
      res.end(`git http-backend exited with ${code}: ${stderr}`);
    } else {
      res.end();
    }
  });
  cgi.on('error', error => {
    if (!res.headersSent) res.statusCode = 502;
    res.end(String(error));
  });
}

function authorized(
  req: IncomingMessage,
  expected: { username: string; password: string },
): boolean {
  const header = req.headers.authorization ?? '';
  if (!header.startsWith('Basic ')) return false;
  const [username, ...rest] = Buffer.from(header.slice(6), 'base64')
    .toString('utf8')
    .split(':');
  return username === expected.username && rest.join(':') === expected.password;
}

/** Where a CGI response's header block ends (after its blank line), or -1 if not yet. */
function headerEnd(text: string): number {
  const match = /\r?\n\r?\n/.exec(text);
  return match ? match.index + match[0].length : -1;
}
