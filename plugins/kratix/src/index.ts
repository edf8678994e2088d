/**
 * The Kratix frontend plugin.
 *
 * For apps on the new frontend system, use the default export of
 * `@kratix-backstage/plugin-kratix/alpha`.
 *
 * @packageDocumentation
 */

export { kratixApiRef, KratixClient } from './api';
export type { KratixApi, KratixHealth } from './api';
