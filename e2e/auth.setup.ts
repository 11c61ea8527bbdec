import { expect, test as setup } from '@playwright/test';
import { ADMIN, STATE, signIn, VIEWER } from './support';

setup(
  'a bad sign-in is refused without saying which part was wrong, then the admin signs in',
  async ({ page }) => {
    await page.goto('/admin/models');
    await expect(page).toHaveURL(/\/login/);
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'do not match' })).toHaveText(
      'That email and password do not match an account.',
    );
    await page.getByLabel('Email').fill('nobody@e2e.test');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'do not match' })).toHaveText(
      'That email and password do not match an account.',
    );

    await signIn(page, ADMIN);
    await page.context().storageState({ path: STATE.admin });
  },
);

setup('the viewer signs in', async ({ page }) => {
  await signIn(page, VIEWER);
  await page.context().storageState({ path: STATE.viewer });
});
