import { expect, Page, test } from '@playwright/test';
import { sidebar, signInAsGuest } from './signIn';

// Runs against the demo platform of a freshly started app (`yarn start`): the Kratix
// workshop, with Promise elastic-cloud, requests example and second-request (and the
// demo's examples, demoExamples.test.ts), and a
// worker whose Kustomization fails on second-request's duplicate CRDs.

const DUPLICATE_CRD = 'may not add resource with an already registered id';

async function openOverview(page: Page) {
  await signInAsGuest(page);
  await sidebar(page)
    .getByRole('link', { name: 'Kratix', exact: true })
    .click();
  await expect(
    page.getByRole('heading', { name: 'Platform overview' }),
  ).toBeVisible();
}

const table = (page: Page, name: string) =>
  page.getByRole('table', { name, exact: true });

async function openRequest(page: Page, name: string) {
  await openOverview(page);
  await table(page, 'Requests')
    .getByRole('link', { name, exact: true })
    .click();
  await expect(page).toHaveURL(
    new RegExp(
      `/kratix/platforms/demo/requests/default/elastic-cloud/${name}$`,
    ),
  );
  await expect(page.getByTestId('kratix-request-message')).toBeVisible();
}

test('the overview shows Promises, requests, Destinations and worker health at a glance', async ({
  page,
}) => {
  await openOverview(page);

  await expect(page.getByTestId('kratix-demo-chip').first()).toHaveText(
    'Demo data',
  );
  await expect(page.getByLabel('Promises: 1')).toBeVisible();
  await expect(page.getByLabel('Requests: 10')).toBeVisible();
  await expect(page.getByLabel('Destinations: 1')).toBeVisible();
  await expect(page.getByLabel('Worker clusters: 1')).toBeVisible();

  const promise = table(page, 'Promises').getByRole('row').nth(1);
  await expect(promise).toContainText('elastic-cloud');
  await expect(promise).toContainText('Available');
  await expect(promise).toContainText(
    'elastic-cloud (workshop.kratix.io/v1alpha1)',
  );

  const requests = table(page, 'Requests');
  await expect(
    requests.getByRole('link', { name: 'example', exact: true }),
  ).toBeVisible();
  await expect(
    requests.getByRole('link', { name: 'second-request', exact: true }),
  ).toBeVisible();
  // Kratix's part succeeded, but worker-1's Flux refuses its output.
  await expect(
    requests.getByRole('row').filter({
      has: page.getByRole('link', { name: 'second-request', exact: true }),
    }),
  ).toContainText('failing on worker-1');

  const destination = table(page, 'Destinations').getByRole('row').nth(1);
  await expect(destination).toContainText('worker-1');
  await expect(destination).toContainText('GitStateStore/default');
  await expect(destination).toContainText('demo-worker-1: unhealthy');
  await expect(destination).toContainText(
    'kratix-worker-resources: BuildFailed',
  );
});

test("a request's view: status, runs with their stages, a stage's log, placement and the failing worker", async ({
  page,
}) => {
  await openRequest(page, 'second-request');

  await expect(
    page.getByRole('heading', { name: 'default/second-request' }),
  ).toBeVisible();
  await expect(page.getByTestId('kratix-request-message')).toHaveText(
    'Resource requested',
  );
  await expect(
    page.getByRole('listitem', { name: 'Reconciled True: Reconciled' }),
  ).toBeVisible();
  // Its message is Kratix's; its state is what the worker did.
  await expect(
    page.getByText('failing on worker-1', { exact: true }),
  ).toBeVisible();
  await expect(
    page.getByTestId('kratix-request-worker-worker-1'),
  ).toContainText('On worker-1: failing — kustomize build failed');
  await expect(
    page.getByRole('listitem', {
      name: 'ConfigureWorkflowCompleted True: PipelinesExecutedSuccessfully',
    }),
  ).toBeVisible();

  // The run's stages, in the order Kratix runs them.
  const stages = page
    .getByRole('table', {
      name: /^Stages of kratix-elastic-cloud-second-request-/,
    })
    .first();
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
  await expect(stages.getByTestId('stage-pipeline-stage-0')).toContainText(
    '14 s',
  );

  // The stage's log: read, searched, downloaded.
  await stages.getByRole('button', { name: 'Log of pipeline-stage-0' }).click();
  const log = page.getByTestId('kratix-log-lines');
  await expect(log).toContainText('Downloading CRDS...');
  await expect(log).toContainText('Copying files to /kratix/output...');
  await expect(page.getByTestId('kratix-log-status')).toHaveText(
    'End of log: the stage has finished.',
  );
  // The viewer's own search: it counts the matches and steps through them.
  const search = log.getByPlaceholder('Search');
  await search.fill('downloading');
  await expect(log.getByText('1/2', { exact: true })).toBeVisible();
  await search.press('Enter');
  await expect(log.getByText('2/2', { exact: true })).toBeVisible();
  const download = page.waitForEvent('download');
  await log.getByRole('button', { name: 'Download logs' }).click();
  expect((await download).suggestedFilename()).toMatch(
    /^kratix-elastic-cloud-second-request-resource-configure-.*_pipeline-stage-0\.log$/,
  );

  // Where its output went: Work -> workload group -> Destination.
  await expect(page.getByText('environment=dev (from promise)')).toBeVisible();
  await expect(page.getByText('elastic-crds.yaml').first()).toBeVisible();
  const placed = page.getByRole('table', {
    name: /^Destinations of elastic-cloud-second-request-/,
  });
  await expect(placed.getByRole('link', { name: 'worker-1' })).toBeVisible();
  await expect(placed).toContainText('Workloads written to State Store');

  // The worker it landed on, as `kubectl get kustomizations` shows it in the workshop.
  await expect(page.getByText('Worker health: worker-1')).toBeVisible();
  const failing = page.getByTestId('flux-kratix-worker-resources');
  await expect(failing).toContainText('False');
  await expect(failing).toContainText(
    'kustomize build failed: accumulating resources',
  );
  await expect(failing.locator('mark')).toHaveText(DUPLICATE_CRD);
  await expect(
    page.getByTestId('flux-kratix-worker-dependencies'),
  ).toContainText('True');
  await expect(
    page.getByRole('link', {
      name: 'elastic-cloud request default/second-request',
    }),
  ).toBeVisible();
});

test('following the log of a pipeline that runs: lines arrive live until the stage ends', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await openRequest(page, 'example');

  await page.getByRole('button', { name: 'Re-run' }).click();
  await expect(
    page.getByText(
      'Kratix re-runs the resource.configure workflow of elastic-cloud request default/example',
    ),
  ).toBeVisible();
  await expect(page.getByTestId('kratix-live')).toBeVisible();
  await expect(page.getByTestId('kratix-request-message')).toHaveText(
    'Pending',
  );

  // The newest run is first and open: follow its Promise stage.
  const newest = page
    .getByRole('table', { name: /^Stages of kratix-elastic-cloud-example-/ })
    .first();
  await expect(newest.getByTestId('stage-pipeline-stage-0')).toContainText(
    'running',
    { timeout: 20_000 },
  );
  await newest.getByRole('button', { name: 'Log of pipeline-stage-0' }).click();
  await expect(page.getByRole('switch', { name: 'Follow' })).toBeChecked();
  const status = page.getByTestId('kratix-log-status');
  await expect(status).toHaveText(
    'Following: new lines appear as the stage writes them…',
  );
  const log = page.getByTestId('kratix-log-lines');
  await expect(log).toContainText('Downloading CRDS...');
  await expect(log).not.toContainText('Done');
  // More lines arrive while the stage runs, then the stream ends with the container.
  await expect(log).toContainText('Done', { timeout: 30_000 });
  await expect(status).toHaveText('End of log: the stage has finished.');

  // The view stops refreshing once the run is over.
  await expect(page.getByTestId('kratix-live')).toBeHidden({ timeout: 30_000 });
  await expect(page.getByTestId('kratix-request-message')).toHaveText(
    'Resource requested',
  );
  await expect(newest.getByTestId('stage-status-writer')).toContainText(
    'succeeded',
  );
});

test("a Promise's view: its API, workflows, selectors, runs, requests and Template", async ({
  page,
}) => {
  await openOverview(page);
  await table(page, 'Promises')
    .getByRole('link', { name: 'elastic-cloud' })
    .click();
  await expect(page).toHaveURL(
    /\/kratix\/platforms\/demo\/promises\/elastic-cloud$/,
  );

  await expect(
    page.getByRole('heading', { name: 'elastic-cloud', exact: true }),
  ).toBeVisible();
  const field = table(page, 'API fields').getByRole('row').nth(1);
  await expect(field).toContainText('spec.enableDataCollection');
  await expect(field).toContainText('boolean');
  await expect(field).toContainText('optional');
  await expect(field).toContainText(
    'If enabled, you will receive tools for metric, log, and trace collection',
  );
  await expect(
    page.getByText('kratix-workshop/elastic-pipeline:dev'),
  ).toBeVisible();
  await expect(
    page.getByText('environment=dev', { exact: true }),
  ).toBeVisible();
  await expect(page.getByText('Requires no other Promise.')).toBeVisible();
  await expect(
    page.getByText(
      'This Promise has no promise.configure workflow, so it has no runs of its own.',
    ),
  ).toBeVisible();
  const requests = table(page, 'Requests of elastic-cloud');
  await expect(
    requests.getByRole('link', { name: 'example', exact: true }),
  ).toBeVisible();
  await expect(
    requests.getByRole('link', { name: 'second-request', exact: true }),
  ).toBeVisible();
  await expect(
    page.getByRole('button', { name: 'Request elastic-cloud' }),
  ).toBeVisible();
});

test("a Destination's view: readiness, state store, the requests placed there and its worker", async ({
  page,
}) => {
  await openOverview(page);
  await table(page, 'Destinations')
    .getByRole('link', { name: 'worker-1' })
    .click();
  await expect(page).toHaveURL(
    /\/kratix\/platforms\/demo\/destinations\/worker-1$/,
  );

  await expect(page.getByText('Destination worker-1')).toBeVisible();
  await expect(
    page
      .getByText('TestDocumentsWritten: Test documents written to State Store')
      .first(),
  ).toBeVisible();
  await expect(table(page, 'State store')).toContainText(
    'https://git.kratix-demo.invalid/platform/state-store.git',
  );
  const placed = table(page, 'Requests placed on worker-1');
  await expect(
    placed.getByRole('link', { name: 'example', exact: true }),
  ).toBeVisible();
  await expect(
    placed.getByRole('link', { name: 'second-request', exact: true }),
  ).toBeVisible();
  await expect(
    page.getByTestId('flux-kratix-worker-resources').locator('mark'),
  ).toHaveText(DUPLICATE_CRD);
});

test('pause and resume a request; deleting asks first', async ({ page }) => {
  await openRequest(page, 'second-request');

  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(
    page.getByText(
      'Kratix stops reconciling elastic-cloud request default/second-request until it is resumed',
    ),
  ).toBeVisible();
  await expect(page.getByRole('button', { name: 'Resume' })).toBeVisible();
  await expect(page.getByText('paused', { exact: true }).first()).toBeVisible();

  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible();
  await expect(page.getByTestId('kratix-request-message')).toHaveText(
    'Resource requested',
  );

  await page.getByRole('button', { name: 'Delete' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText(
    'Delete elastic-cloud request default/second-request?',
  );
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('kratix-request-message')).toHaveText(
    'Resource requested',
  );
});

test('a deep link that names nothing says where the views are', async ({
  page,
}) => {
  await signInAsGuest(page);
  await page.goto('/kratix/platforms/demo/nothing-here');
  await expect(
    page.getByText('There is no Kratix view at this address'),
  ).toBeVisible();
  await page.goto('/kratix/platforms/demo/requests/default/elastic-cloud/nope');
  await expect(
    page.getByText(/Could not find elastic-cloud request default\/nope/),
  ).toBeVisible();
  await expect(
    page.getByText(
      /No elastic-cloud request 'default\/nope' on Kratix platform 'demo'/,
    ),
  ).toBeVisible();
});
