import {
  convertLegacyRouteRef,
  convertLegacyRouteRefs,
} from '@backstage/core-compat-api';
import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import { KratixIcon } from '../components/KratixIcon';
import { createTemplateRouteRef, rootRouteRef } from '../routes';
import { kratixApi } from './apis';
import { kratixEntityCard } from './entityCards';
import { kratixEntityContent } from './entityContents';
import { kratixRequestPreviewFormField } from './formFields';
import { kratixPage } from './pages';

/**
 * The Kratix plugin for the new frontend system: the `/kratix` page, the Kratix tab and
 * card on entities annotated with `kratix.io/type`, the scaffolder's
 * `KratixRequestPreview` field, and the backend client.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'kratix',
  title: 'Kratix',
  icon: <KratixIcon />,
  info: { packageJson: () => import('../../package.json') },
  extensions: [
    kratixApi,
    kratixPage,
    kratixEntityContent,
    kratixEntityCard,
    kratixRequestPreviewFormField,
  ],
  routes: { root: convertLegacyRouteRef(rootRouteRef) },
  externalRoutes: convertLegacyRouteRefs({
    createTemplate: createTemplateRouteRef,
  }),
});
