import { expect, type APIRequestContext, test } from '@playwright/test';
import { sidebar, signInAsGuest } from './signIn';

// The requester is notified: the demo's own requests belong to the platform team (they
// name no requester), so the guest makes one from the generated template and watches
// the bell. Removes its request afterwards, so later suites see the workshop as is.

const backend = process.env.PLAYWRIGHT_BACKEND_URL ?? 'http://localhost:7007';
const NAME = 'notified-request';
const API_REQUEST = `${backend}/api/kratix/platforms/demo/requests/default/elastic-cloud/${NAME}`;

async function guestToken(request: APIRequestContext) {
  const refresh = await request.get(
    `${backend}/api/auth/guest/refresh?env=development`,
    { headers: { 'X-Requested-With': 'XMLHttpRequest' } },
  );
  return (await refresh.json()).backstageIdentity.token as string;
}

async function deleteRequest(request: APIRequestContext) {
  const res = await request.delete(API_REQUEST, {
    headers: { Authorization: `Bearer ${await guestToken(request)}` },
  });
  expect([200, 202, 204, 404]).toContain(res.status());
}

test.beforeAll(async ({ request }) => deleteRequest(request));
test.afterAll(async ({ request }) => deleteRequest(request));

test('the guest requests an elastic-cloud and the bell tells them it is configured, with a link to its entity', async ({
  page,
  request,
}) => {
  test.setTimeout(180_000);
  await signInAsGuest(page);
  const bell = sidebar(page).getByRole('link', { name: /Notifications/ });
  await expect(bell).toBeVisible();
  const unread = bell.getByRole('grid', { name: 'Unread notifications' });
  // What the guest has unread already (earlier runs against the same backend).
  const status = await request.get(`${backend}/api/notifications/status`, {
    headers: { Authorization: `Bearer ${await guestToken(request)}` },
  });
  expect(status.status()).toBe(200);
  const before: number = (await status.json()).unread;
  if (before) await expect(unread).toHaveText(String(before));
  else await expect(unread).toHaveCount(0);

  await sidebar(page)
    .getByRole('link', { name: 'Create', exact: true })
    .click();
  await page
    .getByRole('article')
    .filter({ hasText: 'elastic-cloud (Kratix workshop (demo data))' })
    .getByRole('button', { name: 'Choose' })
    .click();
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill(NAME);
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByTestId('kratix-preview-note')).toBeVisible({
    timeout: 30_000,
  });
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page).toHaveURL(/\/create\/tasks\//);

  // The pipeline runs for about 20 seconds; the bell counts the notification as it
  // arrives (pushed by signals), without a reload.
  await expect(unread).toHaveText(String(before + 1), { timeout: 90_000 });

  await bell.click();
  await expect(page).toHaveURL(/\/notifications/);
  // Newest on top (a rerun against the same backend finds the earlier run's too).
  const configured = page
    .getByText(`elastic-cloud request default/${NAME} is configured`)
    .first();
  await expect(configured).toBeVisible();
  await expect(
    page
      .getByText(
        /Its configure workflow succeeded for generation 1 on Kratix platform/,
      )
      .first(),
  ).toBeVisible();
  // The notification links to the request's catalog entity.
  await configured.click();
  await expect(page).toHaveURL(
    new RegExp(`/catalog/default/resource/demo-default-elastic-cloud-${NAME}$`),
  );
});
