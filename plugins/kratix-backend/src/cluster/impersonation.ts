import type { KratixImpersonation } from '@kratix-backstage/plugin-kratix-node';
import { type Dispatcher, getGlobalDispatcher } from 'undici';
import { hasControlCharacters } from '../identity/templates';

/** Kubernetes' impersonation headers (`k8s.io/api/authentication/v1`). */
export const IMPERSONATE_USER_HEADER = 'Impersonate-User';
export const IMPERSONATE_GROUP_HEADER = 'Impersonate-Group';

function checkValue(what: string, value: string) {
  // No control characters: an HTTP header value cannot hold them unsplit.
  if (!value || value.trim() !== value || hasControlCharacters(value)) {
    throw new Error(
      `Cannot impersonate ${what} ${JSON.stringify(
        value,
      )}: it must be non-empty, without control characters or surrounding spaces`,
    );
  }
}

/**
 * The headers a request impersonating `impersonation` carries: `Impersonate-User` once
 * and `Impersonate-Group` once per group, each its own header line (the API server
 * takes each line as one group; a comma-joined line would be one group named "a, b").
 * Groups are sent once each, in order. Throws on a value a header cannot carry.
 */
export function impersonationHeaders(
  impersonation: KratixImpersonation,
): Record<string, string | string[]> {
  checkValue('user', impersonation.user);
  const groups = [...new Set(impersonation.groups)];
  groups.forEach(g => checkValue('group', g));
  return {
    [IMPERSONATE_USER_HEADER]: impersonation.user,
    ...(groups.length ? { [IMPERSONATE_GROUP_HEADER]: groups } : {}),
  };
}

function lowerCaseKeys(headers: Record<string, string | string[]>) {
  return Object.fromEntries(
    Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]),
  );
}

type Pairs = Array<[string, string | string[] | undefined]>;

/** The request's headers as name/value pairs, whatever form undici was given them in. */
function pairsOf(headers: Dispatcher.DispatchOptions['headers']): Pairs {
  if (!headers) return [];
  if (Array.isArray(headers)) {
    // A flat [name, value, name, value, ...] list.
    const pairs: Pairs = [];
    for (let i = 0; i + 1 < headers.length; i += 2)
      pairs.push([String(headers[i]), headers[i + 1]]);
    return pairs;
  }
  if (typeof (headers as any)[Symbol.iterator] === 'function')
    return Array.from(headers as Iterable<Pairs[number]>);
  return Object.entries(headers as Record<string, string | string[]>);
}

/**
 * The request's headers without any impersonation it carried, plus `added` (lower-case
 * names), as a plain object: an array value becomes one header line per element.
 */
export function withHeaders(
  headers: Dispatcher.DispatchOptions['headers'],
  added: Record<string, string | string[]>,
): Record<string, string | string[]> {
  const merged: Record<string, string | string[]> = {};
  for (const [name, value] of pairsOf(headers)) {
    const key = name.toLowerCase();
    if (key in added || value === undefined) continue;
    const before = merged[key];
    merged[key] =
      before === undefined
        ? value
        : [
            ...(Array.isArray(before) ? before : [before]),
            ...(Array.isArray(value) ? value : [value]),
          ];
  }
  return { ...merged, ...added };
}

/**
 * A dispatcher that sends every request through `dispatcher` (the cluster's connection
 * pool, or undici's global one) with the impersonation headers added. `fetch` joins
 * repeated headers into one comma-separated line, so they are added below it, where
 * undici sends an array value as one line per element.
 */
export function impersonatingDispatcher(
  dispatcher: Dispatcher | undefined,
  impersonation: KratixImpersonation,
): Dispatcher {
  const added = lowerCaseKeys(impersonationHeaders(impersonation));
  return (dispatcher ?? getGlobalDispatcher()).compose(
    dispatch => (options, handler) =>
      dispatch(
        { ...options, headers: withHeaders(options.headers, added) },
        handler,
      ),
  );
}
