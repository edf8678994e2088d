import { useRouteRef } from '@backstage/core-plugin-api';
import type { KratixObjectRef, KratixRequestRef } from '../api';
import { rootRouteRef } from '../routes';

/** Paths of the plugin's own views of Kratix objects (deep links under `/kratix`). */
export interface KratixLinks {
  overview: string;
  promise(ref: KratixObjectRef): string;
  request(ref: KratixRequestRef): string;
  destination(ref: KratixObjectRef): string;
}

const enc = encodeURIComponent;

/** Builds the deep-link paths from the mount point of the Kratix page. */
export function kratixLinks(root: string): KratixLinks {
  const base = root.replace(/\/$/, '');
  return {
    overview: base || '/',
    promise: r =>
      `${base}/platforms/${enc(r.platform)}/promises/${enc(r.name)}`,
    request: r =>
      `${base}/platforms/${enc(r.platform)}/requests/${enc(r.namespace)}/${enc(
        r.promise,
      )}/${enc(r.name)}`,
    destination: r =>
      `${base}/platforms/${enc(r.platform)}/destinations/${enc(r.name)}`,
  };
}

/**
 * Links to the plugin's views, or undefined when the app has no Kratix page (then
 * names show as text).
 */
export function useKratixLinks(): KratixLinks | undefined {
  let root: string | undefined;
  try {
    // Always called, once: the try only catches the throw it ends with (after running
    // its own hooks) when the app has no Kratix page, so hook order never changes.
    // eslint-disable-next-line react-hooks/rules-of-hooks
    root = useRouteRef(rootRouteRef)();
  } catch {
    root = undefined;
  }
  return root === undefined ? undefined : kratixLinks(root);
}
