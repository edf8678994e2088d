import { workshopScenario } from '@kratix-backstage/plugin-kratix-node';
import type {
  KratixTestEnvironment,
  KratixTestEnvironmentOptions,
} from '../KratixTestEnvironment';
import { resolveReferenceData } from '../referenceData';
import { KratixSimulator } from '../simulator';
import { startKratixTestEnvironment } from '../startKratixTestEnvironment';

/** What {@link startWorkshopPlatform} started. */
export interface WorkshopPlatform {
  env: KratixTestEnvironment;
  sim: KratixSimulator;
  /** Stops the simulator, then the environment. */
  stop(): Promise<void>;
}

/**
 * The test environment with Kratix's CRDs (from the reference data when configured) and
 * the simulator, after it played the workshop's scenario: the elastic-cloud Promise, its
 * two requests with their pipeline runs, Works and placements, and the worker Destination.
 */
export async function startWorkshopPlatform(
  options: Pick<KratixTestEnvironmentOptions, 'flux'> = {},
): Promise<WorkshopPlatform> {
  const env = await startKratixTestEnvironment({
    ...options,
    crdDirs: { kratix: resolveReferenceData().kratixCrdDir },
  });
  try {
    const sim = new KratixSimulator({
      platform: env.platform.kubeConfig,
      setPodLogs: env.platform.setPodLogs!,
      stateStore: env.stateStore,
    });
    await sim.playScenario(workshopScenario);
    return {
      env,
      sim,
      async stop() {
        await sim.stop();
        await env.stop();
      },
    };
  } catch (error) {
    await env.stop();
    throw error;
  }
}
