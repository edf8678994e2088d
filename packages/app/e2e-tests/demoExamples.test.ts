import { expect, Page, test } from '@playwright/test';
import { signInAsGuest } from './signIn';

// The demo's examples (kratix.demo.examples, on with the start command): one request
// per state the newest Kratix reports, each visible to a new user. The backend module's
// DemoWorld.examples.test.ts checks the objects; this checks that the app shows them.

const REQUESTS = '/kratix/platforms/demo/requests/default/elastic-cloud';

const table = (page: Page, name: string) =>
  page.getByRole('table', { name, exact: true });

async function openRequest(page: Page, name: string) {
  await signInAsGuest(page);
  await page.goto(`${REQUESTS}/${name}`);
  await expect(
    page.getByRole('heading', { name: `default/${name}` }),
  ).toBeVisible();
}

/** Kratix's reason and message, verbatim, with the line on what to do next. */
async function expectExplained(
  page: Page,
  reason: string,
  message: string | RegExp,
) {
  const explained = page
    .getByTestId('kratix-condition-explained')
    .filter({ hasText: reason })
    .first();
  await expect(explained).toBeVisible();
  await expect(explained).toContainText(message);
  await expect(explained).toContainText('What to do:');
}

test('a configure run waiting to retry: its message, attempts and next retry', async ({
  page,
}) => {
  await openRequest(page, 'retrying-search');
  const control = page.getByRole('region', { name: 'Workflow control' });
  await expect(control).toBeVisible();
  await expect(control).toContainText('Waiting to retry');
  await expect(control).toContainText('resource-configure');
  await expect(page.getByTestId('kratix-workflow-control-message')).toHaveText(
    'Waiting for the elastic-system storage quota to be approved (ticket OPS-4711)',
  );
  await expect(control).toContainText('Attempt 2');
  await expect(control).toContainText(/Next retry in \d+/);
  await expect(
    control.getByRole('button', { name: 'Resume workflow' }),
  ).toBeVisible();
  await expectExplained(page, 'WorkflowSuspended', 'Suspended');
});

test('a degraded health record on its request', async ({ page }) => {
  await openRequest(page, 'degraded-search');
  await expect(page.getByTestId('kratix-request-health').first()).toContainText(
    /degraded/i,
  );
  const records = page.getByRole('list', { name: 'Health records' });
  await expect(records).toContainText('default/degraded-search-cluster-health');
  await expect(records).toContainText(/degraded/i);
  await expect(records).toContainText('2 replica shards are unassigned');
});

test('the unhealthy request in the health filter of the overview', async ({
  page,
}) => {
  await signInAsGuest(page);
  await page.goto('/kratix');
  await expect(
    page.getByRole('heading', { name: 'Platform overview' }),
  ).toBeVisible();
  const requests = table(page, 'Requests');
  await expect(
    requests.getByRole('link', { name: 'example', exact: true }),
  ).toBeVisible();
  await page.getByRole('button', { name: /Filter by health/ }).click();
  await page.getByRole('option', { name: 'unhealthy', exact: true }).click();
  await expect(
    requests.getByRole('link', { name: 'unhealthy-search', exact: true }),
  ).toBeVisible();
  await expect(
    requests.getByRole('link', { name: 'example', exact: true }),
  ).toHaveCount(0);
  await expect(
    requests.getByRole('link', { name: 'degraded-search', exact: true }),
  ).toHaveCount(0);
});

test("the Promise's two revisions and the requests each serves", async ({
  page,
}) => {
  await signInAsGuest(page);
  await page.goto('/kratix/platforms/demo/promises/elastic-cloud');
  const revisions = table(page, 'Promise revisions');
  await expect(revisions).toBeVisible();
  const newer = revisions.getByRole('row').filter({ hasText: 'v0.2.0' });
  const older = revisions.getByRole('row').filter({ hasText: 'v0.1.0' });
  await expect(newer).toContainText('latest');
  await expect(older).toBeVisible();
  await expect(older).not.toContainText('latest');
});

test('a failed upgrade: ConfigureWorkflowFailed, the failed version and the hints', async ({
  page,
}) => {
  await openRequest(page, 'failing-search');
  await expectExplained(
    page,
    'ConfigureWorkflowFailed',
    'A Configure Pipeline has failed: resource-configure',
  );
  const version = table(page, 'Promise version');
  await expect(version).toContainText('Failed version');
  await expect(version).toContainText('v0.2.0');
  await expect(version).toContainText('v0.1.0');
  await expectExplained(
    page,
    'UpgradeFailed',
    'A Configure Pipeline has failed: resource-configure',
  );
});

test('a paused request and a failed delete workflow, with their reasons', async ({
  page,
}) => {
  await openRequest(page, 'paused-search');
  await expectExplained(page, 'PausedReconciliation', 'Paused');

  await page.goto(`${REQUESTS}/deleting-search`);
  await expectExplained(
    page,
    'DeleteWorkflowFailed',
    'The Delete Pipeline has failed',
  );
  await expect(page.getByText('resource-delete').first()).toBeVisible();
});

test('an unscheduled Work and a misplaced WorkPlacement, with their reasons', async ({
  page,
}) => {
  await openRequest(page, 'unscheduled-search');
  await expect(
    page.getByText(/Not scheduled to any Destination/).first(),
  ).toBeVisible();
  await expectExplained(
    page,
    'UnscheduledWorkloads',
    /No matching destination found for workloadGroups: \[[0-9a-f]{32}\]/,
  );

  await page.goto(`${REQUESTS}/misplaced-search`);
  await expect(
    page.getByText('misplaced: the Destination no longer matches').first(),
  ).toBeVisible();
  await expectExplained(
    page,
    'DestinationSelectorMismatch',
    'Target destination no longer matches destinationSelectors',
  );
});

test('where each request was placed: the Destinations column and the request page', async ({
  page,
}) => {
  await signInAsGuest(page);
  await page.goto('/kratix');
  const requests = table(page, 'Requests');
  const example = requests.getByRole('row').filter({
    has: page.getByRole('link', { name: 'example', exact: true }),
  });
  await expect(
    example.getByRole('list', { name: 'Destinations' }),
  ).toContainText('worker-1');
  const unscheduled = requests.getByRole('row').filter({
    has: page.getByRole('link', { name: 'unscheduled-search', exact: true }),
  });
  await expect(
    unscheduled.getByRole('list', { name: 'Destinations' }),
  ).toHaveCount(0);

  await page.goto(`${REQUESTS}/example`);
  await expect(
    page.getByRole('list', { name: 'Destinations' }).first(),
  ).toContainText('worker-1');
});

test('resuming the suspended workflow runs it now, and it succeeds', async ({
  page,
}) => {
  await openRequest(page, 'retrying-search');
  await page
    .getByRole('region', { name: 'Workflow control' })
    .getByRole('button', { name: 'Resume workflow' })
    .click();
  await expect(
    page.getByRole('region', { name: 'Workflow control' }),
  ).toBeHidden();
  await expect(page.getByTestId('kratix-request-message')).toHaveText(
    'Resource requested',
    { timeout: 60_000 },
  );
});
