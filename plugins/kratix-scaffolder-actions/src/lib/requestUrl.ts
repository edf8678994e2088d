import type { RootConfigService } from '@backstage/backend-plugin-api';
import { requestEntityName } from '@kratix-backstage/plugin-kratix-common';

/**
 * The request's catalog page: absolute when `app.baseUrl` is configured, so the task
 * log shows a link a user can follow.
 */
export function requestUrl(
  config: RootConfigService | undefined,
  target: {
    platform: string;
    promise: string;
    namespace: string;
    name: string;
  },
): string {
  const path = `/catalog/default/resource/${requestEntityName(
    target.platform,
    target.namespace,
    target.promise,
    target.name,
  )}`;
  const base = config?.getOptionalString('app.baseUrl')?.replace(/\/+$/, '');
  return base ? `${base}${path}` : path;
}
