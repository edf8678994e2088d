import { createApp } from '@backstage/frontend-defaults';
import { navModule } from './modules/nav';

/**
 * The app discovers its plugins from this package's dependencies
 * (`app.packages: all` in app-config.yaml); only app-specific modules are listed here.
 */
export default createApp({
  features: [navModule],
});
