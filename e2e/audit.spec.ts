// The global audit log: a real change from a command (models:edit with its own actor) is found by filtering on
// actor and action; the rows shown are the database's; the Accounts tab lists admin:create's events; viewers read it.
import { execFileSync } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { database, STATE } from './support';

const MODEL = 'mistral-ocr-2503';
const ACTOR = 'cli:audit-e2e';
/** How the log names that actor (audit/labels.ts `actorLabel`); the recorded form is on hover. */
const ACTOR_SHOWN = 'audit-e2e (CLI)';

test.describe('as an admin', () => {
  test.use({ storageState: STATE.admin });

  test('filtering by actor and action shows exactly that actor’s events, in words, newest first', async ({
    page,
  }) => {
    const sql = database();
    const [original] = await sql<
      { status: string; status_source: string; status_set_by: string; status_set_at: Date }[]
    >`select status, status_source, status_set_by, status_set_at from models where model_id = ${MODEL}`;
    if (!original) throw new Error(`fixture: ${MODEL} is not in the e2e registry`);
    const flipped = original.status === 'active' ? 'inactive' : 'active';
    const edit = (status: string) =>
      execFileSync('node', ['dist/cli/models-edit.mjs', MODEL, '--status', status, '--actor', 'audit-e2e'], {
        env: { ...process.env, DATABASE_URL: process.env.E2E_DATABASE_URL ?? '' },
      });
    try {
      edit(flipped);
      edit(original.status);

      await page.goto('/admin/models');
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).click();
      await expect(page).toHaveTitle('Audit log · Model Registry');
      await expect(page.getByRole('heading', { name: 'Audit log' })).toBeVisible();
      const filters = page.getByRole('search', { name: 'Filter events' });
      await filters.getByLabel('Actor').fill(ACTOR);
      await filters.getByLabel('Action').selectOption({ label: 'Status changed' });
      await filters.getByRole('button', { name: 'Apply filters' }).click();
      await expect(page).toHaveURL(/actor=cli%3Aaudit-e2e/);
      await expect(page).toHaveURL(/action=status_changed/);

      const events = page.getByRole('list', { name: 'Model events' }).locator(':scope > li');
      await expect(events).toHaveCount(2);
      // Newest first: the change back, then the flip.
      await expect(events.nth(0)).toContainText(`Status: ${flipped} → ${original.status}`);
      await expect(events.nth(1)).toContainText(`Status: ${original.status} → ${flipped}`);
      for (const i of [0, 1]) {
        await expect(events.nth(i)).toContainText('Status changed');
        await expect(events.nth(i)).toContainText(`by ${ACTOR_SHOWN}`);
      }
      const rows = await sql<{ id: number }[]>`select id from model_events
        where actor = ${ACTOR} and action = 'status_changed' order by id desc`;
      expect(await events.evaluateAll((items) => items.map((li) => Number(li.dataset.eventId)))).toEqual(
        rows.map((r) => Number(r.id)),
      );

      // The model still exists: its name links to its history.
      await events
        .nth(0)
        .getByRole('link', { name: `mistral/${MODEL}` })
        .click();
      await expect(page.getByRole('heading', { name: /^History of / })).toBeVisible();
      await expect(page.getByText(`by ${ACTOR_SHOWN}`).first()).toBeVisible();

      // Another actor and action: the seed's created events, as many as the database holds on the first page.
      await page.goto('/admin/audit?actor=seed&action=created&provider=mistral');
      const created = page.getByRole('list', { name: 'Model events' }).locator(':scope > li');
      const [counted] = await sql<{ n: number }[]>`select count(*)::int as n from model_events
        where actor = 'seed' and action = 'created' and provider = 'mistral'`;
      expect(counted?.n).toBeGreaterThan(0);
      await expect(created).toHaveCount(Math.min(counted?.n ?? 0, 50));
      await expect(created.first()).toContainText('Created');
      await expect(created.first()).toContainText('Display name:');
      await expect(created.filter({ hasText: ACTOR })).toHaveCount(0);
    } finally {
      await sql`update models set status = ${original.status}, status_source = ${original.status_source},
        status_set_by = ${original.status_set_by}, status_set_at = ${original.status_set_at}
        where model_id = ${MODEL}`;
      await sql.end();
    }
  });

  test('the Accounts tab lists account events, filtered by actor and action', async ({ page }) => {
    await page.goto('/admin/audit');
    await page.getByRole('navigation', { name: 'Logs' }).getByRole('link', { name: 'Accounts' }).click();
    const filters = page.getByRole('search', { name: 'Filter events' });
    await filters.getByLabel('Actor').fill('cli');
    await filters.getByLabel('Action').selectOption({ label: 'Account added' });
    await filters.getByRole('button', { name: 'Apply filters' }).click();
    await expect(page).toHaveURL(/log=accounts/);
    const events = page.getByRole('list', { name: 'Account events' }).locator(':scope > li');
    // e2e/serve.sh added both accounts with admin:create (actor cli).
    await expect(events.filter({ hasText: 'admin@e2e.test' })).toContainText('Role: admin');
    await expect(events.filter({ hasText: 'viewer@e2e.test' })).toContainText('Role: viewer');
    await expect(events.filter({ hasNotText: 'by CLI' })).toHaveCount(0);
  });
});

test('a viewer reads the audit log too', async ({ browser }) => {
  const context = await browser.newContext({ storageState: STATE.viewer });
  const page = await context.newPage();
  await page.goto('/admin/models');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).click();
  await expect(page.getByRole('heading', { name: 'Audit log' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Model events' }).locator(':scope > li').first()).toBeVisible();
  await context.close();
});
