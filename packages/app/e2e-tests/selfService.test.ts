import { expect, test } from '@playwright/test';
import { sidebar, signInAsGuest } from './signIn';

// A new user's first request on the embedded demo platform, from the generated
// Software Template to the worker that refuses it, then its deletion. Runs after the
// other suites (file order) and removes what it made, so they see the workshop as is.

const backend = process.env.PLAYWRIGHT_BACKEND_URL ?? 'http://localhost:7007';
const NAME = 'third-request';
const REQUEST_PAGE = `/kratix/platforms/demo/requests/default/elastic-cloud/${NAME}`;

// A run that failed half-way may have left the request behind: start without it.
test.beforeAll(async ({ request }) => {
  const refresh = await request.get(
    `${backend}/api/auth/guest/refresh?env=development`,
    { headers: { 'X-Requested-With': 'XMLHttpRequest' } },
  );
  const token = (await refresh.json()).backstageIdentity.token;
  const res = await request.delete(
    `${backend}/api/kratix/platforms/demo/requests/default/elastic-cloud/${NAME}`,
    { headers: { Authorization: `Bearer ${token}` } },
  );
  expect([200, 202, 204, 404]).toContain(res.status());
});

test('a guest requests an elastic-cloud from the template, watches it delivered and refused by the worker, then deletes it', async ({
  page,
  context,
}) => {
  test.setTimeout(180_000);
  await signInAsGuest(page);
  // A second tab for the request's page, opened on the overview first so that the app
  // is loaded before the pipeline's 14-second stage starts.
  const view = await context.newPage();
  await view.goto('/kratix');
  await expect(
    view.getByRole('heading', { name: 'Platform overview' }),
  ).toBeVisible();

  // Create -> the elastic-cloud template -> name -> Create.
  await sidebar(page)
    .getByRole('link', { name: 'Create', exact: true })
    .click();
  const card = page
    .getByRole('article')
    .filter({ hasText: 'elastic-cloud (Kratix workshop (demo data))' });
  await card.getByRole('button', { name: 'Choose' }).click();
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill(NAME);
  await expect(page.getByRole('textbox', { name: 'Namespace' })).toHaveValue(
    'default',
  );
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(
    page.getByRole('checkbox', { name: /enableDataCollection|Enable/i }),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Next' }).click();
  // The Preview step: the demo's Kratix answers a DryRun with the files the pipeline
  // would write for this input, and its summary.
  await expect(page.getByTestId('kratix-preview-note')).toBeVisible({
    timeout: 30_000,
  });
  await expect(page.getByTestId('kratix-preview-summary')).toContainText(
    'Kratix Dry Run Summary',
  );
  await expect(page.getByTestId('kratix-preview-summary')).toContainText(
    '4 added · 0 modified · 0 removed',
  );
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page).toHaveURL(/\/create\/tasks\//);
  await page.getByRole('button', { name: 'Show Logs' }).click();

  // The task log follows the pipeline stage by stage.
  await expect(
    page.getByText(
      'Stage pipeline-stage-0 of pipeline resource-configure: running',
    ),
  ).toBeVisible({ timeout: 30_000 });

  // Meanwhile, the request's page shows the stage running, and its live log.
  await view.goto(REQUEST_PAGE);
  await expect(view.getByTestId('kratix-demo-chip').first()).toHaveText(
    'Demo data',
  );
  const stages = view
    .getByRole('table', {
      name: /^Stages of kratix-elastic-cloud-third-request-/,
    })
    .first();
  await expect(stages.getByTestId('stage-reader')).toContainText('succeeded');
  await expect(stages.getByTestId('stage-pipeline-stage-0')).toContainText(
    'running',
  );
  await stages.getByRole('button', { name: 'Log of pipeline-stage-0' }).click();
  await expect(view.getByTestId('kratix-log-lines')).toContainText(
    'Downloading CRDS...',
  );

  // The task ends with the outcome: Kratix delivered it, the worker refused it.
  await expect(
    page.getByText(
      'Stage status-writer of pipeline resource-configure: succeeded',
    ),
  ).toBeVisible({ timeout: 60_000 });
  await expect(
    page.getByText(
      'Kratix finished the elastic-cloud request default/third-request: Resource requested',
    ),
  ).toBeVisible();
  const failure = page
    .getByText(
      'Worker demo-worker-1 of Destination worker-1 could not apply the elastic-cloud request default/third-request: its output holds CustomResourceDefinition elasticsearches.elasticsearch.k8s.elastic.co',
    )
    .first();
  await expect(failure).toBeVisible({ timeout: 30_000 });
  await expect(
    page
      .getByRole('link', {
        name: 'http://localhost:3000/catalog/default/resource/demo-default-elastic-cloud-third-request',
      })
      .first(),
  ).toBeVisible();
  // One line, no stack trace.
  await expect(page.getByText(/at .*\.(js|ts):\d+/)).toHaveCount(0);

  // The request's page after the run: every stage done, the Work placed on worker-1,
  // and the worker's failure that it is part of.
  await view.reload();
  await expect(view.getByTestId('kratix-request-message')).toHaveText(
    'Resource requested',
  );
  for (const stage of [
    'reader',
    'pipeline-stage-0',
    'work-writer',
    'status-writer',
  ]) {
    await expect(
      view
        .getByRole('table', {
          name: /^Stages of kratix-elastic-cloud-third-request-/,
        })
        .first()
        .getByTestId(`stage-${stage}`),
    ).toContainText('succeeded');
  }
  const placed = view.getByRole('table', {
    name: /^Destinations of elastic-cloud-third-request-/,
  });
  await expect(placed.getByRole('link', { name: 'worker-1' })).toBeVisible();
  await expect(placed).toContainText('Workloads written to State Store');
  await expect(view.getByTestId('kratix-worker-blames-request')).toContainText(
    "demo-worker-1 could not apply this request's output",
  );
  await expect(view.getByTestId('kratix-worker-blames-request')).toContainText(
    'CustomResourceDefinition elasticsearches.elasticsearch.k8s.elastic.co',
  );
  await expect(
    view.getByRole('link', {
      name: 'elastic-cloud request default/third-request',
    }),
  ).toBeVisible();

  // Delete it: it goes from the views (and the catalog).
  await view.getByRole('button', { name: 'Delete' }).click();
  const dialog = view.getByRole('dialog');
  await expect(dialog).toContainText(
    'Delete elastic-cloud request default/third-request?',
  );
  await dialog.getByRole('button', { name: 'Delete' }).click();
  await expect(view).not.toHaveURL(new RegExp(`${REQUEST_PAGE}$`));
  await view.goto('/kratix');
  await expect(
    view.getByRole('heading', { name: 'Platform overview' }),
  ).toBeVisible();
  await expect(
    view
      .getByRole('table', { name: 'Requests', exact: true })
      .getByRole('link', { name: 'example', exact: true }),
  ).toBeVisible();
  await expect(
    view
      .getByRole('table', { name: 'Requests', exact: true })
      .getByRole('link', { name: NAME, exact: true }),
  ).toHaveCount(0);
  await view.goto(
    '/catalog/default/resource/demo-default-elastic-cloud-third-request',
  );
  await expect(view.getByText(/not found|no entity/i).first()).toBeVisible({
    timeout: 30_000,
  });
});
