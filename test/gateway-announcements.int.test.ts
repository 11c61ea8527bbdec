// What the webhook was last told about each gateway's config (gateway_announcements, lib/registry/gateways/
// announced.ts): a change is compared with it, and a delivery that went through moves it on — only from what that
// change was compared with, so two announcements in flight never lose one (the older finishing last).
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/client';
import { models } from '../db/schema';
import { knownProviders, loadAccessDeclarations } from '../lib/registry/access/declared';
import { saveGroup } from '../lib/registry/access/edits';
import { gatewayChangeSinceAnnounced, recordAnnounced } from '../lib/registry/gateways/announced';
import { card, seedCards } from './support/cards';
import { createTestDb, engine, type TestDb } from './support/db';

let testDb: TestDb;
let handle: DbHandle;
beforeAll(async () => {
  testDb = await createTestDb();
  handle = await testDb.open();
  await seedCards(handle.db, 'mistral', [card('mistral-large-latest'), card('mistral-small-latest')], {
    newStatus: 'active',
  });
});
afterAll(async () => {
  await handle?.close();
  await testDb?.drop();
});

const change = async () => {
  const found = await gatewayChangeSinceAnnounced(handle.db, {});
  if (!found.ok) throw new Error(found.error);
  return found;
};
const setPrice = (modelId: string, input: string) =>
  handle.db
    .update(models)
    .set({ inputPricePerMtok: input, outputPricePerMtok: input, priceSource: 'admin' })
    .where(and(eq(models.provider, 'mistral'), eq(models.modelId, modelId)));

describe(`gateway announcements on ${engine}`, () => {
  it('names what was never announced, then only what changed since; an older delivery finishing last loses nothing', async () => {
    const first = await change();
    expect(first.formats).toEqual(['litellm', 'librechat']);
    await recordAnnounced(handle.db, first, '00000000-0000-4000-8000-000000000001');
    expect((await change()).formats).toEqual([]);

    // Two admins' price edits, each announced (a price is LiteLLM's alone); B's delivery goes through first.
    await setPrice('mistral-large-latest', '2');
    const a = await change();
    await setPrice('mistral-small-latest', '1');
    const b = await change();
    expect([a.formats, b.formats]).toEqual([['litellm'], ['litellm']]);
    await recordAnnounced(handle.db, b, '00000000-0000-4000-8000-00000000000b');
    await recordAnnounced(handle.db, a, '00000000-0000-4000-8000-00000000000a'); // A's slow retries end now
    expect((await change()).formats).toEqual([]); // the hook has B's config, and B's is the one recorded
    // B undone: the config is A's again, which the hook does not have. Recorded as A's, this would be lost.
    await handle.db
      .update(models)
      .set({ inputPricePerMtok: null, outputPricePerMtok: null, priceSource: null })
      .where(eq(models.modelId, 'mistral-small-latest'));
    expect((await change()).formats).toEqual(['litellm']);
  });

  it("an access group saved is LiteLLM's alone (access_groups); LibreChat's config has none", async () => {
    await recordAnnounced(handle.db, await change(), '00000000-0000-4000-8000-000000000002');
    await saveGroup(
      handle.db,
      loadAccessDeclarations({}),
      { slug: 'large', name: 'Large', match: { ids: ['mistral-large*'] } },
      { mode: 'create', actor: 'admin:a@x.test', providerIds: knownProviders({}) },
    );
    expect((await change()).formats).toEqual(['litellm']);
  });
});
