/*
 * Run by the teardown tests as a separate Node process:
 *   node --require @backstage/cli/config/nodeTransform.cjs startEnvironmentChild.ts [--no-flux]
 * Starts an environment, prints one JSON line `{"ready":true,"workDir":...,"pids":[...]}`
 * on stdout, and then waits to be killed. It never calls stop(): what happens to the
 * processes when it dies is exactly what the tests check.
 */
import { startKratixTestEnvironment } from '../startKratixTestEnvironment';

async function main() {
  const env = await startKratixTestEnvironment({
    flux: !process.argv.includes('--no-flux'),
  });
  process.stdout.write(
    `${JSON.stringify({
      ready: true,
      workDir: env.workDir,
      pids: env.pids(),
      timings: env.timings,
      memory: env.memory(),
    })}\n`,
  );
  setInterval(() => {}, 1 << 30);
}

main().catch(error => {
  process.stdout.write(
    `${JSON.stringify({
      ready: false,
      error: String(error?.stack ?? error),
    })}\n`,
  );
  process.exit(1);
});
