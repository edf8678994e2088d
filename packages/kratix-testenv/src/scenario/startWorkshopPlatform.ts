import { workshopScenario } from '@kratix-backstage/kratix-simulation';
import { resolveBinaries } from '../binaries/resolveBinaries';
import { PipelineRunner } from '../kratix/PipelineRunner';
import type { KratixDriver } from '../kratix/KratixDriver';
import { RealKratix } from '../kratix/RealKratix';
import type {
  KratixTestEnvironment,
  KratixTestEnvironmentOptions,
} from '../KratixTestEnvironment';
import { resolveReferenceData } from '../referenceData';
import { KratixSimulator } from '../simulator';
import { startKratixTestEnvironment } from '../startKratixTestEnvironment';

/**
 * Set to `simulator` to run the workshop suites on the simulator even when the real
 * Kratix was built (`real` makes its absence an error instead of a fallback).
 *
 * @public
 */
export const KRATIX_MODE_ENV = 'KRATIX_TESTENV_KRATIX';

/** What {@link startWorkshopPlatform} started. */
export interface WorkshopPlatform {
  env: KratixTestEnvironment;
  /** The real Kratix controller, or the simulator standing in for it. */
  kratix: KratixDriver;
  /** Stops Kratix (or the simulator), then the environment. */
  stop(): Promise<void>;
}

/**
 * Which Kratix the workshop suites run on: the real controller when scripts/k8s-binaries.sh
 * built it from KRATIX_SOURCE_DIR and this machine can run its pipeline Pods, else the
 * simulator; with the reason, for the test output.
 *
 * @public
 */
export async function resolveKratixMode(
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ mode: 'real' | 'simulator'; why: string }> {
  const wanted = env[KRATIX_MODE_ENV];
  if (wanted === 'simulator') {
    return { mode: 'simulator', why: `${KRATIX_MODE_ENV}=simulator` };
  }
  const binaries = await resolveBinaries();
  let why: string | undefined;
  if (!binaries.kratix) {
    why = env.KRATIX_SOURCE_DIR
      ? `KRATIX_SOURCE_DIR=${env.KRATIX_SOURCE_DIR} did not build (see scripts/k8s-binaries.sh's output)`
      : 'KRATIX_SOURCE_DIR is not set';
  } else {
    why = await PipelineRunner.check().then(
      () => undefined,
      (error: Error) => error.message,
    );
  }
  if (why && wanted === 'real')
    throw new Error(`${KRATIX_MODE_ENV}=real, but ${why}`);
  return why
    ? { mode: 'simulator', why }
    : {
        mode: 'real',
        why: `the controller and pipeline-adapter built from ${
          env.KRATIX_SOURCE_DIR ?? 'KRATIX_SOURCE_DIR'
        }`,
      };
}

/**
 * The test environment after Kratix played the workshop's scenario (the elastic-cloud
 * Promise, its two requests with their pipeline runs, Works and placements, the worker
 * Destination): on the real Kratix controller when it is available, else on the simulator
 * with Kratix's CRDs from the reference data. Prints which, naming the suite.
 */
export async function startWorkshopPlatform(
  options: Pick<KratixTestEnvironmentOptions, 'flux'> & { suite?: string } = {},
): Promise<WorkshopPlatform> {
  const { mode, why } = await resolveKratixMode();
  // eslint-disable-next-line no-console
  console.log(
    `[kratix-testenv] ${options.suite ?? 'workshop'} suite: ${
      mode === 'real' ? 'real Kratix' : 'the Kratix simulator'
    } (${why})`,
  );
  const env = await startKratixTestEnvironment({
    flux: options.flux,
    ...(mode === 'real'
      ? { kratix: 'real' as const }
      : { crdDirs: { kratix: resolveReferenceData().kratixCrdDir } }),
  });
  try {
    const kratix: KratixDriver =
      mode === 'real'
        ? new RealKratix(env)
        : new KratixSimulator({
            platform: env.platform.kubeConfig,
            setPodLogs: env.platform.setPodLogs!,
            stateStore: env.stateStore,
          });
    await kratix.playScenario(workshopScenario);
    return {
      env,
      kratix,
      async stop() {
        await kratix.stop();
        await env.stop();
      },
    };
  } catch (error) {
    await env.stop();
    throw error;
  }
}
