// R8: hostile input, property-based (fast-check): wrong types, huge strings, unicode, SQL and markup fragments and
// huge id lists to every server action (as an admin, so the input reaches the parser), to the import file parser,
// the config loader and the API's parameters. Clear errors, never a 500 or a crash, and no write from invalid
// input; a stored markup string renders as text.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteModelSchema, manualModelSchema } from '../../lib/registry/changes/manual-models';
import { modelEditSchema } from '../../lib/registry/changes/model-edit';
import { loadModelDefaults } from '../../lib/registry/config/operator-config';
import { isRegistryError } from '../../lib/registry/errors';
import { bulkChangesSchema } from '../../lib/registry/model/fields';
import { parseExportFile } from '../../lib/registry/transfer/export-import';
import {
  type ActionRef,
  baseUrl,
  callAction,
  fingerprint,
  people,
  serverActions,
  sessionCookie,
  sql,
  userId,
} from './support';

const hostileString = fc.oneof(
  fc.string({ maxLength: 50 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.constantFrom(
    "'; drop table models; --",
    '" or 1=1 --',
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '../../etc/passwd',
    '\u0000\u202e\ufeff',
    '𝕄𝕠𝕕𝕖𝕝 🤖',
    '%00%27',
    '{{7*7}}',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, on purpose.
    '${process.env.AUTH_SECRET}',
  ),
  fc.string({ minLength: 5000, maxLength: 20_000 }),
);
/** Anything JSON can carry, biased towards hostile strings and wrong types. */
const hostileValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    hostileString,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(hostileString, tie('value'), { maxKeys: 5 }),
  ),
})).value;

/** Inputs no action may accept: the right keys with hostile values, or hostile shapes. */
function invalidInputFor(name: string): fc.Arbitrary<unknown> {
  const keys: Record<string, string[]> = {
    setStatusAction: ['id', 'status'],
    previewBulkAction: ['target', 'changes'],
    applyBulkAction: ['target', 'changes'],
    updateModelAction: [
      'id',
      'version',
      'displayName',
      'status',
      'contextLength',
      'inputPricePerMtok',
      'capabilities',
    ],
    createModelAction: ['provider', 'modelId', 'displayName', 'type', 'status', 'contextLength'],
    deleteModelAction: ['id', 'version'],
    syncAction: ['apply'],
  };
  const shaped = fc.record(
    Object.fromEntries((keys[name] ?? ['x']).map((k) => [k, hostileValue])) as Record<
      string,
      fc.Arbitrary<unknown>
    >,
  );
  return fc.oneof(shaped, hostileValue);
}

/** Whether an action would accept the input: those are skipped (a valid input may write, by design). */
const accepts: Record<string, (input: unknown) => boolean> = {
  setStatusAction: (i) => {
    const v = i as { id?: unknown; status?: unknown } | null;
    return (
      Number.isInteger(Number(v?.id)) &&
      Number(v?.id) > 0 &&
      (v?.status === 'active' || v?.status === 'inactive')
    );
  },
  previewBulkAction: (i) => bulkChangesSchema.safeParse((i as { changes?: unknown } | null)?.changes).success,
  applyBulkAction: (i) => bulkChangesSchema.safeParse((i as { changes?: unknown } | null)?.changes).success,
  updateModelAction: (i) => modelEditSchema.safeParse(i).success,
  createModelAction: (i) => manualModelSchema.safeParse(i).success,
  deleteModelAction: (i) => deleteModelSchema.safeParse(i).success,
  syncAction: (i) => typeof (i as { apply?: unknown } | null)?.apply === 'boolean',
  // A read that takes nothing: an empty object is its one valid input.
  loadAccessChoicesAction: (i) =>
    typeof i === 'object' && i !== null && !Array.isArray(i) && Object.keys(i).length === 0,
};

let dir: string;
let admin: string;
let actions: ActionRef[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mr-r8-'));
  admin = await sessionCookie({ id: await userId(people().admin.email), role: 'admin' });
  actions = serverActions().filter((a) => !['signInAction', 'signOutAction'].includes(a.name));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('R8: hostile input', () => {
  it('every admin action answers hostile payloads with a clear refusal, never a 500, and writes nothing', async ({
    task,
  }) => {
    const before = await fingerprint();
    let cases = 0;
    for (const action of actions) {
      await fc.assert(
        fc.asyncProperty(invalidInputFor(action.name), async (input) => {
          let valid = false;
          try {
            valid = accepts[action.name]?.(input) ?? false;
          } catch {}
          fc.pre(!valid);
          cases++;
          const result = await callAction(action, input, { Cookie: admin });
          expect(result.status, `${action.name} ${JSON.stringify(input).slice(0, 200)}`).toBeLessThan(500);
          // Refused as invalid with a message — never ok (that would be a write) and never a crash.
          expect(result.body, `${action.name} ${JSON.stringify(input).slice(0, 200)}`).toMatch(/"invalid"/);
          expect(result.body).toMatch(/"message":"[^"]+/);
        }),
        { numRuns: 150, seed: 8_001 },
      );
    }
    // A huge id list: refused by the selection limit before touching the database.
    const bulk = actions.find((a) => a.name === 'applyBulkAction') as ActionRef;
    const huge = await callAction(
      bulk,
      {
        target: { kind: 'ids', ids: Array.from({ length: 100_000 }, (_, i) => i + 1) },
        changes: { status: 'active' },
      },
      { Cookie: admin },
    );
    cases++;
    expect(huge.status).toBeLessThan(500);
    expect(huge.body).toContain('Select at most 500 models');
    expect(await fingerprint()).toBe(before);
    task.meta.cases = cases;
    task.meta.faults = cases;
  });

  it('the import parser and the config loader refuse garbage with their own errors, never a crash', async ({
    task,
  }) => {
    let cases = 0;
    const garbage = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.json(),
      hostileValue.map((v) => JSON.stringify(v) ?? 'null'),
      hostileValue.map((v) =>
        JSON.stringify({ format: 'model-registry-export', version: 1, models: [v, v] }),
      ),
      hostileValue.map((v) =>
        JSON.stringify({ alwaysActive: v, alwaysInactive: [], defaultNewModelStatus: 'inactive' }),
      ),
    );
    fc.assert(
      fc.property(garbage, (text) => {
        cases++;
        try {
          parseExportFile(text);
        } catch (error) {
          expect(isRegistryError(error, 'input'), String(error)).toBe(true);
        }
      }),
      { numRuns: 1500, seed: 8_002 },
    );
    const file = join(dir, 'defaults.json');
    fc.assert(
      fc.property(garbage, (text) => {
        cases++;
        writeFileSync(file, text);
        try {
          loadModelDefaults({ MODEL_DEFAULTS_PATH: file });
        } catch (error) {
          expect(isRegistryError(error, 'config'), String(error)).toBe(true);
          expect((error as Error).message).toContain(file);
        }
      }),
      { numRuns: 1000, seed: 8_003 },
    );
    task.meta.cases = cases;
    task.meta.faults = cases;
  });

  it('the API answers hostile parameters and ids with 400 or 404 JSON, never a 500', async ({ task }) => {
    let cases = 0;
    await fc.assert(
      fc.asyncProperty(hostileString, async (value) => {
        cases += 2;
        const list = await fetch(
          `${baseUrl()}/api/v1/models?type=${encodeURIComponent(value.slice(0, 2000))}`,
        );
        expect([200, 400]).toContain(list.status);
        expect(list.headers.get('content-type')).toContain('application/json');
        const one = await fetch(
          `${baseUrl()}/api/v1/models/${encodeURIComponent(value.slice(0, 2000) || 'x')}`,
        );
        expect([200, 404]).toContain(one.status);
        const body = await one.json();
        if (one.status === 404) expect(body.error.code).toBe('model_not_found');
      }),
      { numRuns: 300, seed: 8_004 },
    );
    task.meta.cases = cases;
    task.meta.faults = cases;
  });

  it('a display name made of markup is stored as typed and rendered as text, never as markup', async ({
    task,
  }) => {
    const create = actions.find((a) => a.name === 'createModelAction') as ActionRef;
    const remove = actions.find((a) => a.name === 'deleteModelAction') as ActionRef;
    const name = '<script>alert(1)</script><img src=x onerror=alert(2)>';
    const created = await callAction(
      create,
      { provider: 'mistral', modelId: 'r8-markup', displayName: name, type: 'chat', status: 'inactive' },
      { Cookie: admin },
    );
    expect(created.body).toContain('"ok"');
    const page = await (
      await fetch(`${baseUrl()}/admin/models?q=r8-markup`, { headers: { Cookie: admin } })
    ).text();
    expect(page).toContain('r8-markup');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).not.toContain('<script>alert(1)</script>');
    expect(page).not.toContain('<img src=x onerror');
    const db = sql();
    try {
      const [row] = await db<{ id: number; version: number; display_name: string }[]>`
        select id, version, display_name from models where model_id = 'r8-markup'`;
      expect(row?.display_name).toBe(name);
      const deleted = await callAction(remove, { id: row?.id, version: row?.version }, { Cookie: admin });
      expect(deleted.body).toContain('"ok"');
    } finally {
      await db.end();
    }
    task.meta.cases = 1;
    task.meta.faults = 1;
  });
});
