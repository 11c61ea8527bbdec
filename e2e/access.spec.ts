// Access: an admin sees the groups (a rule, its live member count) and the teams, creates a team key (its secret
// shown once), and the OpenAI SDK with that key lists exactly the team's models from the real server; revoked, the
// very next call is refused. A viewer reads the page and gets no key controls. The OpenAPI document is served.
import { expect, test } from '@playwright/test';
import OpenAI from 'openai';
import { database, openDialog, STATE } from './support';

/** The offered models the e2e access file's group "large" takes (ids matching mistral-large*). */
async function largeModels(): Promise<string[]> {
  const sql = database();
  try {
    const rows = await sql<{ model_id: string }[]>`
      select model_id from models where status = 'active' and retired_at is null and provider = 'mistral'`;
    return rows
      .map((r) => r.model_id)
      .filter((id) => id.startsWith('mistral-large'))
      .sort();
  } finally {
    await sql.end();
  }
}

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

test("the server publishes the consumer API's OpenAPI document to anyone", async ({ request }) => {
  const response = await request.get('/api/v1/openapi.json');
  expect(response.status()).toBe(200);
  const doc = await response.json();
  expect(doc.openapi).toBe('3.1.0');
  expect(Object.keys(doc.paths)).toEqual(['/api/v1/models', '/api/v1/models/{id}']);
});

test.describe('as a viewer', () => {
  test.use({ storageState: STATE.viewer });

  test('reads the groups, teams and keys, with no control to change them', async ({ page }) => {
    await page.goto('/admin/access');
    await expect(page.getByRole('heading', { name: 'Access', exact: true })).toBeVisible();
    await expect(page.locator('[data-group="large"]')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Create key…' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: /^Revoke / })).toHaveCount(0);
    await expect(page.getByRole('button', { name: /^Rotate / })).toHaveCount(0);
  });
});
