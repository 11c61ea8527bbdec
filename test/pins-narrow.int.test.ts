// registryPins reads only the rows the config's entries can reach (issue 17: reading every row took about a second
// at 100,000 models, on every write). Its resolution must equal one over every listed row, whatever the entries:
// by id, alias, name or the -latest fallback, qualified by provider, in conflict, unmatched, a manual model, a
// retired model, and a group whose links chain through several rows.
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import modelDefaults from '../config/model-defaults';
import { models } from '../db/schema';
import { pinCandidates, registryPins, resolvePins } from '../lib/registry/config/pins';
import type { ModelDefaults } from '../lib/registry/types';
import { deployedCatalogDb } from './support/catalog-db';
import { engine } from './support/db';

const deployed = deployedCatalogDb();

const configs: [string, Partial<ModelDefaults>][] = [
  ['the shipped defaults', {}],
  [
    'names and the -latest fallback',
    { alwaysActive: ['mistral-large', 'codestral'], alwaysInactive: ['pixtral-large-latest'] },
  ],
  [
    'one group pinned both ways',
    { alwaysActive: ['mistral-large-latest'], alwaysInactive: ['mistral-large-2512'] },
  ],
  ['entries matching nothing', { alwaysActive: ['no-such-model', 'openai/gpt-4o'], alwaysInactive: [] }],
  ['qualified by provider', { alwaysActive: ['mistral/ministral-8b-latest'], alwaysInactive: ['chain-d'] }],
  [
    'a manual model, a retired one, a chained group',
    { alwaysActive: ['my-manual', 'chain-a'], alwaysInactive: ['old-model'] },
  ],
];

describe(`pins resolved over the rows entries reach, on ${engine}`, () => {
  it('equal a resolution over every listed row, for every kind of entry', async () => {
    await deployed.db.use(async ({ db }) => {
      // chain-a names chain-b as an alias; chain-b shares its group name with chain-c; chain-d names chain-c: one
      // group reached in three steps. old-model is retired: never a candidate.
      await db.execute(sql`
        insert into models (provider, model_id, display_name, type, status, status_source, status_set_by, source,
                            group_name, aliases)
        values ('mistral', 'chain-a', 'A', 'chat', 'inactive', 'default', 'test', 'provider', null, '{chain-b}'),
               ('mistral', 'chain-b', 'B', 'chat', 'inactive', 'default', 'test', 'provider', 'chain-g', '{}'),
               ('mistral', 'chain-c', 'C', 'chat', 'inactive', 'default', 'test', 'provider', 'chain-g', '{}'),
               ('mistral', 'chain-d', 'D', 'chat', 'inactive', 'default', 'test', 'provider', null, '{chain-c}'),
               ('mistral', 'my-manual', 'M', 'chat', 'inactive', 'default', 'test', 'manual', null, '{}'),
               ('mistral', 'old-model', 'O', 'chat', 'inactive', 'default', 'test', 'provider', null, '{}')`);
      await db.update(models).set({ retiredAt: new Date() }).where(eq(models.modelId, 'old-model'));
      const now = new Date();
      const every = await pinCandidates(db);
      for (const [name, lists] of configs) {
        const config = { ...modelDefaults, ...lists };
        // What each resolves over differs by design (its groups); what it resolves to may not.
        const { groups: _narrowGroups, ...narrow } = await registryPins(db, config, now);
        const { groups: _everyGroups, ...full } = resolvePins(every, config, now);
        expect(narrow, name).toEqual(full);
      }
      // The chained group is pinned whole, both ways: a conflict over all four ids.
      const chained = await registryPins(
        db,
        { ...modelDefaults, ...configs[4]?.[1], alwaysActive: ['chain-a'] },
        now,
      );
      expect(chained.conflicts.map((c) => c.modelIds)).toEqual([
        ['chain-a', 'chain-b', 'chain-c', 'chain-d'],
      ]);
    });
  });
});
