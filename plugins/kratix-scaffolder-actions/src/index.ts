/**
 * Scaffolder actions that request Kratix resources from Backstage templates.
 *
 * @packageDocumentation
 */

export { scaffolderModuleKratix as default } from './module';
export { createKratixResourceManifestAction } from './actions/createKratixResourceManifestAction';
