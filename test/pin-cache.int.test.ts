// The pins a page shows (pins.ts `pagePins`) are resolved once per registry revision and config, not on every
// request (issue 17: at 100,000 models a resolution took about a second per page): kept while nothing is written,
// resolved again after any write to `models`, or when the config changes.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import modelDefaults from '../config/model-defaults';
import { models } from '../db/schema';
import { pagePins, pinKey, registryPins } from '../lib/registry/pins';
import { deployedCatalogDb } from './support/catalog-db';
import { engine } from './support/db';

const deployed = deployedCatalogDb();

describe(`pins kept per registry revision on ${engine}`, () => {
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
});
