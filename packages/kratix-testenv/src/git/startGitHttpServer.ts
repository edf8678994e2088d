import { spawn } from 'node:child_process';
import {
  createServer,
  IncomingMessage,
  Server,
  ServerResponse,
} from 'node:http';
import { AddressInfo } from 'node:net';

/** A running smart-HTTP git server. */
export interface GitHttpServer {
  /** `http://127.0.0.1:<port>` */
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
): Promise<GitHttpServer> {
  const server: Server = createServer((req, res) =>
    handle(projectRoot, env, req, res),
  );
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
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

/** Where a CGI response's header block ends (after its blank line), or -1 if not yet. */
function headerEnd(text: string): number {
  const match = /\r?\n\r?\n/.exec(text);
  return match ? match.index + match[0].length : -1;
}
