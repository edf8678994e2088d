import { createApiRef } from '@backstage/frontend-plugin-api';

/**
 * What `GET /api/kratix/health` answers.
 *
 * @public
 */
export interface KratixHealth {
  status: string;
}

/**
 * The browser's client of the Kratix backend plugin.
 *
 * @public
 */
export interface KratixApi {
  getHealth(): Promise<KratixHealth>;
}

/** @public */
export const kratixApiRef = createApiRef<KratixApi>({ id: 'plugin.kratix' });
