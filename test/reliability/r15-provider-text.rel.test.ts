// R15: provider text is untrusted. A catalog with NUL in descriptions, ESC/BEL, bidi-override and control
// characters in ids, aliases and names: the seed goes on (exit 0) with warnings that name what was skipped
// (escaped), the command's output carries no raw control byte, and the API lists exactly what it serves.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonOf, runCli } from '../support/cli';
import { type FakeMistral, RECORDED_CATALOG, startFakeMistral } from '../support/fake-mistral';
import { baseUrl, databaseUrl, sql } from './support';

let fake: FakeMistral;

beforeAll(async () => {
  fake = await startFakeMistral();
});
afterAll(async () => {
  await fake?.close();
});

/** Bytes that drive a terminal or reorder text: C0 but tab and line feed, DEL, C1, bidi overrides and isolates. */
const RAW_CONTROL = /[^\P{Cc}\t\n]|[\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

const chat = { completion_chat: true };
const hostileIds = [
  'r15-esc\u001b[31mred',
  'r15-bel\u0007',
  'r15-bidi\u202etxt.exe',
  'r15-isolate\u2066x',
  'r15-ctl\u0001x',
  'r15-del\u007f',
  'r15-c1\u009bx',
  'r15 space',
];
const hostileCards = [
  ...hostileIds.map((id) => ({
    id,
    object: 'model',
    name: id,
    description: 'hostile id',
    capabilities: chat,
  })),
  {
    id: 'r15-nul-description',
    object: 'model',
    name: 'R15 NUL',
    description: 'before\u0000after\u001b[2J\ttab\nline',
    capabilities: chat,
  },
  {
    id: 'r15-dirty-fields',
    object: 'model',
    name: 'R15\u0007 name\u001b]0;title\u0007',
    description: 'plain',
    aliases: ['r15-good-alias', 'r15-bad\u001balias', 'r15\u202ebidi-alias'],
    deprecation: '2030-01-01T00:00:00Z\u001b[5m',
    deprecation_replacement_model: 'r15-nul\u0000-replacement',
    capabilities: chat,
  },
];
const catalog = { ...RECORDED_CATALOG, data: [...RECORDED_CATALOG.data, ...hostileCards] };

const seedEnv = () => ({
  DATABASE_URL: databaseUrl(),
  MISTRAL_API_KEY: 'sk-r15-key',
  MISTRAL_API_URL: fake.url,
});

describe('R15: provider text is cleaned, skipped or escaped', () => {
  it('the seed exits 0 with warnings naming each skipped id, and prints no raw control byte', async ({
    task,
  }) => {
    const runs = [
      { args: ['--dry-run'], json: false },
      { args: [], json: false },
      { args: ['--json'], json: true },
    ];
    for (const { args, json } of runs) {
      fake.enqueue({ status: 200, body: catalog });
      const result = await runCli('models-seed', args, { env: seedEnv(), timeoutMs: 60_000 });
      const label = `models:seed ${args.join(' ')}`;
      expect(result.code, `${label}: ${result.stderr.slice(0, 500)}`).toBe(0);
      expect(
        RAW_CONTROL.exec(result.stdout)?.[0],
        `${label}: raw control character on stdout`,
      ).toBeUndefined();
      expect(
        RAW_CONTROL.exec(result.stderr)?.[0],
        `${label}: raw control character on stderr`,
      ).toBeUndefined();
      const warnings = json
        ? jsonOf<{ providers: Array<{ warnings: string[] }> }>(result)
            .providers.flatMap((p) => p.warnings)
            .join('\n')
        : result.stderr;
      // Each skipped id is named, escaped as JSON escapes it (\u001b), never raw.
      expect(warnings).toContain('r15-esc\\u001b[31mred');
      expect(warnings).toContain('r15-bidi\\u202etxt.exe');
      expect(warnings).toContain('r15-bel\\u0007');
      expect(warnings).toContain('r15-bad\\u001balias');
      expect(warnings).toMatch(/r15-nul-description.*control characters/);
    }

    const db = sql();
    try {
      const rows = await db<
        { model_id: string; group_name: string; description: string | null; aliases: string[] }[]
      >`select model_id, group_name, description, aliases, deprecation_replacement from models
        where model_id like 'r15%' order by model_id`;
      expect(rows.map((r) => r.model_id)).toEqual(['r15-dirty-fields', 'r15-nul-description']);
      const [dirty, nul] = rows;
      expect(nul?.description).toBe('beforeafter[2J\ttab\nline');
      expect(dirty?.group_name).toBe('R15 name]0;title');
      expect(dirty?.aliases).toEqual(['r15-good-alias']);
      expect(dirty).toMatchObject({ deprecation_replacement: 'r15-nul-replacement' });
    } finally {
      await db.end();
    }
    task.meta.cases = runs.length;
    task.meta.faults = hostileCards.length;
  });

  it('every model the API lists, it serves: the offered set is one set', async ({ task }) => {
    const db = sql();
    try {
      await db`update models set status = 'active' where model_id like 'r15%'`;
      // A row from before the model-id rule: active, with a control character in its id.
      await db`update models set model_id = ${'r15-legacy\u0001id'} where model_id = 'r15-dirty-fields'`;
    } finally {
      await db.end();
    }
    const list = (await (await fetch(`${baseUrl()}/api/v1/models`)).json()) as { data: { id: string }[] };
    const ids = list.data.map((m) => m.id);
    expect(ids).toContain('r15-nul-description');
    expect(ids).not.toContain('r15-legacy\u0001id');
    for (const id of ids) {
      expect(RAW_CONTROL.test(id), JSON.stringify(id)).toBe(false);
      const response = await fetch(`${baseUrl()}/api/v1/models/${encodeURIComponent(id)}`);
      expect(response.status, JSON.stringify(id)).toBe(200);
      expect(((await response.json()) as { id: string }).id).toBe(id);
    }
    task.meta.cases = ids.length;
    task.meta.faults = 0;
  });
});
