// The consumer API and health as the production server serves them (routes wired, proxy not in the way):
// the list changes on the very next request after an admin's edit in the dashboard. And the export download.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import OpenAI from 'openai';
import { ModelsPage, STATE, statusOf } from './support';

test.use({ storageState: STATE.admin });

test('an edit in the dashboard shows in /api/v1/models on the next request; ETag and 304 work', async ({
  page,
  request,
  baseURL,
}) => {
  const before = await request.get('/api/v1/models');
  expect(before.status()).toBe(200);
  const etag = before.headers().etag ?? '';
  expect(etag).toMatch(/^"[\w-]+"$/);
  expect((await request.get('/api/v1/models', { headers: { 'If-None-Match': etag } })).status()).toBe(304);
  expect(await statusOf(['voxtral-small-2507'])).toEqual({ 'voxtral-small-2507': 'inactive' });
  expect((await request.get('/api/v1/models/voxtral-small-2507')).status()).toBe(404);

  const models = new ModelsPage(page);
  await models.goto('?q=voxtral-small-2507');
  await page
    .locator('tr[data-model-id="voxtral-small-2507"]')
    .getByRole('button', { name: 'Set active' })
    .click();
  await expect(models.row('voxtral-small-2507').getByText('active', { exact: true })).toBeVisible();

  const after = await request.get('/api/v1/models', { headers: { 'If-None-Match': etag } });
  expect(after.status()).toBe(200);
  expect(after.headers().etag).not.toBe(etag);
  expect((await after.json()).data.map((m: { id: string }) => m.id)).toContain('voxtral-small-2507');
  expect((await request.get('/api/v1/models/voxtral-small-2507')).status()).toBe(200);

  // The OpenAI SDK, pointed at the server, lists it unchanged (no token configured on this server).
  const client = new OpenAI({ baseURL: `${baseURL}/api/v1`, apiKey: 'unused', maxRetries: 0 });
  const listed: string[] = [];
  for await (const model of client.models.list()) listed.push(model.id);
  expect(listed).toContain('voxtral-small-2507');
});

test('health reports the database, migrations, model count and last seed run', async ({ request }) => {
  const response = await request.get('/api/health');
  expect(response.status()).toBe(200);
  expect(await response.json()).toMatchObject({
    status: 'ok',
    database: 'reachable',
    migrations: { current: true, pending: 0 },
    models: expect.any(Number),
    lastSeedRun: { trigger: 'deploy' },
  });
});

test('an admin downloads the export from the dashboard; a viewer may not', async ({ page, browser }) => {
  await page.goto('/admin/models');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Export JSON' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^model-registry-export-\d{4}-\d{2}-\d{2}\.json$/);
  const file = JSON.parse(readFileSync((await download.path()) ?? '', 'utf8'));
  expect(file).toMatchObject({ format: 'model-registry-export', version: 1 });
  expect(file.models.length).toBeGreaterThanOrEqual(44);

  const viewer = await browser.newContext({ storageState: STATE.viewer });
  expect((await viewer.request.get('/admin/export')).status()).toBe(403);
  await viewer.close();
});
