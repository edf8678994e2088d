import { expect, test } from '@playwright/test';
import { sidebar, signInAsGuest } from './signIn';

test('a guest signs in and sees the catalog', async ({ page }) => {
  await signInAsGuest(page);

  await expect(
    page.getByRole('heading', { name: 'Kratix demo Catalog' }),
  ).toBeVisible();
  await expect(
    sidebar(page).getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();
  await expect(
    sidebar(page).getByRole('link', { name: 'Kratix', exact: true }),
  ).toBeVisible();
});

test('the Kratix page reaches the Kratix backend', async ({ page }) => {
  await signInAsGuest(page);

  await sidebar(page)
    .getByRole('link', { name: 'Kratix', exact: true })
    .click();
  await expect(page).toHaveURL(/\/kratix$/);
  await expect(
    page.getByRole('heading', { name: 'Platform overview' }),
  ).toBeVisible();
  await expect(
    page.getByText('Platforms: Kratix workshop (demo data)'),
  ).toBeVisible();
});
