import {
  ApiBlueprint,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { kratixApiRef, KratixClient } from '../api';

/** The Kratix backend client. */
export const kratixApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: kratixApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new KratixClient(deps),
    }),
});
