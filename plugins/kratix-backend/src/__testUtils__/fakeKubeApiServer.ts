import {
  createServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the fake API server received. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
}

type Handler = (
  req: RecordedRequest,
  res: ServerResponse,
) => void | Promise<void>;

/**
 * A tiny stand-in for a Kubernetes API server, for tests of the real client code: routes
 * by method and path, records every request, and can hold watches open.
 */
export async function startFakeKubeApiServer() {
  const routes: Array<{
    method: string;
    path: string | RegExp;
    handler: Handler;
  }> = [];
  const requests: RecordedRequest[] = [];
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    let body = '';
    for await (const chunk of req) body += chunk;
    const recorded = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body,
    };
    requests.push(recorded);
    const watch = url.searchParams.get('watch') ? 'WATCH' : recorded.method;
    const route = routes.find(
      r =>
        r.method === watch &&
        (typeof r.path === 'string'
          ? r.path === url.pathname
          : r.path.test(url.pathname)),
    );
    if (!route) {
      status(
        res,
        404,
        'NotFound',
        `the server could not find the requested resource (${url.pathname})`,
      );
      return;
    }
    await route.handler(recorded, res);
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    on(
      method: 'GET' | 'WATCH' | 'POST' | 'PATCH' | 'DELETE',
      path: string | RegExp,
      handler: Handler,
    ) {
      routes.unshift({ method, path, handler });
    },
    async close() {
      server.closeAllConnections();
      await new Promise(resolve => server.close(resolve));
    },
  };
}

/** Answers JSON. */
export function json(res: ServerResponse, code: number, body: unknown) {
  res.writeHead(code, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** Answers a Kubernetes Status. */
export function status(
  res: ServerResponse,
  code: number,
  reason: string,
  message: string,
) {
  json(res, code, {
    kind: 'Status',
    apiVersion: 'v1',
    status: 'Failure',
    code,
    reason,
    message,
  });
}
