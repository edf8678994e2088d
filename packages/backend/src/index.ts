import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

backend.add(import('@backstage/plugin-events-backend'));

backend.add(import('@backstage/plugin-permission-backend'));
backend.add(
  import('@backstage/plugin-permission-backend-module-allow-all-policy'),
);

backend.add(import('@backstage/plugin-scaffolder-backend'));

backend.add(import('@backstage/plugin-signals-backend'));

backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));

// Kratix: the backend plugin (REST API, platforms), the catalog module, the scaffolder
// actions, and the demo platform (kratix.demo.enabled: false turns it off).
backend.add(import('@kratix-backstage/plugin-kratix-backend'));
backend.add(import('@kratix-backstage/plugin-catalog-backend-module-kratix'));
backend.add(import('@kratix-backstage/plugin-kratix-backend-module-demo'));
backend.add(
  import('@kratix-backstage/plugin-scaffolder-backend-module-kratix'),
);

backend.start();
