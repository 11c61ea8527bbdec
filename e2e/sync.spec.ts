import { expect, test } from '@playwright/test';
import { database, ModelsPage, STATE } from './support';

test.describe('the sync page', () => {
  test.use({ storageState: STATE.admin });

  test('previews the sync plan without writing, then runs it; both are logged as ui runs', async ({
    page,
  }) => {
    await page.goto('/admin/sync');
    await expect(page.getByRole('heading', { name: 'Sync' })).toBeVisible();
    // Both configured providers at once: Mistral (seeded at start) and the Ollama server (new: 3 models to add).
    await page.getByRole('button', { name: 'Preview sync' }).click();
    await expect(
      page.getByText(
        /Mistral AI: Preview \(nothing written\) from api: 0 added, 0 updated, 0 status changed, 0 retired, 0 restored, 44 unchanged/,
      ),
    ).toBeVisible();
    await expect(page.getByText(/Ollama: Preview \(nothing written\) from api: 3 added/)).toBeVisible();
    // Run sync asks first, with the plan's counts (a preview shown for this choice is reused, else one is made).
    await page.getByRole('button', { name: 'Run sync' }).click();
    const confirm = page.getByRole('dialog', { name: 'Run the sync?' });
    await expect(confirm.getByRole('listitem')).toHaveText(['Mistral AI: no changes', 'Ollama: 3 added']);
    await confirm.getByRole('button', { name: 'Run sync' }).click();
    await expect(page.getByText(/Mistral AI: Applied from api: 0 added/)).toBeVisible();
    await expect(page.getByText(/Ollama: Applied from api: 3 added/)).toBeVisible();

    const sql = database();
    try {
      const runs = await sql`select provider, dry_run, outcome, actor from seed_runs where trigger = 'ui'
        order by started_at, provider`;
      expect(runs.map((r) => [r.provider, r.dry_run, r.outcome, r.actor])).toEqual([
        ['mistral', true, 'skipped', 'admin:admin@e2e.test'],
        ['ollama', true, 'skipped', 'admin:admin@e2e.test'],
        ['mistral', false, 'applied', 'admin:admin@e2e.test'],
        ['ollama', false, 'applied', 'admin:admin@e2e.test'],
      ]);
    } finally {
      await sql.end();
    }
    await expect(page.getByRole('table').getByText('admin:admin@e2e.test').first()).toBeVisible();

    // The log lists the preview, badged; "Hide previews" (a URL filter) lists seed runs only.
    const log = page.getByRole('table');
    await expect(log.getByText('Preview', { exact: true })).toHaveCount(2);
    await page.getByRole('link', { name: 'Hide previews' }).click();
    await expect(page).toHaveURL(/\/admin\/sync\?previews=hide$/);
    await expect(log.getByText('applied').first()).toBeVisible();
    await expect(log.getByText('Preview', { exact: true })).toHaveCount(0);
    await page.getByRole('link', { name: 'Show previews' }).click();
    await expect(log.getByText('Preview', { exact: true })).toHaveCount(2);

    // A preview after the sync is not the "last seed run" on the home page: the sync is.
    await page.getByRole('button', { name: 'Preview sync' }).click();
    await expect(log.getByText('Preview', { exact: true })).toHaveCount(4);
    await page.goto('/');
    const last = page.getByRole('region', { name: 'Last seed run' });
    await expect(last.getByText('applied', { exact: true })).toBeVisible();
    await expect(last).toContainText('ui · api');
    await expect(last).not.toContainText('dry run');
  });
});

test.describe('one provider at a time', () => {
  test.use({ storageState: STATE.admin });

  test('previews the sync of one chosen provider only, and the Models page filters by provider', async ({
    page,
  }) => {
    await page.goto('/admin/sync');
    await page.getByLabel('Provider', { exact: true }).selectOption({ label: 'Ollama' });
    await page.getByRole('button', { name: 'Preview sync' }).click();
    await expect(
      page.getByText(/Ollama: Preview \(nothing written\) from api: 0 added, .* 3 unchanged/),
    ).toBeVisible();
    await expect(page.getByText(/Mistral AI: Preview/)).toHaveCount(0);
    const sql = database();
    try {
      const [latest] = await sql`select provider, dry_run from seed_runs order by started_at desc limit 1`;
      expect(latest).toEqual({ provider: 'ollama', dry_run: true });
    } finally {
      await sql.end();
    }

    // The Ollama models the sync added, and only them, under the provider filter.
    const models = new ModelsPage(page);
    await models.goto();
    await page.getByLabel('Provider').selectOption('ollama');
    await expect(page).toHaveURL(/provider=ollama/);
    const table = page.getByRole('table');
    await expect(table.getByText('ollama/llama3.2:latest')).toBeVisible();
    await expect(table.getByText(/^mistral\//)).toHaveCount(0);
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
