import { expect, Page, test } from '@playwright/test';

async function signInAsGuest(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  await expect(
    page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();
}

test('a guest signs in and sees the catalog', async ({ page }) => {
  await signInAsGuest(page);

  await expect(page.getByRole('heading', { name: 'Kratix demo Catalog' })).toBeVisible();
  const nav = page.getByRole('navigation', { name: 'sidebar nav' });
  await expect(nav.getByRole('link', { name: 'Catalog', exact: true })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Kratix', exact: true })).toBeVisible();
});

test('the Kratix page reaches the Kratix backend', async ({ page }) => {
  await signInAsGuest(page);

  await page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'Kratix', exact: true })
    .click();
  await expect(page).toHaveURL(/\/kratix$/);
  await expect(page.getByText('Kratix backend: ok')).toBeVisible();
});
