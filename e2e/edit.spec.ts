// Single edit, reset to provider value, stale-edit conflicts, pins, manual models, and bulk edits of other fields.
import { expect, type Locator, type Page, test } from '@playwright/test';
import { eventsOf, ModelsPage, modelRow, STATE } from './support';

test.use({ storageState: STATE.admin });

async function openEdit(page: Page, modelId: string) {
  const models = new ModelsPage(page);
  await models.goto(`?q=${encodeURIComponent(modelId)}`);
  await page.getByRole('button', { name: `Edit ${modelId}`, exact: true }).click();
  const dialog = page.getByRole('dialog', { name: `Edit ${modelId}` });
  await expect(dialog).toBeVisible();
  // The form arrives once the dialog has read the model, and the focus goes to its first field.
  await expect(dialog.getByLabel('Display name')).toBeFocused();
  return dialog;
}

/** The field's error is its accessible description and sits right under it (not elsewhere in the dialog). */
async function expectExplained(field: Locator, message: string | RegExp) {
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(field).toHaveAccessibleDescription(message);
  const ids = ((await field.getAttribute('aria-describedby')) ?? '').split(' ').filter(Boolean);
  const errorId = ids.find((id) => id.endsWith('-error'));
  expect(errorId, 'aria-describedby names the error text').toBeTruthy();
  const error = field.page().locator(`[id="${errorId}"]`);
  await expect(error).toBeVisible();
  await expect(error).toHaveText(message);
  const [box, errorBox] = [await field.boundingBox(), await error.boundingBox()];
  if (!box || !errorBox) throw new Error('field or error not laid out');
  expect(errorBox.y).toBeGreaterThanOrEqual(box.y + box.height - 1);
  expect(errorBox.y).toBeLessThan(box.y + box.height + 48);
  expect(errorBox.x).toBeLessThan(box.x + box.width);
  expect(errorBox.x + errorBox.width).toBeGreaterThan(box.x);
}

const CONTEXT_ERROR = 'Context length must be a whole number of tokens, at least 1 (or empty if unknown).';
const PRICE_ERROR = 'Price must be a number like 2.5 (0 or more, up to 6 decimals), or empty for none.';

test('single edit saves overrides with an audit event; reset puts the provider value back', async ({
  page,
}) => {
  const before = await modelRow('codestral-2508');
  let dialog = await openEdit(page, 'codestral-2508');
  await dialog.getByLabel('Display name').fill('Codestral (house)');
  // The catalog prices its input at 0.3: an admin's own price differs from it.
  await dialog.getByLabel('Input price per 1M tokens').fill('0.35');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  await expect(
    page.getByText('codestral-2508: Display name and input price per 1M tokens changed.'),
  ).toBeVisible();
  await expect(new ModelsPage(page).row('codestral-2508')).toContainText('Codestral (house)');

  const saved = await modelRow('codestral-2508');
  expect(saved).toMatchObject({
    display_name: 'Codestral (house)',
    input_price_per_mtok: '0.350000',
    price_source: 'admin',
    overridden_fields: ['displayName'],
    version: (before.version as number) + 1,
  });
  const events = await eventsOf('codestral-2508');
  expect(events.at(-1)).toMatchObject({
    action: 'updated',
    before: { displayName: before.display_name },
    after: { displayName: 'Codestral (house)', inputPricePerMtok: '0.35', priceSource: 'admin' },
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

test('prices say where they came from: the catalog, an admin, unknown; an admin price goes back to the catalog', async ({
  page,
}) => {
  const models = new ModelsPage(page);
  await models.goto('?q=mistral-tiny-2312');
  const row = models.row('mistral-tiny-2312');
  await expect(row).toContainText('$0.25 · $0.25');
  await expect(row.getByTitle('Price source: catalog @pydantic/genai-prices@0.1.8')).toHaveText('catalog');
  // No price known anywhere: said so, never $0.
  await models.goto('?q=devstral-medium-2507');
  await expect(models.row('devstral-medium-2507')).toContainText('unknown');
  await expect(models.row('devstral-medium-2507')).not.toContainText('$0');

  await models.goto('?q=mistral-tiny-2312');
  let dialog = await openEdit(page, 'mistral-tiny-2312');
  await expect(dialog.getByText('Source: catalog @pydantic/genai-prices@0.1.8.')).toBeVisible();
  await dialog.getByLabel('Output price per 1M tokens').fill('0');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toContainText('$0.25 · Free');
  await expect(row.getByTitle('Price source: admin')).toHaveText('admin');
  expect(await modelRow('mistral-tiny-2312')).toMatchObject({
    output_price_per_mtok: '0.000000',
    price_source: 'admin',
  });

  dialog = await openEdit(page, 'mistral-tiny-2312');
  await dialog.getByRole('button', { name: 'Use the catalog price' }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toContainText('$0.25 · $0.25');
  expect(await modelRow('mistral-tiny-2312')).toMatchObject({
    output_price_per_mtok: '0.250000',
    price_source: 'catalog:@pydantic/genai-prices@0.1.8',
  });
});

test('a bad field is explained inline and nothing is written', async ({ page }) => {
  const before = await modelRow('ministral-8b-2512');
  const dialog = await openEdit(page, 'ministral-8b-2512');
  await dialog.getByLabel('Context length (tokens)').fill('lots');
  await dialog.getByLabel('Output price per 1M tokens').fill('-1');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog.getByText('Some fields need attention.')).toBeVisible();
  await expect(dialog.getByText(PRICE_ERROR)).toBeVisible();
  await expect(dialog.getByText(CONTEXT_ERROR)).toBeVisible();
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
  await expect(dialog.getByRole('checkbox', { name: 'Change status' })).not.toBeChecked();
  await dialog.getByRole('checkbox', { name: 'Change input price' }).check();
  await dialog.getByLabel('New input price per 1M tokens').fill('0.1');
  await dialog.getByRole('checkbox', { name: 'Change type' }).check();
  await dialog.getByLabel('New type').selectOption('other');
  await expect(dialog.getByText('2 models will change to input price 0.1, type Other')).toBeVisible();
  await dialog.getByRole('button', { name: 'Apply to 2 models' }).click();
  await expect(dialog).toBeHidden();
  await expect(
    page.getByText('2 models set to input price 0.1, type Other; 0 already so; 0 pinned skipped.'),
  ).toBeVisible();
  for (const id of ids) {
    expect(await modelRow(id)).toMatchObject({ input_price_per_mtok: '0.100000', type: 'other' });
    expect((await eventsOf(id)).map((e) => e.action)).toEqual(['updated']);
  }
});

test('a refused save keeps what was typed, explains each field in plain words and focuses the first', async ({
  page,
}) => {
  const before = await modelRow('mistral-medium-2508');
  const dialog = await openEdit(page, 'mistral-medium-2508');
  const name = dialog.getByLabel('Display name');
  const context = dialog.getByLabel('Context length (tokens)');
  const input = dialog.getByLabel('Input price per 1M tokens');
  const output = dialog.getByLabel('Output price per 1M tokens');
  const outputBefore = await output.inputValue();
  await name.fill('Mistral Medium (house)');
  await context.fill('-5');
  await input.fill('abc');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog.getByRole('alert')).toContainText('Some fields need attention.');

  // Every field still holds what was typed, the valid new name too.
  await expect(name).toHaveValue('Mistral Medium (house)');
  await expect(context).toHaveValue('-5');
  await expect(input).toHaveValue('abc');
  await expect(output).toHaveValue(outputBefore);
  // Each error in words a person uses, beside its own field; the valid ones are not marked.
  await expectExplained(context, CONTEXT_ERROR);
  await expectExplained(input, PRICE_ERROR);
  await expect(name).toHaveAttribute('aria-invalid', 'false');
  await expect(output).toHaveAttribute('aria-invalid', 'false');
  await expect(dialog.getByText(/Too small|expected number|Invalid input/)).toHaveCount(0);
  await expect(context).toBeFocused();
  expect(await modelRow('mistral-medium-2508')).toEqual(before);

  // Correcting the two fields saves all three, the kept name included.
  await context.fill('64000');
  await input.fill('0.5');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  expect(await modelRow('mistral-medium-2508')).toMatchObject({
    display_name: 'Mistral Medium (house)',
    context_length: 64000,
    input_price_per_mtok: '0.500000',
    version: (before.version as number) + 1,
  });
});

test('the add-model dialog keeps what was typed too, and a reopened dialog starts clean', async ({
  page,
}) => {
  await new ModelsPage(page).goto();
  await page.getByRole('button', { name: 'Add model…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add a manual model' });
  await dialog.getByLabel('Model id').fill('acme-kept-typing');
  await dialog.getByLabel('Display name').fill('Acme kept typing');
  await dialog.getByLabel('Type').selectOption('embedding');
  await dialog.getByLabel('Status').selectOption('active');
  await dialog.getByLabel('Context length (tokens)').fill('1.5');
  await dialog.getByLabel('Output price per 1M tokens').fill('-1');
  await dialog.getByRole('button', { name: 'Add model' }).click();
  await expect(dialog.getByRole('alert')).toContainText('Some fields need attention.');

  await expect(dialog.getByLabel('Model id')).toHaveValue('acme-kept-typing');
  await expect(dialog.getByLabel('Display name')).toHaveValue('Acme kept typing');
  await expect(dialog.getByLabel('Type')).toHaveValue('embedding');
  await expect(dialog.getByLabel('Status')).toHaveValue('active');
  await expect(dialog.getByLabel('Context length (tokens)')).toHaveValue('1.5');
  await expect(dialog.getByLabel('Output price per 1M tokens')).toHaveValue('-1');
  await expectExplained(dialog.getByLabel('Context length (tokens)'), CONTEXT_ERROR);
  await expectExplained(dialog.getByLabel('Output price per 1M tokens'), PRICE_ERROR);
  await expect(dialog.getByLabel('Context length (tokens)')).toBeFocused();
  expect(await modelRow('acme-kept-typing')).toEqual({});

  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('button', { name: 'Add model…' }).click();
  await expect(dialog.getByLabel('Model id')).toHaveValue('');
  await expect(dialog.getByRole('alert')).toHaveCount(0);
  await expect(dialog.getByLabel('Context length (tokens)')).toHaveAttribute('aria-invalid', 'false');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
});

test('bulk edit explains a bad price beside its field and keeps it', async ({ page }) => {
  const models = new ModelsPage(page);
  await models.goto('?q=mistral-medium-2508');
  await models.select('mistral-medium-2508');
  await page.getByRole('button', { name: 'Bulk edit…' }).click();
  const dialog = page.getByRole('dialog', { name: /Bulk edit 1 model/ });
  await dialog.getByRole('checkbox', { name: 'Change input price' }).check();
  const price = dialog.getByLabel('New input price per 1M tokens');
  await price.fill('abc');
  await expectExplained(price, PRICE_ERROR);
  await expect(price).toHaveValue('abc');
  await expect(dialog.getByRole('button', { name: /^Apply/ })).toBeDisabled();
  await price.fill('0.25');
  await expect(price).toHaveAttribute('aria-invalid', 'false');
  await expect(dialog.getByText(/will change to .*input price 0\.25/)).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
});
