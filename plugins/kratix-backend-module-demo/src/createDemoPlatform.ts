import { workshopScenario } from '@kratix-backstage/kratix-simulation';
import { DemoKratixSource } from './DemoKratixSource';
import { DemoWorkerSource } from './DemoWorkerSource';
import { DemoWorld } from './DemoWorld';
import type { KratixPlatform } from '@kratix-backstage/plugin-kratix-node';

/**
 * The built-in demo platform: the workshop "delivering your service on demand" in
 * memory, with one worker per Destination of the scenario.
 *
 * @public
 */
export function createDemoPlatform(options: {
  name: string;
  title: string;
  clock?: () => number;
  /** Requests the demo keeps besides the workshop's own (default 50). */
  maxRequests?: number;
  /**
   * Add the demo's examples besides the workshop (a run waiting to retry, degraded and
   * unhealthy health records, a failed upgrade, a failed delete, unscheduled and
   * misplaced Works; the Promise at version v0.2.0). Default false; the module turns
   * them on unless `kratix.demo.examples` is false.
   */
  examples?: boolean;
}): KratixPlatform {
  const world = new DemoWorld(workshopScenario, options.clock, {
    maxRequests: options.maxRequests,
    examples: options.examples,
  });
  return {
    name: options.name,
    title: options.title,
    demo: true,
    connection: 'demo',
    kratix: new DemoKratixSource(world, `${options.name}-platform`),
    workers: workshopScenario.destinations.map(d => ({
      name: `${options.name}-${d.name}`,
      destination: d.name,
      connection: 'demo' as const,
      source: new DemoWorkerSource(world, `${options.name}-${d.name}`, d.path),
    })),
  };
}
