// Access: an admin sees the groups (a rule, its live member count) and the teams, creates a team key (its secret
// shown once), and the OpenAI SDK with that key lists exactly the team's models from the real server; revoked, the
// very next call is refused. An admin makes a group by rule (its preview warns of a rule matching nothing) and a
// team, whose key lists the group through the SDK until the team is deleted. A viewer reads the page and gets no
// controls. The OpenAPI document is served.
import { expect, test } from '@playwright/test';
import OpenAI from 'openai';
import { database, openDialog, STATE } from './support';

/** The offered Mistral models whose id passes `keep`, by id. */
async function offeredMistral(keep: (id: string) => boolean): Promise<string[]> {
  const sql = database();
  try {
    const rows = await sql<{ model_id: string }[]>`
      select model_id from models where status = 'active' and retired_at is null and provider = 'mistral'`;
    return rows
      .map((r) => r.model_id)
      .filter(keep)
      .sort();
  } finally {
    await sql.end();
  }
}

/** The offered models the e2e access file's group "large" takes (ids matching mistral-large*). */
const largeModels = () => offeredMistral((id) => id.startsWith('mistral-large'));

test.describe('as an admin', () => {
  test.use({ storageState: STATE.admin });

  test('create a team key, list its models with the OpenAI SDK, rotate it, revoke it, and be refused', async ({
    page,
    baseURL,
  }) => {
    const expected = await largeModels();
    expect(expected.length).toBeGreaterThan(0);
    await page.goto('/admin/models');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Access' }).click();
    await expect(page).toHaveTitle('Access · Model Registry');
    const group = page.locator('[data-group="large"]');
    await expect(group).toContainText('id mistral-large*');
    await expect(group).toContainText(`${expected.length} ${expected.length === 1 ? 'model' : 'models'}`);
    await expect(group).toContainText('Used by search');
    await expect(page.locator('[data-team="search"]')).toContainText(String(expected.length));

    const dialog = await openDialog(page, page.getByRole('button', { name: 'Create key…' }));
    await dialog.getByLabel('Name').fill('E2E search service');
    await dialog.getByLabel('Team', { exact: true }).selectOption('search');
    await dialog.getByLabel('Expires').selectOption('30d');
    await dialog.getByRole('button', { name: 'Create key' }).click();
    await expect(dialog.getByRole('heading', { name: /^Created key mrk_/ })).toBeVisible();
    await expect(dialog).toContainText('Shown once');
    const secret = await dialog.getByLabel(/API key/).inputValue();
    expect(secret).toMatch(/^mrk_[a-z2-7]{8}_[A-Za-z0-9_-]{43}$/);
    const prefix = secret.slice(0, 12);
    await dialog.getByRole('button', { name: 'Done' }).click();
    const row = page.locator(`tr[data-key="${prefix}"]`);
    await expect(row).toContainText('E2E search service');
    await expect(row).toContainText('active');
    await expect(row).toContainText('team Search');

    const client = new OpenAI({ apiKey: secret, baseURL: `${baseURL}/api/v1`, maxRetries: 0 });
    const listed: string[] = [];
    for await (const model of client.models.list()) listed.push(model.id);
    expect(listed.sort()).toEqual(expected);
    await expect(client.models.retrieve('mistral-tiny')).rejects.toMatchObject({ status: 404 });

    // Rotate: the new secret is shown once, though the row it was opened from now holds a revoked key.
    const rotate = await openDialog(page, row.getByRole('button', { name: `Rotate ${prefix}` }));
    await rotate.getByRole('button', { name: 'Rotate key' }).click();
    await expect(rotate.getByRole('heading', { name: /^Created key mrk_/ })).toBeVisible();
    await expect(row).toContainText('revoked');
    await expect(rotate).toBeVisible();
    const rotated = await rotate.getByLabel(/API key/).inputValue();
    expect(rotated).toMatch(/^mrk_[a-z2-7]{8}_[A-Za-z0-9_-]{43}$/);
    await rotate.getByRole('button', { name: 'Done' }).click();
    await expect(client.models.list()).rejects.toMatchObject({ status: 401 });
    const next = new OpenAI({ apiKey: rotated, baseURL: `${baseURL}/api/v1`, maxRetries: 0 });
    const again: string[] = [];
    for await (const model of next.models.list()) again.push(model.id);
    expect(again.sort()).toEqual(expected);

    // Revoke the new key: its row says so, and the very next call is refused.
    const newPrefix = rotated.slice(0, 12);
    const newRow = page.locator(`tr[data-key="${newPrefix}"]`);
    const revoke = await openDialog(page, newRow.getByRole('button', { name: `Revoke ${newPrefix}` }));
    await revoke.getByRole('button', { name: 'Revoke key' }).click();
    await expect(page.getByText(`Revoked key ${newPrefix}.`)).toBeVisible();
    await expect(newRow).toContainText('revoked');
    await expect(next.models.list()).rejects.toMatchObject({ status: 401 });

    const sql = database();
    try {
      const events = await sql<{ action: string; actor: string }[]>`
        select action, actor from access_events where subject = ${prefix} order by id`;
      expect(events).toEqual([
        { action: 'key_created', actor: 'admin:admin@e2e.test' },
        { action: 'key_rotated', actor: 'admin:admin@e2e.test' },
      ]);
      const after = await sql<{ action: string }[]>`
        select action from access_events where subject = ${newPrefix} order by id`;
      expect(after.map((e) => e.action)).toEqual(['key_created', 'key_revoked']);
    } finally {
      await sql.end();
    }
  });
});

test.describe('as an admin, groups and teams', () => {
  test.use({ storageState: STATE.admin });

  test('create a group by rule, a team and its key; the SDK lists the group; revoked, then the team deleted, refused', async ({
    page,
    baseURL,
  }) => {
    const expected = await offeredMistral((id) => id.includes('nemo'));
    expect(expected.length).toBeGreaterThan(0);
    await page.goto('/admin/access');

    const dialog = await openDialog(page, page.getByRole('button', { name: 'New group…' }));
    await dialog.getByLabel('Name').fill('E2E Nemo');
    await dialog.getByLabel('Slug').fill('e2e-nemo');
    const patterns = dialog.getByLabel('Id patterns');
    // A rule that matches nothing says so before it is saved.
    await patterns.fill('nothing-like-this*');
    await expect(dialog.getByText('The rule matches no offered model now')).toBeVisible();
    await patterns.fill('*nemo*');
    const preview = dialog.getByRole('region', { name: 'Preview' });
    await expect(preview).toContainText(`${expected.length} of `);
    await expect(preview).toContainText(expected[0] as string);
    await dialog.getByRole('button', { name: 'Create group' }).click();
    await expect(page.getByText('Created group e2e-nemo.')).toBeVisible();
    const group = page.locator('[data-group="e2e-nemo"]');
    await expect(group).toContainText('id *nemo*');
    await expect(group).toContainText(`${expected.length} ${expected.length === 1 ? 'model' : 'models'}`);

    const teamDialog = await openDialog(page, page.getByRole('button', { name: 'New team…' }));
    await teamDialog.getByLabel('Name').fill('E2E search');
    await teamDialog.getByLabel('Slug').fill('e2e-search');
    await teamDialog.getByRole('checkbox', { name: /E2E Nemo/ }).check();
    await teamDialog.getByRole('button', { name: 'Create team' }).click();
    await expect(page.getByText('Created team e2e-search.')).toBeVisible();
    const team = page.locator('[data-team="e2e-search"]');
    await expect(team).toContainText('e2e-nemo');
    await expect(group).toContainText('Used by e2e-search');

    const keyDialog = await openDialog(page, page.getByRole('button', { name: 'Create key…' }));
    await keyDialog.getByLabel('Name').fill('E2E Nemo service');
    await keyDialog.getByLabel('Team', { exact: true }).selectOption('e2e-search');
    await keyDialog.getByRole('button', { name: 'Create key' }).click();
    const secret = await keyDialog.getByLabel(/API key/).inputValue();
    await keyDialog.getByRole('button', { name: 'Done' }).click();
    const client = new OpenAI({ apiKey: secret, baseURL: `${baseURL}/api/v1`, maxRetries: 0 });
    const listed: string[] = [];
    for await (const model of client.models.list()) listed.push(model.id);
    expect(listed.sort()).toEqual(expected);

    // Revoke it: the very next call is refused.
    const prefix = secret.slice(0, 12);
    const keyRow = page.locator(`tr[data-key="${prefix}"]`);
    const revoke = await openDialog(page, keyRow.getByRole('button', { name: `Revoke ${prefix}` }));
    await revoke.getByRole('button', { name: 'Revoke key' }).click();
    await expect(page.getByText(`Revoked key ${prefix}.`)).toBeVisible();
    await expect(client.models.list()).rejects.toMatchObject({ status: 401 });

    // A second key, then the team deleted: its keys are revoked with it.
    const second = await openDialog(page, page.getByRole('button', { name: 'Create key…' }));
    await second.getByLabel('Name').fill('E2E Nemo batch');
    await second.getByLabel('Team', { exact: true }).selectOption('e2e-search');
    await second.getByRole('button', { name: 'Create key' }).click();
    const secret2 = await second.getByLabel(/API key/).inputValue();
    await second.getByRole('button', { name: 'Done' }).click();
    const remove = await openDialog(page, team.getByRole('button', { name: 'Delete team e2e-search' }));
    await expect(remove).toContainText('Its 1 key is revoked with it');
    await remove.getByRole('button', { name: 'Delete team' }).click();
    await expect(page.getByText(/^Deleted team e2e-search; revoked its key/)).toBeVisible();
    const client2 = new OpenAI({ apiKey: secret2, baseURL: `${baseURL}/api/v1`, maxRetries: 0 });
    await expect(client2.models.list()).rejects.toMatchObject({ status: 401 });
    await expect(page.locator(`tr[data-key="${secret2.slice(0, 12)}"]`)).toContainText('revoked');

    const sql = database();
    try {
      const events = await sql<{ action: string; subject: string }[]>`
        select action, subject from access_events where subject like 'group:e2e-%' or subject like 'team:e2e-%'
        order by id`;
      expect(events).toEqual([
        { action: 'group_created', subject: 'group:e2e-nemo' },
        { action: 'team_created', subject: 'team:e2e-search' },
        { action: 'team_deleted', subject: 'team:e2e-search' },
      ]);
      // Leave the catalog as the other flows expect it.
      await page.goto('/admin/access');
      const del = await openDialog(page, group.getByRole('button', { name: 'Delete group e2e-nemo' }));
      await del.getByRole('button', { name: 'Delete group' }).click();
      await expect(page.getByText('Deleted group e2e-nemo.')).toBeVisible();
    } finally {
      await sql.end();
    }
  });
});

test.describe('as a viewer, on the Models page', () => {
  test.use({ storageState: STATE.viewer });

  test('filters to what a team may use, and each row says who may use it', async ({ page }) => {
    const expected = await largeModels();
    await page.goto('/admin/models');
    const more = page.getByRole('button', { name: /^More filters/ });
    if (await more.isVisible()) await more.click();
    await page.getByLabel('Usable by').selectOption({ label: 'Search' });
    await expect(page).toHaveURL(/access=team%3Asearch/);
    await expect(page.getByRole('link', { name: 'Remove filter Usable by team Search' })).toBeVisible();
    const rows = page.locator('tbody tr[data-model-id]');
    await expect(rows).toHaveCount(expected.length);
    expect(
      (await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-model-id')))).sort(),
    ).toEqual(expected);
    const who = rows.first().locator('[data-access]');
    await expect(who).toHaveText('team search');
    await expect(who).toHaveAttribute('title', 'Groups: all, large. Teams: search.');
  });
});

test("the server publishes the consumer API's OpenAPI document to anyone", async ({ request }) => {
  const response = await request.get('/api/v1/openapi.json');
  expect(response.status()).toBe(200);
  const doc = await response.json();
  expect(doc.openapi).toBe('3.1.0');
  expect(Object.keys(doc.paths)).toEqual([
    '/api/v1/models',
    '/api/v1/models/{id}',
    '/api/v1/gateways/{format}',
  ]);
});

test.describe('as a viewer', () => {
  test.use({ storageState: STATE.viewer });

  test('reads the groups, teams and keys, with no control to change them', async ({ page }) => {
    await page.goto('/admin/access');
    await expect(page.getByRole('heading', { name: 'Access', exact: true })).toBeVisible();
    await expect(page.locator('[data-group="large"]')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Create key…' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'New group…' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'New team…' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: /^(Edit|Delete) / })).toHaveCount(0);
    await expect(page.getByRole('button', { name: /^Revoke / })).toHaveCount(0);
    await expect(page.getByRole('button', { name: /^Rotate / })).toHaveCount(0);
  });
});
