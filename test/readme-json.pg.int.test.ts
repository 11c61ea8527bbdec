// Every `--json` command form the README shows, run exactly as shown (`npm run X -- … --json` through npm itself,
// `node dist/cli/X.mjs … --json` with node) against a fresh database: stdout must be one JSON document, whatever
// the exit code, so `| jq` works (issue 12, defect 7: npm's "> model-registry@0.1.0 …" banner reached stdout).
// Postgres only: the forms are the same on either engine, and DATABASE_URL is what a deploy sets.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, cleanEnv, runCli, runProcess } from './support/cli';
import { createTestDb, type TestDb } from './support/db';

const ROOT = resolve(import.meta.dirname, '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** The command texts in the README: inline code spans and the lines of fenced code blocks. */
function codeSnippets(markdown: string): string[] {
  const snippets: string[] = [];
  const prose = markdown.replace(/^```[^\n]*\n([\s\S]*?)^```/gm, (_block, body: string) => {
    snippets.push(...body.split('\n'));
    return '';
  });
  for (const match of prose.matchAll(/`([^`\n]+)`/g)) snippets.push(match[1] ?? '');
  // In a table cell a literal | is written \|.
  return snippets.map((s) => s.replace(/\\\|/g, '|'));
}

/** Each `npm run …` or `node dist/cli/….mjs …` command in the README that takes --json, as written there. */
function readmeJsonForms(markdown: string): string[] {
  const forms = new Set<string>();
  for (const snippet of codeSnippets(markdown)) {
    for (const match of snippet.matchAll(/(?:npm run [\w:-]+|node dist\/cli\/[\w-]+\.mjs)/g)) {
      // The command runs up to a comment, a pipe, a list operator or the end of the snippet.
      const rest = snippet.slice(match.index);
      const command = (rest.split(/\s#\s|\s\|\s|;|&&|\|\||\s(?=npm run |node dist\/)/)[0] ?? '').trim();
      if (/(^|\s|\[)--json(\]|\s|$)/.test(command)) forms.add(command);
    }
  }
  return [...forms];
}

/** What the README's placeholders stand for in this test. */
const placeholders = (exportFile: string): Record<string, string> => ({
  ID: 'codestral-2508',
  'ID...': 'codestral-2508',
  FILE: exportFile,
  EMAIL: 'readme-json@example.com',
  NAME: 'readme',
  SLUG: 'search',
  PREFIX: 'mrk_aaaaaaaa',
});

/**
 * A usage line made runnable: optional `[…]` groups dropped except `[--json]`, the first of `a|b` alternatives,
 * placeholders (EMAIL, FILE, ID...) filled in.
 */
function concreteArgs(form: string, values: Record<string, string>): string[] {
  const withoutOptions = form.replace(/\[([^\]]*)\]/g, (_group, inner: string) =>
    inner.trim() === '--json' ? '--json' : '',
  );
  return withoutOptions
    .split(/\s+/)
    .filter(Boolean)
    .map((token) => {
      const chosen = token.includes('|') ? (token.split('|')[0] ?? token) : token;
      if (/^[A-Z][A-Z0-9_]*(\.\.\.)?$/.test(chosen) || chosen.includes('…')) {
        const value = values[chosen];
        if (value === undefined)
          throw new Error(
            `README form "${form}" has the placeholder ${chosen}: give it a value in this test`,
          );
        return value;
      }
      return chosen;
    });
}

/** The environment of a fresh shell: no npm_config_* an enclosing `npm test` would pass down (its loglevel…). */
function shellEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = cleanEnv(extra);
  for (const key of Object.keys(env)) if (/^npm_/i.test(key) || key === 'INIT_CWD') delete env[key];
  return env;
}

function run(args: string[], env: Record<string, string>): Promise<CliResult> {
  const [program, ...rest] = args;
  const command = program === 'node' ? process.execPath : program;
  if (command === undefined) throw new Error('empty command');
  return runProcess(command, rest, { env: shellEnv(env), timeoutMs: 50_000 });
}

const forms = readmeJsonForms(README);

describe("the README's --json forms", () => {
  it('are found in the README, the deploy step among them', () => {
    expect(forms).toContain('npm run models:deploy -- [--provider ID]... [--source …] [--json]');
    expect(forms).toContain('npm run models:deploy -- --json');
    expect(forms).toContain('node dist/cli/models-deploy.mjs --json');
    expect(forms.length).toBeGreaterThanOrEqual(7);
  });

  it('are read from code the way a person copies them', () => {
    const md = [
      '| `npm run a:b -- ID... --status on\\|off [--actor NAME] [--json]` | x |',
      '```sh',
      'run: node dist/cli/c.mjs --json # or: npm run c -- --json',
      'npm run d -- --out FILE',
      '```',
    ].join('\n');
    expect(readmeJsonForms(md)).toEqual([
      'node dist/cli/c.mjs --json',
      'npm run c -- --json',
      'npm run a:b -- ID... --status on|off [--actor NAME] [--json]',
    ]);
    expect(
      concreteArgs('npm run a:b -- ID... --status on|off [--actor NAME] [--json]', { 'ID...': 'm' }),
    ).toEqual(['npm', 'run', 'a:b', '--', 'm', '--status', 'on', '--json']);
    expect(() => concreteArgs('npm run x -- --who WHO --json', {})).toThrow(/placeholder WHO/);
  });

  describe('each prints exactly one JSON document on stdout', () => {
    let testDb: TestDb;
    const tmp = mkdtempSync(join(tmpdir(), 'mr-readme-json-'));
    const exportFile = join(tmp, 'registry.json');

    beforeAll(async () => {
      testDb = await createTestDb();
      const deploy = await runCli('models-deploy', ['--source', 'catalog'], { env: testDb.env });
      expect(deploy.code, deploy.stderr).toBe(0);
      const exported = await runCli('models-export', ['--out', exportFile], { env: testDb.env });
      expect(exported.code, exported.stderr).toBe(0);
    });
    afterAll(async () => {
      await testDb?.drop();
      rmSync(tmp, { recursive: true, force: true });
    });

    it.each(forms)('%s', async (form) => {
      const args = concreteArgs(form, placeholders(exportFile));
      const result = await run(args, testDb.env);
      const shown = `${args.join(' ')} exited ${result.code ?? result.signal}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`;
      expect(result.signal, shown).toBeNull();
      let parsed: unknown;
      expect(() => {
        parsed = JSON.parse(result.stdout);
      }, shown).not.toThrow();
      expect(typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed), shown).toBe(true);
    });
  });
});
