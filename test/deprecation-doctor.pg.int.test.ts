// models:doctor lists the offered models deprecated within DEPRECATION_WARNING_DAYS or past their date, through the
// shipped command as a real process: one warning per model, with its date and replacement; a pinned-active one is
// left to the pins check (said so), and a bad DEPRECATION_WARNING_DAYS is a problem naming the variable.
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/client';
import { models } from '../db/schema';
import { cleanEnv, jsonOf, runCli, runProcess } from './support/cli';
import { createTestDb, engine, type TestDb } from './support/db';

type DoctorJson = {
  healthy: boolean;
  problems: string[];
  warnings: string[];
  findings: Array<{ check: string; status: string; detail: string }>;
};

let testDb: TestDb;
let handle: DbHandle;
const DAY = 86_400_000;
const cli = (name: string, args: string[] = [], env: Record<string, string | undefined> = {}) =>
  runCli(name, args, { env: { ...testDb.env, ...env }, timeoutMs: 60_000 });

beforeAll(async () => {
  testDb = await createTestDb();
  const deploy = await cli('models-deploy');
  expect(deploy.code, deploy.stderr).toBe(0);
  handle = await testDb.open();
  await handle.db
    .update(models)
    .set({ status: 'active' })
    .where(inArray(models.modelId, ['ministral-8b-2410', 'mistral-small-2501', 'mistral-ocr-2503']));
  const soon = new Date(Date.now() + 10 * DAY + 3_600_000);
  await handle.db.update(models).set({ deprecation: soon }).where(eq(models.modelId, 'mistral-small-2501'));
  await handle.db
    .update(models)
    .set({ deprecation: new Date(Date.now() + 60 * DAY), deprecationReplacement: null })
    .where(eq(models.modelId, 'mistral-ocr-2503'));
});
afterAll(async () => {
  await handle?.close();
  await testDb?.drop();
});

describe(`models:doctor on deprecations (${engine})`, () => {
  it('warns once per offered model deprecated within the window or past it, with date and replacement', async () => {
    const text = await cli('models-doctor');
    expect(text.code, text.stdout).toBe(0);
    expect(text.stdout).toMatch(
      /^⚠ deprecations: ministral-8b-2410 is deprecated since 2025-12-31 but still offered; its replacement is ministral-8b-latest\.$/m,
    );
    expect(text.stdout).toMatch(
      /^⚠ deprecations: mistral-small-2501 is deprecated on \d{4}-\d\d-\d\d \(in 11 days\); its replacement is mistral-small-latest\.$/m,
    );
    // Out of the 30-day window: not yet.
    expect(text.stdout).not.toContain('mistral-ocr-2503');
    // Pinned active by the shipped config: the pins check warns about it, this one says so instead of repeating it.
    expect(text.stdout.match(/mistral-tiny is pinned active/g)).toHaveLength(1);
    expect(text.stdout).not.toMatch(/^⚠ deprecations: (mistral-tiny|open-mistral-7b)/m);
    expect(text.stdout).toMatch(
      /^✔ deprecations: mistral-tiny, mistral-tiny-2312, open-mistral-7b past deprecation but pinned active by config: reported under pins$/m,
    );
    // Inactive deprecated models are not offered: nothing to say.
    expect(text.stdout).not.toContain('pixtral-12b-2409');

    const wide = jsonOf<DoctorJson>(
      await cli('models-doctor', ['--json'], { DEPRECATION_WARNING_DAYS: '90' }),
    );
    expect(wide.healthy).toBe(true);
    expect(wide.warnings).toContain(
      `deprecations: mistral-ocr-2503 is deprecated on ${new Date(Date.now() + 60 * DAY).toISOString().slice(0, 10)} (in 60 days); the provider names no replacement.`,
    );
  });

  it('refuses a bad DEPRECATION_WARNING_DAYS as a problem naming the variable', async () => {
    const bad = await cli('models-doctor', ['--json'], { DEPRECATION_WARNING_DAYS: 'thirty' });
    expect(bad.code, bad.stdout).toBe(1);
    const report = jsonOf<DoctorJson>(bad);
    expect(report.healthy).toBe(false);
    expect(report.problems).toEqual([
      expect.stringMatching(/^deprecations: DEPRECATION_WARNING_DAYS must be a whole number .* got "thirty"/),
    ]);
  });

  it('npm start refuses a bad DEPRECATION_WARNING_DAYS before it listens, naming it', async () => {
    const start = await runProcess('node', ['dist/server.mjs', '-p', '0'], {
      env: cleanEnv({
        ...testDb.env,
        AUTH_SECRET: 'deprecation-test-secret-0123456789abcdef0123',
        DEPRECATION_WARNING_DAYS: '-5',
      }),
      timeoutMs: 30_000,
    });
    expect(start.code, start.stdout).toBe(1);
    expect(start.stderr).toMatch(/DEPRECATION_WARNING_DAYS must be a whole number .* got "-5"/);
    expect(start.stdout).not.toContain('Ready on');
  });
});
