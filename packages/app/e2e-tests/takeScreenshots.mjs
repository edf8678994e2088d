// Saves a screenshot of each Kratix view of the demo platform to docs/screenshots/.
// Start the app first (`yarn start`), then, from the repository root:
//   node packages/app/e2e-tests/takeScreenshots.mjs
// Uses Debian's Chromium (KRATIX_CHROMIUM_PATH to change it) through Playwright's
// library, like the e2e tests; never a downloaded browser.
import { chromium } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const say = text => process.stdout.write(`${text}\n`);

const base = process.env.PLAYWRIGHT_URL ?? 'http://localhost:3000';
const out = process.env.KRATIX_SCREENSHOTS_DIR ?? join('docs', 'screenshots');
mkdirSync(out, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.KRATIX_CHROMIUM_PATH ?? '/usr/bin/chromium',
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
});

// The dev backend restarts when code changes; try a view again before giving up.
async function shoot(name, path, height, prepare) {
  for (let attempt = 1; ; attempt++) {
    try {
      await shootOnce(name, path, height, prepare);
      return;
    } catch (error) {
      if (attempt === 3) throw error;
      say(`retrying ${name}: ${error.message.split('\n')[0]}`);
    }
  }
}

async function shootOnce(name, path, height, prepare) {
  const page = await browser.newPage({ viewport: { width: 1440, height } });
  await page.goto(`${base}/`);
  await page.getByRole('button', { name: 'Enter' }).click();
  await page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'Catalog', exact: true })
    .waitFor();
  await page.goto(`${base}${path}`);
  try {
    await prepare(page);
    await page.waitForTimeout(1000);
    await page.screenshot({ path: join(out, `${name}.png`) });
  } finally {
    await page.close();
  }
  say(`saved ${join(out, `${name}.png`)}`);
}

const R = '/kratix/platforms/demo/requests/default/elastic-cloud';

await shoot('overview', '/kratix', 1250, async page => {
  await page.getByRole('table', { name: 'Destinations' }).waitFor();
});

await shoot('request', `${R}/second-request`, 2250, async page => {
  await page.getByText('Worker health: worker-1').waitFor();
  await page.getByTestId('flux-kratix-worker-resources').waitFor();
});

await shoot('request-log', `${R}/second-request`, 1400, async page => {
  await page
    .getByRole('button', { name: 'Log of pipeline-stage-0' })
    .first()
    .click();
  await page.getByText('End of log: the stage has finished.').waitFor();
  const log = page.getByTestId('kratix-log-lines');
  await log.getByPlaceholder('Search').fill('eck');
  await log.evaluate(el => el.scrollIntoView({ block: 'center' }));
});

await shoot('request-follow', `${R}/example`, 1400, async page => {
  await page.getByRole('button', { name: 'Re-run' }).click();
  const newest = page.getByRole('table', { name: /^Stages of / }).first();
  await newest
    .getByTestId('stage-pipeline-stage-0')
    .getByText('running')
    .waitFor({ timeout: 20_000 });
  await newest.getByRole('button', { name: 'Log of pipeline-stage-0' }).click();
  await page.getByText('Generate ECK requests...').waitFor({ timeout: 20_000 });
  await page
    .getByTestId('kratix-log-lines')
    .evaluate(el => el.scrollIntoView({ block: 'center' }));
});

await shoot(
  'promise',
  '/kratix/platforms/demo/promises/elastic-cloud',
  1900,
  async page => {
    await page.getByRole('table', { name: 'API fields' }).waitFor();
  },
);

await shoot(
  'destination',
  '/kratix/platforms/demo/destinations/worker-1',
  1500,
  async page => {
    await page
      .getByRole('table', { name: 'Requests placed on worker-1' })
      .waitFor();
    await page.getByTestId('flux-kratix-worker-resources').waitFor();
  },
);

// Entity pages, when the Kratix catalog sync has created entities.
const backend = process.env.PLAYWRIGHT_BACKEND_URL ?? 'http://localhost:7007';
const refresh = await fetch(
  `${backend}/api/auth/guest/refresh?env=development`,
  {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  },
);
const token = (await refresh.json()).backstageIdentity.token;
const entities = await (
  await fetch(
    `${backend}/api/catalog/entities?filter=metadata.annotations.kratix.io/type`,
    {
      headers: { Authorization: `Bearer ${token}` },
    },
  )
).json();
const entityPath = type => {
  const e = entities.find(
    x =>
      x.metadata.annotations?.['kratix.io/type'] === type &&
      (type !== 'resource' ||
        x.metadata.annotations?.['kratix.io/name'] === 'second-request'),
  );
  return (
    e &&
    `/catalog/${e.metadata.namespace ?? 'default'}/${e.kind.toLowerCase()}/${
      e.metadata.name
    }`
  );
};
if (entityPath('resource')) {
  await shoot(
    'entity-request-overview',
    entityPath('resource'),
    1150,
    async page => {
      await page.getByTestId('kratix-request-message').waitFor();
    },
  );
  await shoot(
    'entity-request-kratix-tab',
    `${entityPath('resource')}/kratix`,
    2300,
    async page => {
      await page.getByTestId('flux-kratix-worker-resources').waitFor();
    },
  );
}
if (entityPath('promise')) {
  await shoot(
    'entity-promise-kratix-tab',
    `${entityPath('promise')}/kratix`,
    1500,
    async page => {
      await page.getByRole('table', { name: 'API fields' }).waitFor();
    },
  );
}
if (entityPath('destination')) {
  await shoot(
    'entity-destination-kratix-tab',
    `${entityPath('destination')}/kratix`,
    1500,
    async page => {
      await page
        .getByRole('table', { name: 'Requests placed on worker-1' })
        .waitFor();
    },
  );
}
if (!entities.length) say('no Kratix catalog entities: entity pages not shot');

await browser.close();
