import { APIRequestContext, expect, test } from '@playwright/test';
import { signInAsGuest } from './signIn';

// The entity pages of the Kratix objects the catalog sync creates (annotated with
// kratix.io/type). Skipped, saying why, when the running backend has none.

const backend = process.env.PLAYWRIGHT_BACKEND_URL ?? 'http://localhost:7007';

type CatalogEntity = {
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    annotations?: Record<string, string>;
  };
};

async function kratixEntities(
  request: APIRequestContext,
): Promise<CatalogEntity[]> {
  const refresh = await request.get(
    `${backend}/api/auth/guest/refresh?env=development`,
    {
      headers: { 'X-Requested-With': 'XMLHttpRequest' },
    },
  );
  const token = (await refresh.json()).backstageIdentity.token;
  const res = await request.get(
    `${backend}/api/catalog/entities?filter=metadata.annotations.kratix.io/type`,
    { headers: { Authorization: `Bearer ${token}` } },
  );
  return res.ok() ? res.json() : [];
}

const entityPath = (e: CatalogEntity) =>
  `/catalog/${e.metadata.namespace ?? 'default'}/${e.kind.toLowerCase()}/${
    e.metadata.name
  }`;

const find = (
  entities: CatalogEntity[],
  type: string,
  key: string,
  value: string,
) =>
  entities.find(
    e =>
      e.metadata.annotations?.['kratix.io/type'] === type &&
      e.metadata.annotations?.[key] === value,
  );

let entities: CatalogEntity[] = [];

test.beforeAll(async ({ request }) => {
  entities = await kratixEntities(request);
});

test.beforeEach(() => {
  test.skip(
    entities.length === 0,
    'No catalog entity carries kratix.io/type: the Kratix catalog sync is not running',
  );
});

test("a request's entity page: the status card, and the Kratix tab with runs and worker health", async ({
  page,
}) => {
  const entity = find(
    entities,
    'resource',
    'kratix.io/name',
    'second-request',
  )!;
  expect(entity).toBeDefined();
  // The catalog judges it by what worker-1 did with its output.
  expect(entity.metadata.labels?.['kratix.io/worker']).toBe('failing');
  expect(entity.metadata.tags).toContain('worker-failing');
  await signInAsGuest(page);
  await page.goto(entityPath(entity));

  await expect(page.getByText('Kratix status')).toBeVisible();
  await expect(page.getByTestId('kratix-request-message')).toHaveText(
    'Resource requested',
  );
  await expect(
    page.getByRole('listitem', { name: 'Reconciled True: Reconciled' }),
  ).toBeVisible();
  await expect(
    page.getByText('failing on worker-1', { exact: true }),
  ).toBeVisible();
  await expect(
    page.getByTestId('kratix-request-worker-worker-1'),
  ).toContainText('On worker-1: failing — kustomize build failed');

  // The entity page's "Kratix" tab (a link, like the sidebar's, but to the entity).
  await page.locator(`a[href="${entityPath(entity)}/kratix"]`).click();
  await expect(page).toHaveURL(/\/kratix$/);
  const stages = page
    .getByRole('table', {
      name: /^Stages of kratix-elastic-cloud-second-request-/,
    })
    .first();
  await expect(stages.getByRole('row')).toHaveCount(5);
  await stages.getByRole('button', { name: 'Log of status-writer' }).click();
  await expect(page.getByTestId('kratix-log-lines')).toContainText(
    'Status updated: Resource requested',
  );
  await expect(
    page.getByTestId('flux-kratix-worker-resources').locator('mark'),
  ).toHaveText('may not add resource with an already registered id');
});

test("a Promise's entity page: its API and the button to its generated Template", async ({
  page,
}) => {
  const entity = find(
    entities,
    'promise',
    'kratix.io/promise-name',
    'elastic-cloud',
  )!;
  expect(entity).toBeDefined();
  await signInAsGuest(page);
  await page.goto(`${entityPath(entity)}/kratix`);

  await expect(
    page.getByRole('table', { name: 'API fields' }).getByRole('row').nth(1),
  ).toContainText('spec.enableDataCollection');
  await expect(
    page.getByText('kratix-workshop/elastic-pipeline:dev'),
  ).toBeVisible();
  const template =
    entity.metadata.annotations?.['kratix.io/backstage-promise-template'];
  const button = page.getByRole('button', { name: 'Request elastic-cloud' });
  if (template) {
    await expect(button).toHaveAttribute(
      'href',
      `/create/templates/default/${template}`,
    );
  } else {
    await expect(button).toBeVisible();
  }
});

test("a Destination's entity page: readiness and the requests placed there", async ({
  page,
}) => {
  const entity = find(
    entities,
    'destination',
    'kratix.io/destination-name',
    'worker-1',
  )!;
  expect(entity).toBeDefined();
  await signInAsGuest(page);
  await page.goto(`${entityPath(entity)}/kratix`);

  await expect(page.getByText('Destination worker-1')).toBeVisible();
  const placed = page.getByRole('table', {
    name: 'Requests placed on worker-1',
  });
  await expect(
    placed.getByRole('link', { name: 'second-request', exact: true }),
  ).toBeVisible();
  await expect(page.getByText('Worker health: worker-1')).toBeVisible();
});
