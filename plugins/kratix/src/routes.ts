import {
  createExternalRouteRef,
  createRouteRef,
} from '@backstage/core-plugin-api';

/** The Kratix overview page, and the deep-link views under it. */
export const rootRouteRef = createRouteRef({ id: 'kratix' });

/**
 * A Template's page in the scaffolder, for a Promise's "Request one" button. Bound by
 * default to the scaffolder plugin in apps on the new frontend system.
 */
export const createTemplateRouteRef = createExternalRouteRef({
  id: 'kratix-create-template',
  optional: true,
  params: ['namespace', 'templateName'],
  defaultTarget: 'scaffolder.selectedTemplate',
});
