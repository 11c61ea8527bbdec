// The global audit log (lib/registry/audit/log.ts) on both engines: model events across every model, newest first,
// filtered by actor (exact or prefix), action, provider and UTC day range, paged by id both ways; account events
// alike, and access events (API keys); URL values that do not parse fall back to no filter, never an error.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/client';
import { accountEvents, modelEvents, models } from '../db/schema';
import { createKey, revokeKey } from '../lib/registry/access/keys';
import { describeEventChanges } from '../lib/registry/audit/labels';
import {
  listAccessEvents,
  listAccountEvents,
  listModelEvents,
  parseAuditFilter,
} from '../lib/registry/audit/log';
import { createTestDb, type TestDb } from './support/db';

let testDb: TestDb;
let handle: DbHandle;

const at = (day: string, hour = 12) => new Date(`${day}T${String(hour).padStart(2, '0')}:00:00Z`);

beforeAll(async () => {
  testDb = await createTestDb();
  handle = await testDb.open();
  await handle.db.execute(sql`insert into providers (id, display_name, api_base_url)
    values ('openai', 'OpenAI', 'https://api.openai.com/v1') on conflict do nothing`);
  const [live] = await handle.db
    .insert(models)
    .values({
      provider: 'mistral',
      modelId: 'mistral-large-2512',
      displayName: 'Mistral Large',
      type: 'chat',
      status: 'active',
      statusSource: 'admin',
      statusSetBy: 'seed',
      source: 'provider',
    })
    .returning({ id: models.id });
  // Oldest first: ids follow this order. `gone-manual` no longer exists as a model.
  await handle.db.insert(modelEvents).values([
    {
      modelPk: live!.id,
      provider: 'mistral',
      modelId: 'mistral-large-2512',
      actor: 'seed',
      action: 'created',
      before: null,
      after: { displayName: 'Mistral Large', type: 'chat', status: 'inactive' },
      createdAt: at('2026-01-01'),
    },
    {
      modelPk: live!.id,
      provider: 'mistral',
      modelId: 'mistral-large-2512',
      actor: 'admin:ada@int.test',
      action: 'status_changed',
      before: { status: 'inactive', statusSource: 'default' },
      after: { status: 'active', statusSource: 'admin' },
      createdAt: at('2026-01-02'),
    },
    {
      modelPk: null,
      provider: 'openai',
      modelId: 'gone-manual',
      actor: 'admin:adam@int.test',
      action: 'deleted',
      before: { displayName: 'Gone' },
      after: null,
      createdAt: at('2026-01-03', 23),
    },
    {
      modelPk: null,
      provider: 'openai',
      modelId: 'gpt-x',
      actor: 'cli:walk',
      action: 'updated',
      before: { aliases: ['a'] },
      after: { aliases: ['a', 'b'] },
      createdAt: at('2026-01-04'),
    },
    {
      modelPk: null,
      provider: 'openai',
      modelId: 'gpt-x',
      actor: 'cli',
      action: 'status_changed',
      before: { status: 'active' },
      after: { status: 'inactive' },
      createdAt: at('2026-01-05'),
    },
  ]);
  await handle.db.insert(accountEvents).values([
    {
      email: 'bob@int.test',
      actor: 'cli',
      action: 'created',
      after: { role: 'viewer' },
      createdAt: at('2026-01-01'),
    },
    {
      email: 'bob@int.test',
      actor: 'admin:ada@int.test',
      action: 'role_changed',
      before: { role: 'viewer' },
      after: { role: 'admin' },
      createdAt: at('2026-01-02'),
    },
  ]);
});
afterAll(async () => {
  await handle?.close();
  await testDb?.drop();
});

const ids = (page: { rows: { modelId: string; action: string }[] }) =>
  page.rows.map((r) => `${r.modelId}:${r.action}`);

describe('model events across the registry', () => {
  it('lists every event newest first, linking the models that still exist', async () => {
    const page = await listModelEvents(handle.db, parseAuditFilter({}));
    expect(ids(page)).toEqual([
      'gpt-x:status_changed',
      'gpt-x:updated',
      'gone-manual:deleted',
      'mistral-large-2512:status_changed',
      'mistral-large-2512:created',
    ]);
    expect(page.rows.map((r) => r.currentModelPk !== null)).toEqual([false, false, false, true, true]);
    expect(page.rows[3]).toMatchObject({
      actor: 'admin:ada@int.test',
      provider: 'mistral',
      before: { status: 'inactive' },
      after: { status: 'active' },
    });
    expect(page.newer).toBeNull();
    expect(page.older).toBeNull();
  });

  it('filters by actor (exact or prefix), action, provider and UTC days, together', async () => {
    const list = (params: Record<string, string>) => listModelEvents(handle.db, parseAuditFilter(params));
    expect(ids(await list({ actor: 'cli' }))).toEqual(['gpt-x:status_changed', 'gpt-x:updated']);
    expect(ids(await list({ actor: 'cli:walk' }))).toEqual(['gpt-x:updated']);
    expect(ids(await list({ actor: 'admin:' }))).toEqual([
      'gone-manual:deleted',
      'mistral-large-2512:status_changed',
    ]);
    expect(ids(await list({ actor: 'admin:ada@int.test' }))).toEqual(['mistral-large-2512:status_changed']);
    // % and _ are letters here, not wildcards.
    expect(ids(await list({ actor: 'admin:%' }))).toEqual([]);
    expect(ids(await list({ action: 'status_changed' }))).toEqual([
      'gpt-x:status_changed',
      'mistral-large-2512:status_changed',
    ]);
    expect(ids(await list({ provider: 'openai', action: 'status_changed' }))).toEqual([
      'gpt-x:status_changed',
    ]);
    // `to` includes its whole day (23:00 on the 3rd); `from` starts at its midnight.
    expect(ids(await list({ from: '2026-01-02', to: '2026-01-03' }))).toEqual([
      'gone-manual:deleted',
      'mistral-large-2512:status_changed',
    ]);
  });

  it('pages by id: older and newer cursors walk the same rows in both directions', async () => {
    const first = await listModelEvents(handle.db, parseAuditFilter({}), 2);
    expect(ids(first)).toEqual(['gpt-x:status_changed', 'gpt-x:updated']);
    expect(first.newer).toBeNull();
    const second = await listModelEvents(handle.db, parseAuditFilter({ before: String(first.older) }), 2);
    expect(ids(second)).toEqual(['gone-manual:deleted', 'mistral-large-2512:status_changed']);
    const third = await listModelEvents(handle.db, parseAuditFilter({ before: String(second.older) }), 2);
    expect(ids(third)).toEqual(['mistral-large-2512:created']);
    expect(third.older).toBeNull();
    const back = await listModelEvents(handle.db, parseAuditFilter({ after: String(third.newer) }), 2);
    expect(ids(back)).toEqual(ids(second));
    const top = await listModelEvents(handle.db, parseAuditFilter({ after: String(back.newer) }), 2);
    expect(ids(top)).toEqual(ids(first));
    expect(top.newer).toBeNull();
  });

  it('ignores URL values that do not parse instead of failing', async () => {
    const filter = parseAuditFilter({
      action: 'exploded',
      provider: 'Not A Provider',
      from: '2026-13-45',
      to: 'yesterday',
      before: '-1',
      after: 'x',
      actor: 'x'.repeat(500),
      log: 'secrets',
    });
    expect(filter).toEqual({ log: 'models' });
    expect((await listModelEvents(handle.db, filter)).rows).toHaveLength(5);
    // An account action is not a model action.
    expect(parseAuditFilter({ action: 'role_changed' }).action).toBeUndefined();
  });
});

describe('account events', () => {
  it('lists them newest first, filtered by actor, action and day', async () => {
    const all = await listAccountEvents(handle.db, parseAuditFilter({ log: 'accounts' }));
    expect(all.rows.map((r) => [r.email, r.action, r.actor])).toEqual([
      ['bob@int.test', 'role_changed', 'admin:ada@int.test'],
      ['bob@int.test', 'created', 'cli'],
    ]);
    const filtered = await listAccountEvents(
      handle.db,
      parseAuditFilter({ log: 'accounts', actor: 'admin:', action: 'role_changed', from: '2026-01-02' }),
    );
    expect(filtered.rows.map((r) => r.action)).toEqual(['role_changed']);
    expect(
      (await listAccountEvents(handle.db, parseAuditFilter({ log: 'accounts', action: 'updated' }))).rows,
    ).toHaveLength(2);
  });
});

describe('access events', () => {
  it('list key changes newest first, filtered by action, and never a secret', async () => {
    const declared = { groups: [], teams: [], origin: null, fingerprint: 'none' };
    const { key, record } = await createKey(handle.db, declared, {
      name: 'Backend',
      kind: 'platform',
      actor: 'admin:ada@int.test',
    });
    await revokeKey(handle.db, record.prefix, 'cli');
    const all = await listAccessEvents(handle.db, parseAuditFilter({ log: 'access' }));
    expect(all.rows.map((r) => [r.subject, r.action, r.actor])).toEqual([
      [record.prefix, 'key_revoked', 'cli'],
      [record.prefix, 'key_created', 'admin:ada@int.test'],
    ]);
    expect(JSON.stringify(all.rows)).not.toContain(key.slice(13));
    const revoked = all.rows[0];
    expect(describeEventChanges('key_revoked', revoked?.before ?? null, revoked?.after ?? null)).toEqual([
      {
        field: 'Revoked',
        before: 'none',
        after: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/),
      },
    ]);
    const created = await listAccessEvents(
      handle.db,
      parseAuditFilter({ log: 'access', action: 'key_created' }),
    );
    expect(created.rows.map((r) => r.action)).toEqual(['key_created']);
    // A key action is not a model action, nor a model action an access one.
    expect(parseAuditFilter({ action: 'key_created' }).action).toBeUndefined();
    expect(parseAuditFilter({ log: 'access', action: 'updated' }).action).toBeUndefined();
  });
});
