import { expect, test } from '@playwright/test';
import { database, STATE } from './support';

test.describe('the sync page', () => {
  test.use({ storageState: STATE.admin });

  test('previews the sync plan without writing, then runs it; both are logged as ui runs', async ({
    page,
  }) => {
    await page.goto('/admin/sync');
    await expect(page.getByRole('heading', { name: 'Sync' })).toBeVisible();
    await page.getByRole('button', { name: 'Preview sync' }).click();
    await expect(
      page.getByText(
        /Preview \(nothing written\) from catalog: 0 added, 0 updated, 0 status changed, 0 retired, 0 restored, 44 unchanged/,
      ),
    ).toBeVisible();
    await page.getByRole('button', { name: 'Run sync' }).click();
    await expect(page.getByText(/Applied from catalog: 0 added/)).toBeVisible();

    const sql = database();
    try {
      const runs =
        await sql`select dry_run, outcome, actor from seed_runs where trigger = 'ui' order by started_at`;
      expect(runs.map((r) => [r.dry_run, r.outcome, r.actor])).toEqual([
        [true, 'skipped', 'admin:admin@e2e.test'],
        [false, 'applied', 'admin:admin@e2e.test'],
      ]);
    } finally {
      await sql.end();
    }
    await expect(page.getByRole('table').getByText('admin:admin@e2e.test').first()).toBeVisible();

    // The log lists the preview, badged; "Hide previews" (a URL filter) lists seed runs only.
    const log = page.getByRole('table');
    await expect(log.getByText('Preview', { exact: true })).toHaveCount(1);
    await page.getByRole('link', { name: 'Hide previews' }).click();
    await expect(page).toHaveURL(/\/admin\/sync\?previews=hide$/);
    await expect(log.getByText('applied').first()).toBeVisible();
    await expect(log.getByText('Preview', { exact: true })).toHaveCount(0);
    await page.getByRole('link', { name: 'Show previews' }).click();
    await expect(log.getByText('Preview', { exact: true })).toHaveCount(1);

    // A preview after the sync is not the "last seed run" on the home page: the sync is.
    await page.getByRole('button', { name: 'Preview sync' }).click();
    await expect(log.getByText('Preview', { exact: true })).toHaveCount(2);
    await page.goto('/');
    const last = page.getByRole('region', { name: 'Last seed run' });
    await expect(last.getByText('applied', { exact: true })).toBeVisible();
    await expect(last).toContainText('ui · catalog');
    await expect(last).not.toContainText('dry run');
  });
});

test.describe('the sync page as a viewer', () => {
  test.use({ storageState: STATE.viewer });

  test('shows the log but no sync buttons', async ({ page }) => {
    await page.goto('/admin/sync');
    await expect(page.getByRole('heading', { name: 'Seed runs' })).toBeVisible();
    await expect(page.getByRole('button', { name: /sync/i })).toHaveCount(0);
  });
});
