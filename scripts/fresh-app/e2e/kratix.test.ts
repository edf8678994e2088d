import { APIRequestContext, expect, Page, test } from '@playwright/test';

// Runs in a brand-new Backstage app (create-app, FRESH_APP_KIND=new: new frontend system;
// legacy: `create-app --legacy`, classic frontend system) with the Kratix plugins
// installed as their READMEs say, from packages resolved by name, and the demo module
// providing the Kratix workshop: Promise elastic-cloud, requests example and
// second-request, Destination worker-1 whose worker refuses second-request's duplicate CRDs.
// scripts/fresh-app.sh starts the app and runs these.

const kind = process.env.FRESH_APP_KIND ?? 'new';
const backend = process.env.FRESH_APP_BACKEND_URL ?? 'http://localhost:7007';
const DUPLICATE_CRD = 'may not add resource with an already registered id';

const sidebar = (page: Page) =>
  page.getByRole('navigation', { name: 'sidebar nav' });

const table = (page: Page, name: string | RegExp) =>
  page.getByRole('table', { name, exact: typeof name === 'string' });

/** Guest sign-in, as create-app's template configures it; then the sidebar has Kratix. */
async function signInAsGuest(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  await expect(
    sidebar(page).getByRole('link', { name: 'Kratix', exact: true }),
  ).toBeVisible();
}

async function guestToken(request: APIRequestContext) {
  const refresh = await request.get(
    `${backend}/api/auth/guest/refresh?env=development`,
    { headers: { 'X-Requested-With': 'XMLHttpRequest' } },
  );
  expect(refresh.ok()).toBe(true);
  return (await refresh.json()).backstageIdentity.token as string;
}

test(`${kind} app: the Kratix page in the sidebar shows the demo platform's overview`, async ({
  page,
}) => {
  await signInAsGuest(page);
  await sidebar(page)
    .getByRole('link', { name: 'Kratix', exact: true })
    .click();
  await expect(page).toHaveURL(/\/kratix$/);
  await expect(
    page.getByRole('heading', { name: 'Platform overview' }),
  ).toBeVisible();
  await expect(page.getByTestId('kratix-demo-chip').first()).toHaveText(
    'Demo data',
  );
  await expect(page.getByLabel('Promises: 1')).toBeVisible();
  // The workshop's two requests and the demo's eight examples of what can go wrong.
  await expect(page.getByLabel('Requests: 10')).toBeVisible();
  await expect(page.getByLabel('Destinations: 1')).toBeVisible();

  const requests = table(page, 'Requests');
  await expect(
    requests.getByRole('link', { name: 'example', exact: true }),
  ).toBeVisible();
  await expect(
    requests.getByRole('link', { name: 'second-request', exact: true }),
  ).toBeVisible();
  const destination = table(page, 'Destinations').getByRole('row').nth(1);
  await expect(destination).toContainText('worker-1');
  await expect(destination).toContainText('demo-worker-1: unhealthy');
});

test(`${kind} app: a request's pipeline stages, a stage's log, its placement on worker-1 and the worker's health`, async ({
  page,
}) => {
  await signInAsGuest(page);
  await page.goto(
    '/kratix/platforms/demo/requests/default/elastic-cloud/second-request',
  );
  await expect(
    page.getByRole('heading', { name: 'default/second-request' }),
  ).toBeVisible();
  await expect(page.getByTestId('kratix-request-message')).toHaveText(
    'Resource requested',
  );
  // Its message is Kratix's; its state is what the worker did.
  await expect(
    page.getByText('failing on worker-1', { exact: true }),
  ).toBeVisible();
  await expect(
    page.getByTestId('kratix-request-worker-worker-1'),
  ).toContainText('On worker-1: failing — kustomize build failed');

  // The run's stages, in the order Kratix runs them.
  const stages = table(
    page,
    /^Stages of kratix-elastic-cloud-second-request-/,
  ).first();
  const rows = stages.getByRole('row');
  await expect(rows).toHaveCount(5);
  for (const [i, stage] of [
    'reader',
    'pipeline-stage-0',
    'work-writer',
    'status-writer',
  ].entries()) {
    await expect(rows.nth(i + 1)).toContainText(stage);
    await expect(rows.nth(i + 1)).toContainText('succeeded');
  }

  // A stage's log.
  await stages.getByRole('button', { name: 'Log of pipeline-stage-0' }).click();
  const log = page.getByTestId('kratix-log-lines');
  await expect(log).toContainText('Downloading CRDS...');
  await expect(log).toContainText('Copying files to /kratix/output...');
  await expect(page.getByTestId('kratix-log-status')).toHaveText(
    'End of log: the stage has finished.',
  );

  // Where its output went: Work -> workload group -> Destination worker-1.
  const placed = table(page, /^Destinations of elastic-cloud-second-request-/);
  await expect(placed.getByRole('link', { name: 'worker-1' })).toBeVisible();
  await expect(placed).toContainText('Workloads written to State Store');

  // The worker it landed on, refusing the duplicate CRDs as in the workshop.
  await expect(page.getByText('Worker health: worker-1')).toBeVisible();
  const failing = page.getByTestId('flux-kratix-worker-resources');
  await expect(failing).toContainText('kustomize build failed');
  await expect(failing.locator('mark')).toHaveText(DUPLICATE_CRD);
});

test(`${kind} app: the catalog has the request, with the Kratix status card and the Kratix tab`, async ({
  page,
  request,
}) => {
  // The catalog module's first sync runs at start-up; give it time to land.
  const token = await guestToken(request);
  let name = '';
  await expect
    .poll(
      async () => {
        const res = await request.get(
          `${backend}/api/catalog/entities?filter=kind=resource,metadata.annotations.kratix.io/name=second-request`,
          { headers: { Authorization: `Bearer ${token}` } },
        );
        const entities = res.ok() ? await res.json() : [];
        name = entities[0]?.metadata?.name ?? '';
        return name;
      },
      { timeout: 60_000 },
    )
    .not.toBe('');

  await signInAsGuest(page);
  await page.goto(`/catalog/default/resource/${name}`);
  await expect(page.getByText('Kratix status')).toBeVisible();
  await expect(page.getByTestId('kratix-request-message')).toHaveText(
    'Resource requested',
  );

  await page
    .locator(`a[href$="/catalog/default/resource/${name}/kratix"]`)
    .click();
  await expect(page).toHaveURL(/\/kratix$/);
  const stages = table(
    page,
    /^Stages of kratix-elastic-cloud-second-request-/,
  ).first();
  await expect(stages.getByRole('row')).toHaveCount(5);
  await expect(
    page.getByTestId('flux-kratix-worker-resources').locator('mark'),
  ).toHaveText(DUPLICATE_CRD);
});

test(`${kind} app: the Promise's generated Template requests an elastic-cloud through the scaffolder actions`, async ({
  page,
}) => {
  test.setTimeout(180_000);
  const name = `fresh-${kind}`;
  await signInAsGuest(page);
  await page.goto('/create');
  // Among the template's own example template: the one the catalog module made from the
  // Promise (Template kratix-<platform>-<promise>).
  await expect(
    page.getByRole('heading', {
      name: 'elastic-cloud (Kratix workshop (demo data))',
    }),
  ).toBeVisible();
  await page.goto('/create/templates/default/kratix-demo-elastic-cloud');
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill(name);
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Next' }).click();
  // The Preview step: the KratixRequestPreview field the README installs shows the files
  // the demo's DryRun says the pipeline would write.
  await expect(page.getByTestId('kratix-preview-note')).toBeVisible({
    timeout: 30_000,
  });
  await expect(page.getByTestId('kratix-preview-summary')).toContainText(
    'Kratix Dry Run Summary',
  );
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page).toHaveURL(/\/create\/tasks\//);
  await page.getByRole('button', { name: 'Show Logs' }).click();
  await expect(
    page.getByText(
      `Kratix finished the elastic-cloud request default/${name}: Resource requested`,
    ),
  ).toBeVisible({ timeout: 90_000 });

  await page.goto(
    `/kratix/platforms/demo/requests/default/elastic-cloud/${name}`,
  );
  await expect(page.getByTestId('kratix-request-message')).toHaveText(
    'Resource requested',
  );
  await expect(
    table(page, new RegExp(`^Stages of kratix-elastic-cloud-${name}-`))
      .first()
      .getByTestId('stage-status-writer'),
  ).toContainText('succeeded');
});
