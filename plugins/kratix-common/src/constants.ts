/**
 * The Backstage plugin id of the Kratix plugins (`/api/kratix`).
 *
 * @public
 */
export const KRATIX_PLUGIN_ID = 'kratix';

/**
 * The API group of Kratix's own kinds (Promise, Work, WorkPlacement, Destination, ...).
 *
 * @public
 */
export const KRATIX_PLATFORM_GROUP = 'platform.kratix.io';
