import { PipelineRunner } from './PipelineRunner';

/**
 * `describe` for a suite that needs the real Kratix controller (KRATIX_SOURCE_DIR set,
 * not KRATIX_TESTENV_KRATIX=simulator, and a pipeline runner that can make private
 * mounts), else `describe.skip`; either way it writes one line saying which, and why.
 */
export function describeOnRealKratix(suite: string): jest.Describe {
  const runner = PipelineRunner.canRun();
  let why: string | undefined;
  if (!process.env.KRATIX_SOURCE_DIR) why = 'KRATIX_SOURCE_DIR is not set';
  else if (process.env.KRATIX_TESTENV_KRATIX === 'simulator')
    why = 'KRATIX_TESTENV_KRATIX=simulator';
  else if (!runner.ok) why = runner.why;
  // Jest shows no console output of a skipped file: write the line straight to the output.
  process.stdout.write(
    `[kratix-testenv] ${suite}: ${
      why
        ? `SKIPPED (${why})`
        : `runs on the controller built from KRATIX_SOURCE_DIR=${process.env.KRATIX_SOURCE_DIR}`
    }\n`,
  );
  return why ? describe.skip : describe;
}
