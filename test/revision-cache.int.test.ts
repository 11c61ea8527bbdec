// What the Models page derives from every row is kept per registry revision (revision.ts), not derived on every
// request (issue 17: at 100,000 models a pin resolution took about a second per page, a count of a filter two
// scans): the pins (per config), the filter bar's choices and each filter's count — kept while nothing is written,
// derived again after any write to `models`.
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import modelDefaults from '../config/model-defaults';
import { models } from '../db/schema';
import { pagePins, pinKey, registryPins } from '../lib/registry/config/pins';
import { filterOptions, listModels, parseModelFilter } from '../lib/registry/reads/models-page';
import { keptPerRevision } from '../lib/registry/revision';
import { deployedCatalogDb } from './support/catalog-db';
import { engine } from './support/db';

const deployed = deployedCatalogDb();

describe(`what pages derive from every row, kept per registry revision on ${engine}`, () => {
  it('keeps a resolution until a write, then resolves again; a changed config resolves again', async () => {
    await deployed.db.use(async ({ db }) => {
      const now = new Date();
      const first = await pagePins(db, modelDefaults, now);
      expect(first.get(pinKey('mistral', 'mistral-large-latest'))?.status).toBe('active');
      expect(await pagePins(db, modelDefaults, now)).toBe(first);

      // Any write to models moves the revision: the kept pins are not served past it.
      await db.update(models).set({ retiredAt: now }).where(eq(models.modelId, 'mistral-large-2512'));
      const second = await pagePins(db, modelDefaults, now);
      expect(second).not.toBe(first);
      expect(second).toEqual((await registryPins(db, modelDefaults, now)).pins);
      expect(second.has(pinKey('mistral', 'mistral-large-2512'))).toBe(false);

      const config = { ...modelDefaults, alwaysActive: [], alwaysInactive: ['codestral'] };
      const third = await pagePins(db, config, now);
      expect(third.get(pinKey('mistral', 'codestral-2508'))?.status).toBe('inactive');
      expect(third.has(pinKey('mistral', 'mistral-large-latest'))).toBe(false);
    });
  });

  it("keeps each filter's count and the filter choices until a write, and never serves them past it", async () => {
    await deployed.db.use(async ({ db }) => {
      const large = parseModelFilter({ q: 'large', perPage: '25' });
      const first = await listModels(db, large);
      expect(first.total).toBeGreaterThan(1);
      const options = await filterOptions(db);
      expect(options.providers.map((p) => p.id)).toEqual(['mistral']);
      expect(options.capabilities).toContain('vision');

      // The same filter on another page, sorted otherwise, reuses the count while the revision stands: shown by a
      // write made with the revision trigger off (as no real write can be), which the kept count does not see.
      await db.execute(sql`alter table models disable trigger models_bump_revision`);
      await db
        .update(models)
        .set({ modelId: 'hidden-2411', displayName: 'Hidden', aliases: [] })
        .where(eq(models.modelId, 'mistral-large-2411'));
      await db.execute(sql`alter table models enable trigger models_bump_revision`);
      const again = await listModels(
        db,
        parseModelFilter({ q: 'large', perPage: '25', sort: 'context', page: '2' }),
      );
      expect(again.total).toBe(first.total);
      expect(await filterOptions(db)).toEqual(options);

      // A write that takes a model out of the filter: the next count is the new one.
      const [renamed] = await db
        .update(models)
        .set({ modelId: 'renamed-model', displayName: 'Renamed', aliases: [] })
        .where(eq(models.modelId, 'mistral-large-2512'))
        .returning({ id: models.id });
      expect(renamed).toBeDefined();
      expect((await listModels(db, large)).total).toBe(first.total - 2);
      await db.update(models).set({ capabilities: [] });
      expect((await filterOptions(db)).capabilities).toEqual([]);
    });
  });

  it('many requests at once for what nobody asked before derive it once; a failed derivation is not kept', async () => {
    await deployed.db.use(async ({ db }) => {
      let derived = 0;
      let fail = true;
      const counted = keptPerRevision(
        async (_db, key: string) => {
          derived++;
          await new Promise((resolve) => setTimeout(resolve, 20));
          if (key === 'flaky' && fail) throw new Error('the database went away');
          return { key };
        },
        (key) => key,
        10,
      );
      const answers = await Promise.all(Array.from({ length: 40 }, () => counted(db, 'search')));
      expect(derived).toBe(1);
      expect(new Set(answers).size).toBe(1);
      expect(answers[0]).toEqual({ key: 'search' });

      const failed = await Promise.allSettled([counted(db, 'flaky'), counted(db, 'flaky')]);
      expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected']);
      expect(derived).toBe(2);
      fail = false;
      expect(await counted(db, 'flaky')).toEqual({ key: 'flaky' });
      expect(derived).toBe(3);

      // A write moves the revision: derived again.
      await db.update(models).set({ retiredAt: null });
      await counted(db, 'search');
      expect(derived).toBe(4);
    });
  });
});
