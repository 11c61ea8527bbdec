// The review queue: a provider ships two models; the sync that adds them queues them; the home page counts them and
// links to the Models page's "Awaiting review" filter, where an admin marks one reviewed from its row and the
// other with a bulk edit — each an audit event by that admin — until the queue is empty.
import { expect, test } from '@playwright/test';
import { database, STATE } from './support';

const SHIPPED = ['phi4:latest', 'gemma3:4b'];
const fakeProviders = `http://127.0.0.1:${Number(process.env.E2E_PORT) + 1}`;

test.describe('the review queue', () => {
  test.use({ storageState: STATE.admin });

  test('a sync queues what it adds; admins mark reviewed one by one and in bulk', async ({
    page,
    request,
  }) => {
    for (const id of SHIPPED) {
      const shipped = await request.post(`${fakeProviders}/control/ollama/add`, { data: { id } });
      expect(shipped.status()).toBe(204);
    }
    await page.goto('/admin/sync');
    await page.getByLabel('Provider', { exact: true }).selectOption({ label: 'Ollama' });
    // Run sync asks first, with the plan's counts (a preview shown for this choice is reused, else one is made).
    await page.getByRole('button', { name: 'Run sync' }).click();
    const confirm = page.getByRole('dialog', { name: 'Run the sync?' });
    await expect(confirm.getByRole('listitem')).toHaveText(['Ollama: 2 added']);
    await confirm.getByRole('button', { name: 'Run sync' }).click();
    await expect(page.getByText(/Ollama: Applied from api: 2 added/)).toBeVisible();
    await expect(page.getByText('2 models await review')).toBeVisible();

    await page.goto('/');
    const queue = page.getByRole('region', { name: 'Awaiting review' });
    await expect(queue).toContainText('2 models added by a sync await review');
    await queue.getByRole('link', { name: 'Review them' }).click();
    await expect(page).toHaveURL(/\/admin\/models\?review=awaiting$/);
    const table = page.getByRole('table');
    await expect(table.getByRole('row')).toHaveCount(3); // the header and the two queued models
    for (const id of SHIPPED) {
      const row = table.locator(`tr[data-model-id="${id}"]`);
      await expect(row.getByText('awaiting review', { exact: true })).toBeVisible();
    }

    // One from its row.
    await table
      .locator(`tr[data-model-id="${SHIPPED[0]}"]`)
      .getByRole('button', { name: 'Mark reviewed' })
      .click();
    await expect(page.getByText(`${SHIPPED[0]}: reviewed.`)).toBeVisible();
    await expect(table.locator(`tr[data-model-id="${SHIPPED[0]}"]`)).toHaveCount(0);

    // The other in bulk, setting its status in the same step.
    await page.getByRole('checkbox', { name: `Select ${SHIPPED[1]}` }).check();
    await page.getByRole('button', { name: 'Bulk edit…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('checkbox', { name: 'Change status' }).check();
    await dialog.getByRole('radio', { name: 'Active', exact: true }).check();
    await dialog.getByRole('checkbox', { name: 'Mark reviewed' }).check();
    await expect(dialog.getByText(/1 model will change to active, reviewed/)).toBeVisible();
    await dialog.getByRole('button', { name: 'Apply to 1 model' }).click();
    await expect(page.getByText('No model matches these filters.')).toBeVisible();

    const sql = database();
    try {
      const events = await sql`select model_id, actor, after from model_events where action = 'reviewed'
        order by id`;
      expect(events.map((e) => [e.model_id, e.actor])).toEqual([
        [SHIPPED[0], 'admin:admin@e2e.test'],
        [SHIPPED[1], 'admin:admin@e2e.test'],
      ]);
      expect(events[1]?.after).toMatchObject({ status: 'active', awaitingReviewSince: null });
      const [left] = await sql`select count(*)::int as n from models where awaiting_review_since is not null`;
      expect(left?.n).toBe(0);
    } finally {
      await sql.end();
    }
    await page.goto('/');
    await expect(page.getByRole('region', { name: 'Awaiting review' })).toHaveCount(0);
  });
});
