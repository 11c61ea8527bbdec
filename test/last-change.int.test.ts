// The Model Management page's "Last change" column: each row names its own model's newest actor and time, not the
// newest of any model (issue 12, defect 3: the correlated subquery compared model_events with itself).
import { and, desc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { modelEvents } from '../db/schema';
import { listModels, parseModelFilter } from '../lib/registry/reads/models-page';
import { deployedCatalogDb } from './support/catalog-db';
import { jsonOf, runCli } from './support/cli';
import { engine } from './support/db';

const deployed = deployedCatalogDb();

const edit = async (modelId: string, actor: string) => {
  const result = await runCli('models-edit', [modelId, '--status', 'active', '--actor', actor, '--json'], {
    env: deployed.db.env,
  });
  expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
  return jsonOf(result);
};

describe(`"Last change" on the Model Management page on ${engine}`, () => {
  it("shows each row's own newest actor and time", async () => {
    await edit('codestral-2508', 'x');
    await edit('devstral-medium-2507', 'y');

    await deployed.db.use(async ({ db }) => {
      const newest = async (modelId: string) => {
        const [event] = await db
          .select({ actor: modelEvents.actor, createdAt: modelEvents.createdAt })
          .from(modelEvents)
          .where(and(eq(modelEvents.provider, 'mistral'), eq(modelEvents.modelId, modelId)))
          .orderBy(desc(modelEvents.id))
          .limit(1);
        if (!event) throw new Error(`no event for ${modelId}`);
        return event;
      };
      const { rows, total } = await listModels(db, parseModelFilter({ perPage: '100' }));
      expect(rows).toHaveLength(total);
      const row = (modelId: string) => {
        const found = rows.find((r) => r.modelId === modelId);
        if (!found) throw new Error(`no row for ${modelId}`);
        return found;
      };

      const x = row('codestral-2508');
      const y = row('devstral-medium-2507');
      const untouched = row('ministral-8b-2410');
      const xEvent = await newest('codestral-2508');
      const yEvent = await newest('devstral-medium-2507');
      const untouchedEvent = await newest('ministral-8b-2410');

      expect(x.lastChangedBy).toBe('cli:x');
      expect(y.lastChangedBy).toBe('cli:y');
      expect(untouched.lastChangedBy).toBe(untouchedEvent.actor);
      expect(untouched.lastChangedBy).not.toMatch(/^cli:[xy]$/);

      expect(x.lastChangedAt).toBeInstanceOf(Date);
      expect(x.lastChangedAt?.getTime()).toBe(xEvent.createdAt.getTime());
      expect(y.lastChangedAt?.getTime()).toBe(yEvent.createdAt.getTime());
      expect(untouched.lastChangedAt?.getTime()).toBe(untouchedEvent.createdAt.getTime());
      expect(x.lastChangedAt?.getTime()).toBeLessThan(y.lastChangedAt?.getTime() ?? 0);

      // Every row, not only the three above: its own newest event or, with none, nothing.
      const newestOfEach = await db
        .selectDistinctOn([modelEvents.provider, modelEvents.modelId], {
          provider: modelEvents.provider,
          modelId: modelEvents.modelId,
          actor: modelEvents.actor,
          createdAt: modelEvents.createdAt,
        })
        .from(modelEvents)
        .orderBy(modelEvents.provider, modelEvents.modelId, desc(modelEvents.id));
      const expected = new Map(newestOfEach.map((e) => [`${e.provider}/${e.modelId}`, e]));
      expect(
        rows.map((r) => ({ model: r.modelId, by: r.lastChangedBy, at: r.lastChangedAt?.getTime() ?? null })),
      ).toEqual(
        rows.map((r) => {
          const event = expected.get(`${r.provider}/${r.modelId}`);
          return { model: r.modelId, by: event?.actor ?? null, at: event?.createdAt.getTime() ?? null };
        }),
      );
    });
  });
});
