import type { Config } from '@backstage/config';
import { KRATIX_DEMO_PLATFORM } from '@kratix-backstage/plugin-kratix-common';

/** The `kratix.demo` config, parsed. */
export interface DemoConfig {
  enabled: boolean;
  name: string;
  title: string;
  /** Requests the demo keeps besides the scenario's own. */
  maxRequests: number;
  /** Show the demo's examples (a run waiting to retry, health records, versions, ...). */
  examples: boolean;
}

/**
 * Reads `kratix.demo`. With this module installed the demo is on unless
 * `kratix.demo.enabled` is `false`.
 */
export function readDemoConfig(root: Config): DemoConfig {
  const demo = root.getOptionalConfig('kratix.demo');
  const maxRequests = demo?.getOptionalNumber('maxRequests') ?? 50;
  if (!Number.isInteger(maxRequests) || maxRequests < 0 || maxRequests > 1000) {
    throw new Error(
      `Invalid Kratix config at 'kratix.demo.maxRequests': ${maxRequests} is not a whole number from 0 to 1000`,
    );
  }
  return {
    enabled: demo?.getOptionalBoolean('enabled') ?? true,
    name: KRATIX_DEMO_PLATFORM,
    title: demo?.getOptionalString('title') ?? 'Kratix workshop (demo data)',
    maxRequests,
    examples: demo?.getOptionalBoolean('examples') ?? true,
  };
}
