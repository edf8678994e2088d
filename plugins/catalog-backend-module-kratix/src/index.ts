/**
 * Catalog module for Kratix: Promises, resource requests and Destinations of every Kratix
 * platform as catalog entities, and a Software Template per Promise.
 *
 * @packageDocumentation
 */

export { catalogModuleKratixEntityProvider as default } from './catalogModuleKratixEntityProvider';
export { KratixEntityProvider } from './KratixEntityProvider';
export {
  KRATIX_CATALOG_REQUESTS_LABEL,
  type KratixPlatformCatalogConfig,
} from './requestsInCatalog';
