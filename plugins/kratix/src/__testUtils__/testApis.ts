import { mockApis, type TestApiPair } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type {
  KratixApiError,
  ResourceRequest,
  ResourceRequestSummary,
} from '@kratix-backstage/plugin-kratix-common';
import { http, HttpResponse } from 'msw';
import { kratixApiRef, KratixClient } from '../api';
import * as fx from './fixtures';

/** Where the tests' Kratix backend lives (served by msw). */
export const API = 'http://kratix.test/api/kratix';

/**
 * The APIs a Kratix component needs: the real client, a permission API, alerts. `allow`
 * names the permissions allowed, or decides each (with the request's resource ref).
 */
export function kratixTestApis(
  options: {
    allow?:
      | string[]
      | 'all'
      | ((permission: string, resourceRef?: string) => boolean);
  } = {},
): {
  apis: TestApiPair<any>[];
  alertApi: ReturnType<typeof mockApis.alert>;
} {
  const allow = options.allow ?? 'all';
  const alertApi = mockApis.alert();
  const apis: TestApiPair<any>[] = [
    [
      kratixApiRef,
      new KratixClient({
        discoveryApi: { getBaseUrl: async () => API },
        fetchApi: { fetch: (input, init) => fetch(input, init) },
      }),
    ],
    mockApis.permission({
      authorize: req => {
        let allowed: boolean;
        if (allow === 'all') allowed = true;
        else if (typeof allow === 'function') {
          allowed = allow(
            req.permission.name,
            'resourceRef' in req ? req.resourceRef : undefined,
          );
        } else allowed = allow.includes(req.permission.name);
        return allowed ? AuthorizeResult.ALLOW : AuthorizeResult.DENY;
      },
    }),
    alertApi,
  ];
  return { apis, alertApi };
}

/**
 * `GET /requests` (paged, searched and filtered by state and health as the backend does) and
 * `GET /requests/summary`, answering from a list of requests.
 */
export function requestsHandlers(
  requests: ResourceRequest[],
  errors: KratixApiError[] = [],
) {
  return [
    http.get(`${API}/requests/summary`, () => {
      const byState: ResourceRequestSummary['byState'] = {};
      const byHealth: ResourceRequestSummary['byHealth'] = {};
      const byPromise: ResourceRequestSummary['byPromise'] = [];
      for (const r of requests) {
        byState[r.state] = (byState[r.state] ?? 0) + 1;
        let count = byPromise.find(
          p => p.platform === r.platform && p.promise === r.promise,
        );
        if (!count) {
          count = {
            platform: r.platform,
            promise: r.promise,
            total: 0,
            byState: {},
            byHealth: {},
          };
          byPromise.push(count);
        }
        count.total++;
        count.byState[r.state] = (count.byState[r.state] ?? 0) + 1;
        if (r.health) {
          const h = r.health.state;
          byHealth[h] = (byHealth[h] ?? 0) + 1;
          count.byHealth[h] = (count.byHealth[h] ?? 0) + 1;
        }
      }
      const summary: ResourceRequestSummary = {
        total: requests.length,
        byState,
        byHealth,
        suspended: requests.filter(r => r.workflowControl).length,
        byPromise,
        errors,
      };
      return HttpResponse.json(summary);
    }),
    http.get(`${API}/requests`, ({ request }) => {
      const params = new URL(request.url).searchParams;
      const [limit, offset, search, state, health] = [
        'limit',
        'offset',
        'search',
        'state',
        'health',
      ].map(k => params.get(k) ?? undefined);
      if ([limit, offset, search, state, health].every(v => v === undefined)) {
        return HttpResponse.json({ items: requests, errors });
      }
      const needle = search?.toLowerCase();
      const [platform, promise] = ['platform', 'promise'].map(
        k => params.get(k) ?? undefined,
      );
      const matches = requests.filter(
        r =>
          (!platform || r.platform === platform) &&
          (!promise || r.promise === promise) &&
          (!state || r.state === state) &&
          (!health || r.health?.state === health) &&
          (!needle ||
            [r.platform, r.promise, r.namespace, r.name].some(f =>
              f.toLowerCase().includes(needle),
            )),
      );
      const from = Number(offset ?? 0);
      return HttpResponse.json({
        items: matches.slice(
          from,
          limit === undefined ? undefined : from + Number(limit),
        ),
        errors,
        totalCount: matches.length,
      });
    }),
  ];
}

/** The demo platform's routes, answering the workshop story. */
export function demoHandlers() {
  const P = `${API}/platforms/demo`;
  const R = `${P}/requests/default/elastic-cloud`;
  return [
    http.get(`${API}/platforms`, () =>
      HttpResponse.json({ items: [fx.platform], errors: [] }),
    ),
    http.get(`${API}/promises`, () =>
      HttpResponse.json({ items: [fx.promise], errors: [] }),
    ),
    ...requestsHandlers([fx.request('example'), fx.request('second-request')]),
    http.get(`${P}/promises/elastic-cloud`, () =>
      HttpResponse.json(fx.promise),
    ),
    http.get(`${P}/promises/elastic-cloud/runs`, () =>
      HttpResponse.json({ items: [], errors: [] }),
    ),
    http.get(`${P}/promises/elastic-cloud/placement`, () =>
      HttpResponse.json({
        platform: 'demo',
        demo: true,
        works: [],
        workPlacements: [],
        errors: [],
      }),
    ),
    http.get(`${P}/promises/elastic-cloud/requests`, () =>
      HttpResponse.json({
        items: [fx.request('example'), fx.request('second-request')],
        errors: [],
      }),
    ),
    http.get(`${R}/:name`, ({ params }) =>
      HttpResponse.json(fx.request(String(params.name))),
    ),
    http.get(`${R}/:name/runs`, ({ params }) =>
      HttpResponse.json({
        items: [
          fx.run(
            `kratix-elastic-cloud-${params.name}-resource-configure-ab0b6`,
            {
              request: String(params.name),
              startedMinutesAgo: 14,
              state: 'succeeded',
            },
          ),
        ],
        errors: [],
      }),
    ),
    http.get(`${R}/:name/placement`, ({ params }) =>
      HttpResponse.json(fx.placement(String(params.name))),
    ),
    http.get(`${P}/destinations`, () =>
      HttpResponse.json({ items: [fx.destination], errors: [] }),
    ),
    http.get(`${P}/destinations/worker-1`, () =>
      HttpResponse.json(fx.destination),
    ),
    http.get(`${P}/destinations/worker-1/health`, () =>
      HttpResponse.json(fx.unhealthyWorker),
    ),
    http.get(`${P}/destinations/worker-1/requests`, () =>
      HttpResponse.json(fx.requestsAt()),
    ),
  ];
}
