/**
 * Scaffolder actions that request Kratix resources from Backstage templates.
 *
 * @packageDocumentation
 */

export { scaffolderModuleKratix as default } from './module';
export { createKratixResourceCreateAction } from './actions/createKratixResourceCreateAction';
export { createKratixResourceManifestAction } from './actions/createKratixResourceManifestAction';
export { createKratixResourceWaitAction } from './actions/createKratixResourceWaitAction';
