import { expect, Page } from '@playwright/test';

/** The app's sidebar. */
export const sidebar = (page: Page) =>
  page.getByRole('navigation', { name: 'sidebar nav' });

/** Signs in through the guest provider, as a new user of the demo would. */
export async function signInAsGuest(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  await expect(
    sidebar(page).getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();
}
