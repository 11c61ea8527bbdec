// A bulk edit, then its Undo: the dialog opens with nothing ticked, names the models that will change, and the toast
// after applying offers Undo, which puts every row back as it was (status with its origin) with one audited
// `undone` event per model. Its own two models, compared with what they held when the test began (any order of flows).
import { expect, request as playwrightRequest, test } from '@playwright/test';
import { callAction, database, ModelsPage, STATE } from './support';

test.use({ storageState: STATE.admin });

const IDS = ['pixtral-12b-2409', 'pixtral-12b-latest'];
const PRICE = '0.123';

/** The two rows as a person compares them: without the bookkeeping every write moves on. */
async function rows() {
  const sql = database();
  try {
    const found = await sql`select * from models where model_id in ${sql(IDS)} order by model_id`;
    return found.map(({ version: _v, updated_at: _u, status_set_at: _s, ...row }) => row);
  } finally {
    await sql.end();
  }
}

/** The newest event of each of the two models. */
async function latestEvents() {
  const sql = database();
  try {
    return await sql<{ model_id: string; action: string; actor: string; after: Record<string, unknown> }[]>`
      select distinct on (model_id) model_id, action, actor, after from model_events
      where model_id in ${sql(IDS)} order by model_id, id desc`;
  } finally {
    await sql.end();
  }
}

test('a bulk edit lists its models, then Undo puts every row back with one undone event each', async ({
  page,
  baseURL,
}) => {
  const before = await rows();
  expect(before).toHaveLength(2);
  const models = new ModelsPage(page);
  await models.goto('?q=pixtral-12b');
  for (const id of IDS) await models.select(id);
  await page.getByRole('button', { name: 'Bulk edit…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Bulk edit 2 models' });

  // Nothing is ticked at open: nothing would change, and Apply says why it cannot be used.
  for (const box of await dialog.getByRole('checkbox').all()) await expect(box).not.toBeChecked();
  const apply = dialog.getByRole('button', { name: /^Apply/ });
  await expect(apply).toBeDisabled();
  await expect(apply).toHaveAccessibleDescription('Tick a field to change');

  await dialog.getByRole('checkbox', { name: 'Change status' }).check();
  await dialog.getByRole('radio', { name: 'Active', exact: true }).check();
  await dialog.getByRole('checkbox', { name: 'Change input price' }).check();
  await dialog.getByLabel('New input price per 1M tokens').fill(PRICE);
  await expect(dialog.getByText(`2 models will change to active, input price ${PRICE}`)).toBeVisible();
  const listed = dialog.getByRole('list', { name: 'Models that will change' });
  for (const id of IDS) await expect(listed).toContainText(`mistral/${id}`);
  await dialog.getByRole('button', { name: 'Apply to 2 models' }).click();
  await expect(dialog).toBeHidden();

  const toast = page.getByText(
    `2 models set to active, input price ${PRICE}; 0 already so; 0 pinned skipped.`,
  );
  await expect(toast).toBeVisible();
  const edited = await latestEvents();
  const bulkEdit = edited[0]?.after.bulkEdit;
  expect(typeof bulkEdit).toBe('string');
  expect(edited.map((e) => [e.model_id, e.after.bulkEdit])).toEqual(IDS.map((id) => [id, bulkEdit]));
  for (const row of await rows()) expect(row).toMatchObject({ status: 'active', status_source: 'admin' });

  // A viewer cannot undo it, even calling the action directly.
  const viewer = await playwrightRequest.newContext({ baseURL, storageState: STATE.viewer });
  const refused = await callAction(viewer, 'undoBulkAction', { bulkEdit });
  expect(refused.body).toContain('"forbidden"');
  await viewer.dispose();
  expect((await latestEvents()).map((e) => e.action)).not.toContain('undone');

  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByText('Undone: 2 models are back as they were.')).toBeVisible();
  expect(await rows()).toEqual(before);
  const undone = await latestEvents();
  for (const event of undone) {
    expect(event).toMatchObject({
      action: 'undone',
      actor: 'admin:admin@e2e.test',
      after: {
        undoes: bulkEdit,
        reason: expect.stringContaining('Undo of the bulk edit by admin:admin@e2e.test'),
      },
    });
  }

  // Undo twice does nothing the second time.
  const admin = await playwrightRequest.newContext({ baseURL, storageState: STATE.admin });
  const again = await callAction(admin, 'undoBulkAction', { bulkEdit });
  expect(again.body).toContain('This bulk edit was already undone; nothing changed.');
  await admin.dispose();
  expect(await rows()).toEqual(before);
  expect(await latestEvents()).toEqual(undone);

  // The history says it in words: what the undo put back, per field.
  await models.goto('?q=pixtral-12b-2409');
  await page.getByRole('link', { name: 'History of pixtral-12b-2409' }).click();
  const latest = page.getByRole('list', { name: 'Events' }).getByRole('listitem').first();
  await expect(latest).toContainText('Bulk edit undone');
  await expect(latest).toContainText(`Input price per 1M tokens: ${PRICE} →`);
  await expect(latest).not.toContainText('undoes');
});
