import { mockServices } from '@backstage/backend-test-utils';

type Reply = { status?: number; body?: unknown; lines?: unknown[] };
type Route = {
  method: string;
  path: RegExp;
  reply: (call: RecordedCall) => Reply;
};

/** A call the actions made to the Kratix backend. */
export interface RecordedCall {
  method: string;
  path: string;
  query: Record<string, string>;
  body?: any;
  token?: string;
}

const BASE = 'http://backstage.test/api/kratix';

/**
 * Stands in for the Kratix backend plugin's REST API: answers the actions' fetches
 * from routes the test declares, and records each call.
 */
export function fakeKratixBackend() {
  const routes: Route[] = [];
  const calls: RecordedCall[] = [];
  const spy = jest
    .spyOn(global, 'fetch')
    .mockImplementation(async (input, init) => {
      const url = new URL(String(input));
      const call: RecordedCall = {
        method: init?.method ?? 'GET',
        path: url.pathname.slice('/api/kratix'.length),
        query: Object.fromEntries(url.searchParams),
        ...(init?.body ? { body: JSON.parse(String(init.body)) } : {}),
        token: (init?.headers as Record<string, string>)?.Authorization,
      };
      calls.push(call);
      const route = routes.find(
        r => r.method === call.method && r.path.test(call.path),
      );
      const reply = route?.reply(call) ?? {
        status: 404,
        body: {
          error: { name: 'NotFoundError', message: `no route ${call.path}` },
        },
      };
      if (reply.lines) {
        const text = reply.lines.map(l => `${JSON.stringify(l)}\n`).join('');
        return new Response(text, {
          status: 200,
          headers: { 'Content-Type': 'application/x-ndjson' },
        });
      }
      return new Response(JSON.stringify(reply.body ?? {}), {
        status: reply.status ?? 200,
        headers: { 'Content-Type': 'application/json' },
      });
    });
  return {
    calls,
    on(method: string, path: RegExp, reply: Route['reply']) {
      routes.unshift({ method, path, reply });
    },
    restore: () => spy.mockRestore(),
    deps: {
      discovery: {
        getBaseUrl: async () => BASE,
        getExternalBaseUrl: async () => BASE,
      },
      auth: mockServices.auth(),
    },
  };
}
