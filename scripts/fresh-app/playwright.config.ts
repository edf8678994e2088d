import { defineConfig } from '@playwright/test';

// The fresh-app test's browser tests (scripts/fresh-app.sh), against a brand-new app made
// by create-app with the plugins installed from a local registry. In Debian's Chromium
// (apt-get install chromium), never a downloaded browser.
const chromium = process.env.KRATIX_CHROMIUM_PATH ?? '/usr/bin/chromium';
const jsonFile = process.env.FRESH_APP_PLAYWRIGHT_JSON;

export default defineConfig({
  testDir: 'e2e',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  workers: 1,
  forbidOnly: true,
  retries: 0,
  reporter: jsonFile
    ? [['list'], ['json', { outputFile: jsonFile }]]
    : [['list']],
  outputDir: process.env.FRESH_APP_OUTPUT_DIR ?? '/tmp/fresh-app-test-results',
  use: {
    baseURL: process.env.FRESH_APP_URL ?? 'http://localhost:3000',
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
