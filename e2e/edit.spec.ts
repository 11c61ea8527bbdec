// Single edit, reset to provider value, stale-edit conflicts, pins, manual models, and bulk edits of other fields.
import { expect, type Page, test } from '@playwright/test';
import { eventsOf, ModelsPage, modelRow, STATE } from './support';

test.use({ storageState: STATE.admin });

async function openEdit(page: Page, modelId: string) {
  const models = new ModelsPage(page);
  await models.goto(`?q=${encodeURIComponent(modelId)}`);
  await page.getByRole('button', { name: `Edit ${modelId}`, exact: true }).click();
  const dialog = page.getByRole('dialog', { name: `Edit ${modelId}` });
  await expect(dialog).toBeVisible();
  return dialog;
}

test('single edit saves overrides with an audit event; reset puts the provider value back', async ({
  page,
}) => {
  const before = await modelRow('codestral-2508');
  let dialog = await openEdit(page, 'codestral-2508');
  await dialog.getByLabel('Display name').fill('Codestral (house)');
  await dialog.getByLabel('Input price per 1M tokens').fill('0.3');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('codestral-2508: Saved: displayName, inputPricePerMtok.')).toBeVisible();
  await expect(new ModelsPage(page).row('codestral-2508')).toContainText('Codestral (house)');

  const saved = await modelRow('codestral-2508');
  expect(saved).toMatchObject({
    display_name: 'Codestral (house)',
    input_price_per_mtok: '0.300000',
    overridden_fields: ['displayName'],
    version: (before.version as number) + 1,
  });
  const events = await eventsOf('codestral-2508');
  expect(events.at(-1)).toMatchObject({
    action: 'updated',
    before: { displayName: before.display_name },
    after: { displayName: 'Codestral (house)', inputPricePerMtok: '0.3' },
  });

  dialog = await openEdit(page, 'codestral-2508');
  await expect(dialog.getByText(`provider says “${before.display_name}”`)).toBeVisible();
  await dialog.getByRole('button', { name: 'Reset to provider value' }).click();
  await expect(dialog).toBeHidden();
  expect(await modelRow('codestral-2508')).toMatchObject({
    display_name: before.display_name,
    overridden_fields: [],
  });
});

test('a bad field is explained inline and nothing is written', async ({ page }) => {
  const before = await modelRow('ministral-8b-2512');
  const dialog = await openEdit(page, 'ministral-8b-2512');
  await dialog.getByLabel('Context length (tokens)').fill('lots');
  await dialog.getByLabel('Output price per 1M tokens').fill('-1');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog.getByText('Some fields need attention.')).toBeVisible();
  await expect(dialog.getByText('Use a number like 2.5 (up to 6 decimals).')).toBeVisible();
  await expect(dialog.getByLabel('Context length (tokens)')).toHaveAttribute('aria-invalid', 'true');
  expect(await modelRow('ministral-8b-2512')).toEqual(before);
});

test('a stale edit from a second page is a conflict naming the first change, and overwrites nothing', async ({
  page,
  context,
}) => {
  const second = await context.newPage();
  const first = await openEdit(page, 'ministral-8b-2410');
  const stale = await openEdit(second, 'ministral-8b-2410');

  await first.getByLabel('Display name').fill('Ministral 8B (first)');
  await first.getByRole('button', { name: 'Save' }).click();
  await expect(first).toBeHidden();

  await stale.getByLabel('Display name').fill('Ministral 8B (second)');
  await stale.getByRole('button', { name: 'Save' }).click();
  await expect(stale.getByRole('alert')).toContainText(
    'Someone else changed ministral-8b-2410 first by admin:admin@e2e.test',
  );
  expect(await modelRow('ministral-8b-2410')).toMatchObject({ display_name: 'Ministral 8B (first)' });
  expect((await eventsOf('ministral-8b-2410')).map((e) => e.after.displayName)).toEqual([
    'Ministral 8B (first)',
  ]);

  await stale.getByRole('button', { name: 'Close and reload' }).click();
  await expect(new ModelsPage(second).row('ministral-8b-2410')).toContainText('Ministral 8B (first)');
  await second.close();
});

test('a pinned model cannot have its status changed in the edit dialog', async ({ page }) => {
  const dialog = await openEdit(page, 'mistral-large-latest');
  await expect(dialog.getByLabel('Status')).toBeDisabled();
  await expect(dialog.getByText(/pinned active by config.*the UI cannot change it/)).toBeVisible();
  // Provider models offer no delete, and a pinned one no "set inactive" either.
  await expect(dialog.getByText('Provider models cannot be deleted')).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Set inactive instead' })).toHaveCount(0);
  expect(await modelRow('mistral-large-latest')).toMatchObject({ status: 'active', status_source: 'config' });
});

test('creates a manual model, then deletes it; both are in the audit log', async ({ page }) => {
  const models = new ModelsPage(page);
  await models.goto();
  await page.getByRole('button', { name: 'Add model…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add a manual model' });
  await dialog.getByLabel('Model id').fill('acme-support-ft');
  await dialog.getByLabel('Display name').fill('Acme support fine-tune');
  await dialog.getByLabel('Status').selectOption('active');
  await dialog.getByLabel('Context length (tokens)').fill('32000');
  await dialog.getByRole('button', { name: 'Add model' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('Created mistral/acme-support-ft.')).toBeVisible();
  expect(await modelRow('acme-support-ft')).toMatchObject({
    source: 'manual',
    status: 'active',
    context_length: 32000,
    display_name: 'Acme support fine-tune',
  });

  // The same id again is refused with the reason.
  await page.getByRole('button', { name: 'Add model…' }).click();
  await dialog.getByLabel('Model id').fill('acme-support-ft');
  await dialog.getByLabel('Display name').fill('Again');
  await dialog.getByRole('button', { name: 'Add model' }).click();
  await expect(dialog.getByRole('alert')).toContainText('already exists');
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  const edit = await openEdit(page, 'acme-support-ft');
  await edit.getByRole('button', { name: 'Delete model…' }).click();
  await edit.getByRole('button', { name: 'Yes, delete' }).click();
  await expect(edit).toBeHidden();
  expect(await modelRow('acme-support-ft')).toEqual({});
  expect((await eventsOf('acme-support-ft')).map((e) => e.action)).toEqual(['created', 'deleted']);
});

test('bulk edit of prices and type for selected rows, one event per model', async ({ page }) => {
  const ids = ['mistral-embed', 'mistral-embed-2312'];
  const models = new ModelsPage(page);
  await models.goto('?q=mistral-embed');
  for (const id of ids) await models.select(id);
  await page.getByRole('button', { name: 'Bulk edit…' }).click();
  const dialog = page.getByRole('dialog', { name: /Bulk edit 2 models/ });
  await dialog.getByRole('checkbox', { name: 'Change status' }).uncheck();
  await dialog.getByRole('checkbox', { name: 'Change input price' }).check();
  await dialog.getByLabel('New input price per 1M tokens').fill('0.1');
  await dialog.getByRole('checkbox', { name: 'Change type' }).check();
  await dialog.getByLabel('New type').selectOption('other');
  await expect(dialog.getByText('2 will change to input price 0.1, type Other')).toBeVisible();
  await dialog.getByRole('button', { name: 'Apply to 2 models' }).click();
  await expect(dialog).toBeHidden();
  await expect(
    page.getByText('2 set to input price 0.1, type Other; 0 already so; 0 pinned skipped.'),
  ).toBeVisible();
  for (const id of ids) {
    expect(await modelRow(id)).toMatchObject({ input_price_per_mtok: '0.100000', type: 'other' });
    expect((await eventsOf(id)).map((e) => e.action)).toEqual(['updated']);
  }
});
