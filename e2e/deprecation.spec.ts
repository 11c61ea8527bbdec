// Deprecation said early (issue 15): a deprecated default whose replacement is offered gets a one-click "Make
// <replacement> the default", through the change pipeline (both models audited); the consumer API tells clients the
// dates and the successor in headers. Arranged in the database, and put back after, for the flows that follow.
import { expect, test } from '@playwright/test';
import { database, ModelsPage, STATE } from './support';

test.use({ storageState: STATE.admin });

const OLD = 'open-mistral-7b';
const NEW = 'ministral-8b-latest';

test('a deprecated default moves to its offered replacement in one action, audited', async ({
  page,
  request,
}) => {
  const sql = database();
  try {
    const [old] = await sql<
      { type: string; status: string }[]
    >`select type, status from models where model_id = ${OLD}`;
    const type = old?.type ?? '';
    const defaults = await sql<{ id: number }[]>`select id from models where is_default and type = ${type}`;
    const [replacement] = await sql<{ status: string }[]>`select status from models where model_id = ${NEW}`;
    const since = new Date();
    try {
      await sql`update models set is_default = false where type = ${type}`;
      await sql`update models set is_default = true, status = 'active' where model_id = ${OLD}`;
      await sql`update models set status = 'active' where model_id = ${NEW}`;

      // The consumer API: a deprecated model says so in headers.
      const api = await request.get(`/api/v1/models/${OLD}`);
      expect(api.status()).toBe(200);
      expect(api.headers().deprecation).toBe('@1769860800');
      expect(api.headers().sunset).toBe('Sat, 31 Jan 2026 12:00:00 GMT');
      expect(api.headers().link).toMatch(/\/api\/v1\/models\/ministral-8b-latest>; rel="successor-version"$/);

      const models = new ModelsPage(page);
      await models.goto(`?q=${OLD}`);
      const row = models.row(OLD);
      await expect(row.getByText('deprecated 2026-01-31', { exact: true })).toBeVisible();
      await expect(row.getByText(`→ ${NEW}`, { exact: true })).toBeVisible();
      await row.getByRole('button', { name: `Make ${NEW} the default` }).click();
      await expect(
        page.getByText(`${NEW} is now the default ${type} model, in place of ${OLD}.`),
      ).toBeVisible();
      await expect(row.getByRole('button', { name: `Make ${NEW} the default` })).toBeHidden();

      const now = await sql<{ model_id: string; is_default: boolean }[]>`
        select model_id, is_default from models where model_id in (${OLD}, ${NEW}) order by model_id`;
      expect(now.map((r) => [r.model_id, r.is_default])).toEqual([
        [NEW, true],
        [OLD, false],
      ]);
      const events = await sql<
        { model_id: string; before: { isDefault?: boolean }; after: { isDefault?: boolean } }[]
      >`
        select model_id, before, after from model_events
        where actor = 'admin:admin@e2e.test' and created_at >= ${since} and model_id in (${OLD}, ${NEW})
        order by model_id`;
      expect(events.map((e) => [e.model_id, e.before?.isDefault, e.after?.isDefault])).toEqual([
        [NEW, false, true],
        [OLD, true, false],
      ]);
    } finally {
      await sql`update models set is_default = false where type = ${type}`;
      if (defaults.length > 0)
        await sql`update models set is_default = true where id in ${sql(defaults.map((d) => d.id))}`;
      if (replacement) await sql`update models set status = ${replacement.status} where model_id = ${NEW}`;
      if (old) await sql`update models set status = ${old.status} where model_id = ${OLD}`;
    }
  } finally {
    await sql.end();
  }
});
