// Export / import as the commands run them: a round trip that reproduces every admin decision in a fresh
// registry, invalid files named by JSON path with nothing written, pins and unknown ids reported, and atomicity
// when the database refuses part of an import.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import modelDefaults from '../config/model-defaults';
import type { DbHandle } from '../db/client';
import { modelEvents, models } from '../db/schema';
import { applyBulkEdit } from '../lib/registry/changes/bulk-edit';
import { createManualModel, manualModelSchema } from '../lib/registry/changes/manual-models';
import { modelEditSchema, updateModel } from '../lib/registry/changes/model-edit';
import {
  type ExportFile,
  exportRegistry,
  importRegistry,
  parseExportFile,
  writeExport,
} from '../lib/registry/transfer/export-import';
import { runCli } from './support/cli';
import { createTestDb, engine, type TestDb } from './support/db';

const ADMIN = 'admin:dee@example.com';
let dir: string;
const cli = (db: TestDb, name: string, args: string[]) => runCli(name, args, { env: db.env });

/** The decisions an import must reproduce: everything but who did it, when, and the database's own ids. */
function decisions(file: ExportFile) {
  return file.models.map(({ statusSetBy: _by, ...entry }) => entry);
}

async function makeDecisions(handle: DbHandle) {
  const db = handle.db;
  const row = async (id: string) => {
    const [found] = await db.select().from(models).where(eq(models.modelId, id));
    if (!found) throw new Error(id);
    return found;
  };
  const ids = async (names: string[]) => Promise.all(names.map(async (n) => (await row(n)).id));
  await applyBulkEdit(db, modelDefaults, {
    target: { kind: 'ids', ids: await ids(['codestral-2508', 'devstral-medium-2507', 'pixtral-12b-2409']) },
    changes: { status: 'active', inputPricePerMtok: '0.3' },
    actor: ADMIN,
  });
  await applyBulkEdit(db, modelDefaults, {
    target: { kind: 'ids', ids: await ids(['mistral-small-latest']) },
    changes: { status: 'inactive', type: 'other' },
    actor: ADMIN,
  });
  const codestral = await row('codestral-2508');
  await updateModel(
    db,
    modelDefaults,
    modelEditSchema.parse({
      id: codestral.id,
      version: codestral.version,
      displayName: 'Codestral (house)',
      contextLength: '64000',
      capabilities: 'completion_chat, vision',
      outputPricePerMtok: '0.9',
      isDefault: true,
    }),
    ADMIN,
  );
  await createManualModel(
    db,
    modelDefaults,
    manualModelSchema.parse({
      provider: 'mistral',
      modelId: 'acme-ft-7',
      displayName: 'Acme fine-tune 7',
      description: 'Support tickets',
      type: 'chat',
      status: 'active',
      contextLength: '32000',
      inputPricePerMtok: '1.25',
    }),
    ADMIN,
  );
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mr-transfer-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe(`export and import on ${engine}`, () => {
  it('round trip: export → fresh database → deploy → import reproduces every admin decision', async () => {
    const source = await createTestDb();
    const target = await createTestDb();
    try {
      expect((await cli(source, 'models-deploy', ['--source', 'catalog'])).code).toBe(0);
      await source.use(makeDecisions);
      const file = join(dir, 'export.json');
      const exported = await cli(source, 'models-export', ['--out', file]);
      expect(exported.code, exported.stderr).toBe(0);
      expect(exported.stdout).toContain('Exported 45 models');
      const text = readFileSync(file, 'utf8');
      const original = parseExportFile(text);
      // Written a page at a time: the same text as the whole export stringified at once.
      const whole = await source.use((h) => exportRegistry(h.db, new Date(original.exportedAt as string)));
      expect(text).toBe(`${JSON.stringify(whole, null, 2)}\n`);

      expect((await cli(target, 'models-deploy', ['--source', 'catalog'])).code).toBe(0);
      const dry = await cli(target, 'models-import', [file, '--dry-run', '--json']);
      expect(dry.code, dry.stderr).toBe(0);
      expect(JSON.parse(dry.stdout)).toMatchObject({ dryRun: true, changed: 4, created: 1, unknown: [] });
      await target.use(async (h) => {
        expect(await h.db.select().from(modelEvents).where(eq(modelEvents.actor, 'import'))).toHaveLength(0);
      });

      const imported = await cli(target, 'models-import', [file, '--json']);
      expect(imported.code, imported.stderr).toBe(0);
      expect(JSON.parse(imported.stdout)).toMatchObject({
        dryRun: false,
        changed: 4,
        created: 1,
        pinnedSkipped: [],
      });

      const reproduced = await target.use((h) => exportRegistry(h.db));
      expect(decisions(reproduced)).toEqual(decisions(original));
      await target.use(async (h) => {
        const events = await h.db.select().from(modelEvents).where(eq(modelEvents.actor, 'import'));
        expect(events).toHaveLength(5);
        const [codestral] = await h.db.select().from(models).where(eq(models.modelId, 'codestral-2508'));
        expect(codestral).toMatchObject({ statusSource: 'admin', statusSetBy: 'import', isDefault: true });
      });

      // Importing the same file again changes nothing and writes no event.
      const again = await cli(target, 'models-import', [file, '--json']);
      expect(JSON.parse(again.stdout)).toMatchObject({ changed: 0, created: 0, unchanged: 45 });
    } finally {
      await source.drop();
      await target.drop();
    }
  });

  it('an import of many alike entries plans them by class yet reports and records each model as entry by entry', async () => {
    const target = await createTestDb();
    try {
      expect((await cli(target, 'models-deploy', ['--source', 'catalog'])).code).toBe(0);
      await target.use(async ({ db }) => {
        const file = await exportRegistry(db);
        // Every status an admin's, in three alike groups of asks over the file.
        file.models = file.models.map((entry, i) => ({
          ...entry,
          statusSource: 'admin' as const,
          status: i % 3 === 0 ? ('active' as const) : ('inactive' as const),
        }));
        const before = new Map((await db.select().from(models)).map((r) => [r.modelId, r]));
        const report = await importRegistry(db, modelDefaults, file);
        const events = await db
          .select()
          .from(modelEvents)
          .where(eq(modelEvents.actor, 'import'))
          .orderBy(modelEvents.id);
        expect(report.changed).toBeGreaterThan(5);
        expect(events).toHaveLength(report.changed);
        expect(new Set(events.map((e) => e.modelId)).size).toBe(report.changed);
        const after = new Map((await db.select().from(models)).map((r) => [r.modelId, r]));
        for (const event of events) {
          const was = before.get(event.modelId);
          const now = after.get(event.modelId);
          expect(event.modelPk).toBe(now?.id);
          expect((event.before as { status?: string }).status ?? was?.status).toBe(was?.status);
          expect(now?.statusSource).toBe('admin');
          expect(now?.statusSetBy).toBe('import');
        }
        // The report lists the changed models in the file's order, as an import entry by entry did.
        const changed = new Set(events.map((e) => e.modelId));
        expect(report.changes.map((c) => c.model)).toEqual(
          file.models.filter((e) => changed.has(e.modelId)).map((e) => `${e.provider}/${e.modelId}`),
        );
        for (const entry of file.models) {
          const now = after.get(entry.modelId);
          if (now?.statusSource === 'admin') expect(now.status).toBe(entry.status);
        }
      });
    } finally {
      await target.drop();
    }
  });

  it('writes an export page by page as exportRegistry stringified whole, an empty registry too', async () => {
    const db = await createTestDb();
    try {
      const now = new Date('2026-03-04T05:06:07.000Z');
      const pieces = async (pageSize: number) =>
        db.use(async (h) => {
          const out: string[] = [];
          const count = await writeExport(h.db, async (text) => void out.push(text), { now, pageSize });
          return { count, out, whole: `${JSON.stringify(await exportRegistry(h.db, now), null, 2)}\n` };
        });
      const empty = await pieces(7);
      expect(empty).toMatchObject({ count: 0, out: [empty.whole] });
      expect(JSON.parse(empty.whole)).toMatchObject({ models: [] });

      expect((await cli(db, 'models-deploy', ['--source', 'catalog'])).code).toBe(0);
      await db.use(makeDecisions);
      for (const pageSize of [1, 7, 45, 2000]) {
        const { count, out, whole } = await pieces(pageSize);
        expect(count).toBe(45);
        expect(out).toHaveLength(Math.ceil(45 / pageSize) + 1); // the pages, then the closing lines
        expect(out.join(''), `pages of ${pageSize}`).toBe(whole);
      }
      // The command: to standard output, or to a file that cannot be written (exit 1, no partial file left).
      const printed = await cli(db, 'models-export', []);
      expect(printed.code, printed.stderr).toBe(0);
      expect(decisions(parseExportFile(printed.stdout))).toEqual(
        decisions(await db.use((h) => exportRegistry(h.db))),
      );
      const nowhere = join(dir, 'no-such-dir', 'export.json');
      const refused = await cli(db, 'models-export', ['--out', nowhere]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`cannot write ${nowhere}`);
      expect(existsSync(`${nowhere}.partial`)).toBe(false);
    } finally {
      await db.drop();
    }
  });

  it('refuses invalid files with the JSON path of each problem, exit 1, nothing written', async () => {
    const db = await createTestDb();
    try {
      expect((await cli(db, 'models-deploy', ['--source', 'catalog'])).code).toBe(0);
      const exported = await db.use((h) => exportRegistry(h.db));
      const write = (name: string, content: string) => {
        const path = join(dir, name);
        writeFileSync(path, content);
        return path;
      };
      const broken = structuredClone(exported) as unknown as { models: Record<string, unknown>[] };
      (broken.models[1] as Record<string, unknown>).status = 'maybe';
      (broken.models[2] as Record<string, unknown>).overrides = { type: 'spaceship', colour: 'red' };
      (broken.models[3] as Record<string, unknown>).inputPricePerMtok = '<script>';
      const duplicated = structuredClone(exported);
      duplicated.models.push({ ...(duplicated.models[0] as ExportFile['models'][number]) });
      // Past the streamed reader's first read (1 MB): the problem is in the last entry, after every other was read.
      const late = structuredClone(exported) as unknown as { models: Record<string, unknown>[] };
      for (let i = 0; i < 5000; i++) late.models.push({ ...late.models[0], modelId: `late-${i}` });
      (late.models[late.models.length - 1] as Record<string, unknown>).statusSource = 'someone';
      const cases: [string, string, string[]][] = [
        ['late.json', JSON.stringify(late, null, 2), [`models[${late.models.length - 1}].statusSource:`]],
        ['not-json.json', '{"format": ', ['is not JSON']],
        [
          'wrong-format.json',
          JSON.stringify({ format: 'other', version: 1, models: [] }),
          ['format: must be'],
        ],
        [
          'future.json',
          JSON.stringify({ ...exported, version: 2 }),
          ['version: format version 2 is not one this registry reads'],
        ],
        [
          'broken.json',
          JSON.stringify(broken),
          [
            'models[1].status:',
            'models[2].overrides.type:',
            'models[2].overrides: Unrecognized key: "colour"',
            'models[3].inputPricePerMtok:',
          ],
        ],
        [
          'duplicated.json',
          JSON.stringify(duplicated),
          [`models[44].modelId: mistral/${exported.models[0]?.modelId} is listed twice (also at models[0])`],
        ],
      ];
      for (const [name, content, expected] of cases) {
        const result = await cli(db, 'models-import', [write(name, content)]);
        expect(result.code, name).toBe(1);
        for (const text of expected) expect(result.stderr, name).toContain(text);
      }
      expect((await cli(db, 'models-import', [join(dir, 'missing.json')])).code).toBe(1);
      expect((await cli(db, 'models-import', [])).code).toBe(64);
      expect((await cli(db, 'models-import', ['a.json', '--force'])).code).toBe(64);
      await db.use(async (h) => {
        expect(await h.db.select().from(modelEvents).where(eq(modelEvents.actor, 'import'))).toHaveLength(0);
      });
    } finally {
      await db.drop();
    }
  });

  it('reports pinned and unknown entries, and a file with two defaults of one type is refused whole', async () => {
    const db = await createTestDb();
    try {
      expect((await cli(db, 'models-deploy', ['--source', 'catalog'])).code).toBe(0);
      await db.use(async (h) => {
        const file = await exportRegistry(h.db);
        const entry = (id: string) => {
          const found = file.models.find((m) => m.modelId === id);
          if (!found) throw new Error(id);
          return found;
        };
        Object.assign(entry('mistral-large-latest'), { status: 'inactive', statusSource: 'admin' });
        Object.assign(entry('codestral-2508'), { status: 'active', statusSource: 'admin' });
        file.models.push({ ...entry('codestral-2508'), modelId: 'gone-model-2401' });
        const report = await importRegistry(h.db, modelDefaults, file);
        expect(report.pinnedSkipped).toEqual([
          { modelId: 'mistral-large-latest', reason: expect.stringContaining('pinned active') },
        ]);
        expect(report.unknown).toEqual(['mistral/gone-model-2401']);
        expect(report.changed).toBe(1);
        const [large] = await h.db.select().from(models).where(eq(models.modelId, 'mistral-large-latest'));
        expect(large?.status).toBe('active');

        const before = await h.db.select().from(models).orderBy(models.id);
        Object.assign(entry('codestral-2508'), { isDefault: true, status: 'inactive' });
        Object.assign(entry('codestral-latest'), { isDefault: true });
        const refused = await importRegistry(h.db, modelDefaults, file).catch((e: unknown) => e);
        expect(String(refused)).toContain('a type has one default');
        expect(await h.db.select().from(models).orderBy(models.id)).toEqual(before);
      });
    } finally {
      await db.drop();
    }
  });

  it('is atomic: when the database refuses part of an import, nothing of it stays', async () => {
    const db = await createTestDb();
    try {
      expect((await cli(db, 'models-deploy', ['--source', 'catalog'])).code).toBe(0);
      await db.use(async (h) => {
        const file = await exportRegistry(h.db);
        for (const m of file.models) Object.assign(m, { status: 'active', statusSource: 'admin' });
        file.models.push({
          ...(file.models[0] as ExportFile['models'][number]),
          modelId: 'acme-ft-9',
          source: 'manual',
          manual: {
            displayName: 'Acme 9',
            description: null,
            type: 'chat',
            capabilities: [],
            contextLength: null,
            aliases: [],
            deprecation: null,
            deprecationReplacement: null,
          },
          overrides: {},
        });
        const before = await h.db.select().from(models).orderBy(models.id);
        // The audit insert is the last statement: make the database refuse it.
        await h.db.execute(sql`
          create function refuse_import() returns trigger language plpgsql as $$
          begin if new.actor = 'import' then raise exception 'injected failure'; end if; return new; end $$`);
        await h.db.execute(sql`
          create trigger refuse_import before insert on model_events for each row execute function refuse_import()`);
        const failed = await importRegistry(h.db, modelDefaults, file).catch((e: unknown) => e);
        expect(String((failed as Error).cause ?? failed)).toContain('injected failure');
        expect(await h.db.select().from(models).orderBy(models.id)).toEqual(before);
        await h.db.execute(sql`drop trigger refuse_import on model_events`);
      });
    } finally {
      await db.drop();
    }
  });

  it('exits 2, not 1, when the database cannot be asked', async () => {
    const path = join(dir, 'valid.json');
    writeFileSync(path, JSON.stringify({ format: 'model-registry-export', version: 1, models: [] }));
    const down = { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none', PGLITE_DIR: undefined };
    const imported = await runCli('models-import', [path], { env: down });
    expect(imported.code).toBe(2);
    expect((await runCli('models-export', [], { env: down })).code).toBe(2);
  });
});
