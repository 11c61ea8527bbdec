import { expect, test } from '@playwright/test';
import { ADMIN, database, ModelsPage, STATE, signIn, statusOf } from './support';

test.describe('as an admin', () => {
  test.use({ storageState: STATE.admin });

  test('filters and search apply as chosen, live in the URL and narrow the list server-side', async ({
    page,
  }) => {
    const models = new ModelsPage(page);
    await models.goto();
    await page.getByRole('searchbox', { name: 'Search' }).fill('codestral');
    await expect(page).toHaveURL(/q=codestral/);
    await expect(page.getByText('4 models match')).toBeVisible();
    await page.getByLabel('Type').selectOption('embedding');
    await expect(page.getByText('2 models match')).toBeVisible();
    await expect(models.row('codestral-embed')).toBeVisible();
    await expect(models.row('codestral-latest')).toHaveCount(0);
  });

  test('quick toggle changes one model, writes its audit event and tells the webhook; history shows it', async ({
    page,
  }) => {
    const models = new ModelsPage(page);
    await models.goto('?q=devstral');
    expect(await statusOf(['devstral-medium-2507'])).toEqual({ 'devstral-medium-2507': 'inactive' });
    const clicked = new Date().toISOString();
    await models.row('devstral-medium-2507').getByRole('button', { name: 'Set active' }).click();
    await expect(models.row('devstral-medium-2507').getByText('active', { exact: true })).toBeVisible();
    expect(await statusOf(['devstral-medium-2507'])).toEqual({ 'devstral-medium-2507': 'active' });
    // The gateways' configs now offer it: announced to the webhook after the answer (e2e/serve.sh's receiver).
    const hooks = `http://127.0.0.1:${Number(process.env.E2E_PORT) + 1}/control/hooks`;
    type Hook = { doc: { type: string; actor?: string; gateways: string[] | null; sentAt: string } };
    // The deploy announced both configs first: what follows is news, not a first announcement.
    const received = ((await (await fetch(hooks)).json()) as Hook[]).map((h) => h.doc);
    expect(received.find((d) => d.type === 'registry.sync')).toMatchObject({
      trigger: 'deploy',
      gateways: ['litellm', 'librechat'],
    });
    await expect
      .poll(
        async () =>
          ((await (await fetch(hooks)).json()) as Hook[])
            .map((h) => h.doc)
            .filter((d) => d.type === 'registry.gateways' && d.sentAt >= clicked)
            .map((d) => ({ actor: d.actor, gateways: d.gateways })),
        { timeout: 15_000 },
      )
      .toContainEqual({ actor: 'admin:admin@e2e.test', gateways: ['litellm', 'librechat'] });

    await page.getByRole('link', { name: 'History of devstral-medium-2507' }).click();
    const latest = page.getByRole('list', { name: 'Events' }).getByRole('listitem').first();
    await expect(latest).toContainText('Status changed');
    await expect(latest).toContainText('by admin@e2e.test');
    await expect(latest).toContainText('Status: inactive → active');
    await expect(latest).not.toContainText('statusSource');
  });

  test('bulk edit of selected rows to inactive and back, one transaction each', async ({ page }) => {
    const ids = ['magistral-medium-2509', 'magistral-medium-latest', 'ministral-14b-2512'];
    const models = new ModelsPage(page);
    await models.goto('?q=istral&perPage=100');
    for (const id of ids) await models.select(id);
    await models.bulkSetStatus('active', 3);
    await expect(page.getByText('3 models set to active; 0 already so; 0 pinned skipped.')).toBeVisible();
    expect(await statusOf(ids)).toEqual(Object.fromEntries(ids.map((id) => [id, 'active'])));

    for (const id of ids) await models.select(id);
    await models.bulkSetStatus('inactive', 3);
    expect(await statusOf(ids)).toEqual(Object.fromEntries(ids.map((id) => [id, 'inactive'])));
    const sql = database();
    try {
      const events = await sql`select model_id, after->>'status' as status from model_events
        where actor = 'admin:admin@e2e.test' and model_id in ${sql(ids)} order by id`;
      expect(events.map((e) => e.status)).toEqual([
        'active',
        'active',
        'active',
        'inactive',
        'inactive',
        'inactive',
      ]);
    } finally {
      await sql.end();
    }
  });

  test('bulk edit by filter skips pinned models and says why', async ({ page }) => {
    const models = new ModelsPage(page);
    await models.goto('?q=mistral-large');
    await models.select('mistral-large-2411');
    await page.getByRole('button', { name: /Select all \d+ matching the filter/ }).click();
    await page.getByRole('button', { name: 'Bulk edit…' }).click();
    const dialog = page.getByRole('dialog', { name: /Bulk edit \d+ models/ });
    await dialog.getByRole('checkbox', { name: 'Change status' }).check();
    await dialog.getByRole('radio', { name: 'Inactive' }).check();
    await expect(dialog.getByText('pinned by config, status kept')).toBeVisible();
    await expect(dialog.getByText(/mistral-large-latest: pinned active by config/)).toBeVisible();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await statusOf(['mistral-large-latest', 'mistral-large-2512'])).toEqual({
      'mistral-large-latest': 'active',
      'mistral-large-2512': 'active',
    });
    // A pinned model offers no quick toggle at all.
    await expect(
      models.row('mistral-large-latest').getByRole('button', { name: 'Set inactive' }),
    ).toHaveCount(0);
  });
});

test.describe('signing out', () => {
  test('signs out: the session ends on the server, so a kept copy of its cookie no longer works', async ({
    page,
    browser,
  }) => {
    // A session of its own: signing out revokes it, and the other flows share the stored admin session.
    await signIn(page, ADMIN);
    const kept = (await page.context().cookies()).filter((c) => c.name.endsWith('authjs.session-token'));
    expect(kept).toHaveLength(1);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/login/);
    await page.goto('/admin/models');
    await expect(page).toHaveURL(/\/login/);
    const elsewhere = await browser.newContext();
    await elsewhere.addCookies(kept);
    const replay = await elsewhere.newPage();
    await replay.goto('/admin/models');
    await expect(replay).toHaveURL(/\/login/);
    await elsewhere.close();
  });
});

test.describe('as a viewer', () => {
  test.use({ storageState: STATE.viewer });

  test('sees the models but no edit controls', async ({ page }) => {
    const models = new ModelsPage(page);
    await models.goto();
    await expect(models.row('mistral-large-latest')).toBeVisible();
    await expect(page.getByRole('checkbox', { name: /^Select / })).toHaveCount(0);
    await expect(page.getByRole('button', { name: /^Set .* (active|inactive)$/ })).toHaveCount(0);
  });
});
