// Every page names itself, the main navigation links every page and marks the current one, the home page has
// the same navigation and Sign out as the admin pages, a skip link leads past the header, and the favicon exists.
import { expect, test } from '@playwright/test';
import { STATE } from './support';

const PAGES = [
  { path: '/', title: 'Overview · Model Registry', link: 'Overview' },
  { path: '/admin/models', title: 'Models · Model Registry', link: 'Models' },
  { path: '/admin/sync', title: 'Sync · Model Registry', link: 'Sync' },
  { path: '/admin/access', title: 'Access · Model Registry', link: 'Access' },
  { path: '/admin/audit', title: 'Audit log · Model Registry', link: 'Audit log' },
  { path: '/admin/users', title: 'Users · Model Registry', link: 'Users' },
];

test.describe('navigation', () => {
  test.use({ storageState: STATE.admin });

  test('each page has its own title and marks itself in the main navigation', async ({ page }) => {
    for (const { path, title, link } of PAGES) {
      await page.goto(path);
      await expect(page).toHaveTitle(title);
      const nav = page.getByRole('navigation', { name: 'Main' });
      for (const other of PAGES) await expect(nav.getByRole('link', { name: other.link })).toBeVisible();
      await expect(nav.getByRole('link', { name: link })).toHaveAttribute('aria-current', 'page');
      await expect(nav.locator('[aria-current="page"]')).toHaveCount(1);
      await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
    }
    // A model's history belongs to Models.
    await page.goto('/admin/models');
    // A click that lands while React hydrates the page does nothing (as in users.spec.ts): click until it moves on.
    const history = page.getByRole('link', { name: /^History of / }).first();
    await expect(async () => {
      if (!page.url().includes('/history')) await history.click();
      await expect(page).toHaveTitle('Model history · Model Registry', { timeout: 1000 });
    }).toPass();
    await expect(
      page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Models' }),
    ).toHaveAttribute('aria-current', 'page');
  });

  test('the skip link is the first stop and moves focus to the main content', async ({ page }) => {
    await page.goto('/admin/models');
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to main content' });
    await expect(skip).toBeFocused();
    await expect(skip).toBeVisible();
    await page.keyboard.press('Enter');
    await expect(page.locator('main#main')).toBeFocused();
  });

  test('the favicon is served', async ({ request }) => {
    const response = await request.get('/favicon.ico');
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toMatch(/image\/(x-icon|vnd\.microsoft\.icon)/);
  });
});

test.describe('navigation as a viewer', () => {
  test.use({ storageState: STATE.viewer });

  test('links every page a viewer may open, and not Users', async ({ page }) => {
    await page.goto('/');
    const nav = page.getByRole('navigation', { name: 'Main' });
    for (const link of ['Overview', 'Models', 'Sync', 'Access', 'Audit log'])
      await expect(nav.getByRole('link', { name: link })).toBeVisible();
    await expect(nav.getByRole('link', { name: 'Users' })).toHaveCount(0);
  });
});

test.describe('the sign-in page', () => {
  test('has its own title and no navigation', async ({ page }) => {
    await page.goto('/login');
    await expect(page).toHaveTitle('Sign in · Model Registry');
    await expect(page.getByRole('navigation', { name: 'Main' })).toHaveCount(0);
  });
});
