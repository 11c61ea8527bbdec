// The README's worked examples of the gateways' configs are what the quick start's registry gives: each ```yaml
// block under "### LiteLLM" and "### LibreChat" is held against `gateways:export` of a database deployed from the
// bundled catalog, as `npm run dev` seeds it. A renderer change that the README does not follow fails here.
// Postgres only: the output is the same on either engine (the gateway tests run on both).
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli';
import { createTestDb, type TestDb } from './support/db';

const README = readFileSync(join(resolve(import.meta.dirname, '..'), 'README.md'), 'utf8');

/** The first ```yaml block after `heading`. */
function exampleUnder(heading: string): string[] {
  const at = README.indexOf(`\n${heading}\n`);
  if (at < 0) throw new Error(`the README has no "${heading}"`);
  const block = /```yaml\n([\s\S]*?)```/.exec(README.slice(at));
  if (!block) throw new Error(`no yaml example under "${heading}"`);
  return (block[1] ?? '').trimEnd().split('\n');
}

let testDb: TestDb;
beforeAll(async () => {
  testDb = await createTestDb();
  const deploy = await runCli('models-deploy', ['--source', 'catalog'], { env: testDb.env });
  expect(deploy.code, deploy.stderr).toBe(0);
});
afterAll(async () => {
  await testDb?.drop();
});

const exported = async (format: string) => {
  const result = await runCli('gateways-export', ['--format', format], { env: testDb.env });
  expect(result.code, result.stderr).toBe(0);
  return result.stdout.split('\n');
};

describe("the README's gateway examples", () => {
  it('LiteLLM: the file starts with the lines the README shows, and has as many entries as it says', async () => {
    const lines = await exported('litellm');
    const example = exampleUnder('### LiteLLM');
    expect(lines.slice(0, example.length)).toEqual(example);
    const count = /the first of its (\d+) entries/.exec(README)?.[1];
    expect(lines.filter((l) => l.startsWith('  - model_name: '))).toHaveLength(Number(count));
  });

  it('LibreChat: every line the README shows is in the file in that order, "…" standing for the lines cut', async () => {
    const lines = await exported('librechat');
    let from = 0;
    for (const shown of exampleUnder('### LibreChat')) {
      if (/^(- |# )?…$/.test(shown.trim())) continue; // where lines were cut
      const found = lines.indexOf(shown, from);
      expect(found, `"${shown}" after line ${from} of the LibreChat config`).toBeGreaterThanOrEqual(from);
      from = found + 1;
    }
  });
});
