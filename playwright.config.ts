import { defineConfig } from '@playwright/test';

// Browser tests run in Debian's Chromium (apt-get install chromium), never a downloaded
// browser. scripts/test.sh starts the app (`yarn start`) before running them; to run them
// by hand, start the app yourself and run `yarn playwright test`.
const chromium = process.env.KRATIX_CHROMIUM_PATH ?? '/usr/bin/chromium';
const jsonFile = process.env.KRATIX_PLAYWRIGHT_JSON;

export default defineConfig({
  testDir: 'packages/app/e2e-tests',
  timeout: 90_000,
  expect: { timeout: 30_000 },
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: jsonFile
    ? [['list'], ['json', { outputFile: jsonFile }]]
    : [['list']],
  outputDir: 'node_modules/.cache/e2e-test-results',
  use: {
    baseURL: process.env.PLAYWRIGHT_URL ?? 'http://localhost:3000',
    screenshot: 'only-on-failure',
    browserName: 'chromium',
    channel: undefined,
    launchOptions: {
      executablePath: chromium,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
