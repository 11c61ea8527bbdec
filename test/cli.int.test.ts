// The commands as real processes against a real engine (TEST_ENGINE): exit codes, output, and what they write.
import { join } from 'node:path';
import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { modelEvents, models, seedRuns } from '../db/schema';
import catalogJson from '../lib/registry/providers/mistral-catalog.json';
import { jsonOf, runCli } from './support/cli';
import { ADMIN_URL, createTestDb, engine, type TestDb } from './support/db';
import { type FakeMistral, startFakeMistral } from './support/fake-mistral';
import { scratchFiles } from './support/files';
import { freePort } from './support/next-server';

/** What models:seed and models:deploy print with --json: one object per provider. */
type SyncJson = { ok: boolean; providers: Array<Record<string, unknown> & { warnings: string[] }> };

let testDb: TestDb;
let fake: FakeMistral;
const { dir: tmp, file } = scratchFiles('mr-cli-');

function adminUrlWith(changes: { user?: string; database?: string }): string {
  const url = new URL(ADMIN_URL);
  if (changes.user !== undefined) url.username = changes.user;
  if (changes.database !== undefined) url.pathname = `/${changes.database}`;
  return url.toString();
}

const cli = (name: string, args: string[] = [], env: Record<string, string | undefined> = {}) =>
  runCli(name, args, { env: { ...testDb.env, ...env } });

async function modelRows() {
  return testDb.use(({ db }) => db.select().from(models).orderBy(asc(models.modelId)));
}

beforeAll(async () => {
  testDb = await createTestDb();
  fake = await startFakeMistral();
});
afterAll(async () => {
  await testDb?.drop();
  await fake?.close();
});
beforeEach(async () => {
  await testDb.reset();
});

describe(`commands on ${engine}`, () => {
  it('models:check says 1 for an empty registry, 0 once deployed, and deploy skips the second time', async () => {
    const empty = await cli('models-check');
    expect(empty.code).toBe(1);
    expect(empty.stdout).toMatch(/^No models in /);

    const deploy = await cli('models-deploy', ['--json']);
    expect(deploy.code, deploy.stderr).toBe(0);
    expect(jsonOf(deploy)).toMatchObject({
      ok: true,
      migrationsApplied: 0,
      providers: [{ provider: 'mistral', outcome: 'seeded', added: 44, source: 'catalog', error: null }],
    });

    const check = await cli('models-check', ['--json']);
    expect(check.code).toBe(0);
    expect(jsonOf(check)).toEqual({ exists: true, count: 44 });

    const again = await cli('models-deploy');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Skipped: 44 mistral models exist');
    const runs = await testDb.use(({ db }) => db.select().from(seedRuns).orderBy(asc(seedRuns.startedAt)));
    expect(runs.map((r) => [r.trigger, r.outcome, r.existingModels])).toEqual([
      ['deploy', 'applied', null],
      ['deploy', 'skipped', 44],
    ]);
  });

  it('models:seed --json prints the documented object; a re-seed changes nothing', async () => {
    const first = await cli('models-seed', ['--json']);
    expect(first.code, first.stderr).toBe(0);
    const json = jsonOf<SyncJson>(first);
    expect(Object.keys(json).sort()).toEqual(['dryRun', 'ok', 'providers']);
    expect(json).toMatchObject({ dryRun: false, ok: true });
    expect(json.providers).toHaveLength(1);
    const [report] = json.providers;
    if (!report) throw new Error('no provider in the report');
    expect(Object.keys(report).sort()).toEqual(
      [
        'provider',
        'outcome',
        'runId',
        'source',
        'existingModels',
        'error',
        'added',
        'updated',
        'statusChanged',
        'retired',
        'restored',
        'unchanged',
        'warnings',
        'aliasMoves',
        'awaitingReview',
      ].sort(),
    );
    expect(report).toMatchObject({
      provider: 'mistral',
      outcome: 'applied',
      source: 'catalog',
      added: 44,
      unchanged: 0,
      aliasMoves: [],
    });
    expect(report.warnings).toEqual(expect.arrayContaining([expect.stringContaining('mistral-tiny')]));

    const second = jsonOf<SyncJson>(await cli('models-seed', ['--json'])).providers[0];
    expect(second).toMatchObject({
      added: 0,
      updated: 0,
      statusChanged: 0,
      retired: 0,
      restored: 0,
      unchanged: 44,
      aliasMoves: [],
    });
  });

  it('models:seed --dry-run prints the plan with reasons and writes no model', async () => {
    const result = await cli('models-seed', ['--dry-run']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Dry run (nothing written)');
    expect(result.stdout).toMatch(
      /\+ mistral-large-latest {2}"Mistral Large \(latest\)" {2}active — pinned active by config/,
    );
    expect(result.stdout).toMatch(
      /\+ mistral-large-2411 .* inactive — new model: defaultNewModelStatus is inactive/,
    );
    expect(await modelRows()).toHaveLength(0);
  });

  it('models:seed from a file, and refuses a bad file with exit 1 and no write', async () => {
    const ok = await cli('models-seed', ['--source', file('catalog.json', catalogJson), '--json']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(jsonOf<SyncJson>(ok).providers[0]?.source).toMatch(/^file:/);

    for (const [name, content] of [
      ['truncated.json', JSON.stringify(catalogJson).slice(0, 500)],
      ['not-a-list.json', { object: 'list', data: 'nope' }],
    ] as const) {
      const bad = await cli('models-seed', ['--source', file(name, content)]);
      expect(bad.code, bad.stdout).toBe(1);
      expect(bad.stderr).toContain(name);
    }
    const missing = await cli('models-seed', ['--source', join(tmp, 'nope.json')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('nope.json');
    expect(await modelRows()).toHaveLength(44);
  });

  it('refuses an empty provider list with exit 1; an existing registry is untouched', async () => {
    await cli('models-seed');
    const before = await modelRows();
    const result = await cli('models-seed', [
      '--source',
      file('empty.json', { object: 'list', data: [] }),
      '--allow-mass-retire',
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('catalog is empty');
    expect(await modelRows()).toEqual(before);
  });

  it('bad usage exits 64 with the usage text', async () => {
    for (const [name, args] of [
      ['models-seed', ['--bogus']],
      ['models-check', ['extra']],
      ['models-edit', ['mistral-large-2411']],
      ['models-edit', ['mistral-large-2411', '--status', 'on']],
    ] as const) {
      const result = await cli(name, [...args]);
      expect(result.code, `${name} ${args.join(' ')}`).toBe(64);
      expect(result.stderr).toMatch(/Usage|--status/);
    }
    const help = await cli('models-deploy', ['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Exit codes');
  });

  it('an invalid MODEL_DEFAULTS_PATH stops seed and deploy with a message naming it', async () => {
    const both = file('both.json', {
      alwaysActive: ['x'],
      alwaysInactive: ['x'],
      defaultNewModelStatus: 'inactive',
    });
    const status = file('status.json', {
      alwaysActive: [],
      alwaysInactive: [],
      defaultNewModelStatus: 'enabled',
    });
    const broken = file('broken.json', '{ "alwaysActive": [');
    for (const path of [both, status, broken]) {
      for (const command of ['models-seed', 'models-deploy']) {
        const result = await cli(command, [], { MODEL_DEFAULTS_PATH: path });
        expect(result.code, `${command} ${path}`).toBe(1);
        expect(result.stderr).toContain(path);
      }
    }
    expect(await modelRows()).toHaveLength(0);
  });

  it('models:edit changes status with an audit event, and refuses pinned or unknown ids wholesale', async () => {
    await cli('models-seed');
    const ok = await cli('models-edit', [
      'mistral-large-2411',
      'codestral-latest',
      '--status',
      'active',
      '--actor',
      'ops',
      '--json',
    ]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(jsonOf(ok)).toMatchObject({
      changed: [{ modelId: 'codestral-latest' }, { modelId: 'mistral-large-2411' }],
    });

    const pinned = await cli('models-edit', [
      'mistral-large-latest',
      'mistral-small-latest',
      '--status',
      'inactive',
    ]);
    expect(pinned.code).toBe(1);
    expect(pinned.stderr).toContain('mistral-large-latest');
    expect(pinned.stderr).toContain('pinned');
    const unknown = await cli('models-edit', ['mistral-small-latest', 'no-such-model', '--status', 'active']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no-such-model');

    const rows = await modelRows();
    const byId = new Map(rows.map((r) => [r.modelId, r]));
    expect(byId.get('mistral-large-2411')).toMatchObject({
      status: 'active',
      statusSource: 'admin',
      statusSetBy: 'cli:ops',
    });
    expect(byId.get('mistral-small-latest')?.status).toBe('inactive'); // untouched by the refused edits
    expect(byId.get('mistral-large-latest')?.status).toBe('active');
    const events = await testDb.use(({ db }) =>
      db
        .select()
        .from(modelEvents)
        .where(eq(modelEvents.action, 'status_changed'))
        .orderBy(asc(modelEvents.modelId)),
    );
    expect(events.map((e) => [e.modelId, e.actor, (e.after as { status: string }).status])).toEqual([
      ['codestral-latest', 'cli:ops', 'active'],
      ['mistral-large-2411', 'cli:ops', 'active'],
    ]);
  });

  it("models:doctor after a deploy on an empty database: exit 0, the shipped config's warnings listed", async () => {
    const deploy = await cli('models-deploy');
    expect(deploy.code, deploy.stderr).toBe(0);
    await cli('models-seed', ['--dry-run']); // a preview: not a seed run, so not in the doctor's recent runs

    const text = await cli('models-doctor');
    expect(text.code, text.stdout).toBe(0);
    expect(text.stdout).toMatch(/^⚠ pins: mistral-tiny is pinned active .* deprecated since 2026-01-31/m);
    expect(text.stdout).toMatch(/^⚠ admins: no admin account yet/m);
    // No provider configured: Mistral's bundled catalog stands in, and that is how it is synced, not a warning.
    expect(text.stdout).toMatch(
      /^✔ provider mistral: Mistral AI: last sync \S+ deploy applied, from the bundled catalog \(no provider is configured\); 44 models/m,
    );
    expect(text.stdout).not.toContain('✘');
    expect(text.stdout).toMatch(/^Healthy, \d+ warnings \(⚠\)\.$/m);

    const json = await cli('models-doctor', ['--json']);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout); // the whole of stdout is one JSON document
    expect(report).toMatchObject({ healthy: true, databaseAnswered: true, problems: [] });
    expect(report.warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^pins: mistral-tiny is pinned active/),
        expect.stringMatching(/^admins: no admin account yet/),
      ]),
    );
    expect(report.recentRuns.map((r: { trigger: string; dryRun: boolean }) => [r.trigger, r.dryRun])).toEqual(
      [['deploy', false]],
    );

    // An entry that matches nothing is a warning too, named in quotes.
    const typo = file('typo.json', {
      alwaysActive: ['mistral-larg'],
      alwaysInactive: [],
      defaultNewModelStatus: 'inactive',
    });
    const warned = await cli('models-doctor', [], { MODEL_DEFAULTS_PATH: typo });
    expect(warned.code, warned.stdout).toBe(0);
    expect(warned.stdout).toMatch(/^⚠ pins: .*'mistral-larg' matches no model/m);

    // With an admin and a config that pins only live models, nothing is left to warn about.
    await cli('admin-create', ['--email', 'ops@example.test'], {});
    const sane = file('sane.json', {
      alwaysActive: ['mistral-large'],
      alwaysInactive: [],
      defaultNewModelStatus: 'inactive',
    });
    // Unpinned, mistral-tiny stays offered past its deprecation: the doctor says so (issue 15) …
    const offeredPast = jsonOf(await cli('models-doctor', ['--json'], { MODEL_DEFAULTS_PATH: sane }));
    expect(offeredPast.warnings).toContain(
      'deprecations: mistral-tiny is deprecated since 2026-01-31 but still offered; its replacement is ministral-8b-latest.',
    );
    // … until it is no longer offered.
    for (const id of ['mistral-tiny', 'mistral-tiny-2312', 'open-mistral-7b']) {
      const off = await cli('models-edit', [id, '--status', 'inactive'], { MODEL_DEFAULTS_PATH: sane });
      expect(off.code, off.stderr).toBe(0);
    }
    const clean = jsonOf(await cli('models-doctor', ['--json'], { MODEL_DEFAULTS_PATH: sane }));
    expect(clean).toMatchObject({ healthy: true, problems: [], warnings: [] });
  });

  it('models:doctor finds problems (exit 1): an empty registry, a group pinned both ways, an invalid config', async () => {
    const empty = await cli('models-doctor', ['--json']);
    expect(empty.code, empty.stdout).toBe(1);
    expect(JSON.parse(empty.stdout)).toMatchObject({
      healthy: false,
      databaseAnswered: true,
      problems: [
        'models: the registry is empty. Run `npm run models:deploy` (or models:seed).',
        'seed runs: no seed has ever run. Run `npm run models:deploy`.',
      ],
    });

    await cli('models-deploy');
    const bothWays = file('both-ways.json', {
      alwaysActive: ['mistral-large'],
      alwaysInactive: ['mistral-large-2512'],
      defaultNewModelStatus: 'inactive',
    });
    const conflict = await cli('models-doctor', [], { MODEL_DEFAULTS_PATH: bothWays });
    expect(conflict.code, conflict.stdout).toBe(1);
    expect(conflict.stdout).toMatch(/^✘ pins: .*mistral-large-2512.* pinned both ways/m);
    expect(conflict.stdout).toMatch(/^1 problem found \(✘\)/m);

    const broken = file('broken-doctor.json', '{ "alwaysActive": [');
    const invalid = await cli('models-doctor', [], { MODEL_DEFAULTS_PATH: broken });
    expect(invalid.code).toBe(1);
    expect(invalid.stdout).toMatch(/^✘ config: .*broken-doctor\.json/m);
  });

  describe('models:doctor when the database cannot be asked: exit 2, the cause named as models:check names it', () => {
    const doctorFails = async (env: Record<string, string | undefined>, cause: RegExp) => {
      const text = await cli('models-doctor', [], env);
      expect(text.code, `${text.stdout}\n${text.stderr}`).toBe(2);
      expect(text.stdout).toMatch(/^✘ database: /m);
      expect(text.stdout).toMatch(cause);
      expect(text.stdout).not.toContain('Failed query');
      expect(text.stdout).toContain('Could not ask the database');
      const json = await cli('models-doctor', ['--json'], env);
      expect(json.code).toBe(2);
      const report = JSON.parse(json.stdout);
      expect(report).toMatchObject({ healthy: false, databaseAnswered: false, warnings: [] });
      expect(report.problems).toEqual([expect.stringMatching(cause)]);
    };

    it('nothing listening on the port (ECONNREFUSED)', async () => {
      const port = await freePort();
      await doctorFails(
        { DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/registry` },
        new RegExp(
          `127\\.0\\.0\\.1:${port}/registry but nothing is listening there \\(ECONNREFUSED\\)\\. Start Postgres`,
        ),
      );
    });

    it('a misspelled database (3D000)', async () => {
      await doctorFails(
        { DATABASE_URL: adminUrlWith({ database: 'mr_no_such_database' }) },
        /does not exist on the server \(3D000: database "mr_no_such_database" does not exist\)\. Create it/,
      );
    });

    it('a wrong user (28000)', async () => {
      await doctorFails(
        { DATABASE_URL: adminUrlWith({ user: 'no_such_role' }) },
        /refused the credentials in DATABASE_URL \(28000: .*no_such_role.*\)\. Fix the user name or password/,
      );
    });

    it('an embedded database that does not exist yet', async () => {
      await doctorFails(
        { DATABASE_URL: undefined, PGLITE_DIR: join(tmp, 'never-created') },
        /does not exist yet.*models:deploy/,
      );
    });
  });

  it('the audit log is append-only', async () => {
    await cli('models-seed');
    const error = await testDb
      .use(({ db }) => db.execute(sql`update model_events set actor = 'someone-else'`))
      .catch((e: unknown) => e);
    const cause = (error as Error & { cause?: Error }).cause;
    expect(cause?.message).toMatch(/model_events is append-only: UPDATE is not allowed/);
    const events = await testDb.use(({ db }) =>
      db.select().from(modelEvents).where(eq(modelEvents.actor, 'someone-else')),
    );
    expect(events).toEqual([]);
  });

  describe('from the live API (a local server that answers as Mistral does)', () => {
    const api = () => ({ MISTRAL_API_KEY: 'sk-test-key', MISTRAL_API_URL: fake.url });

    it('seeds from the API by default when MISTRAL_API_KEY is set, retrying a 429', async () => {
      fake.enqueue({
        status: 429,
        headers: { 'retry-after': '0' },
        body: { message: 'Requests rate limit exceeded' },
      });
      const result = await cli('models-seed', ['--json'], api());
      expect(result.code, result.stderr).toBe(0);
      expect(jsonOf(result).providers).toEqual([
        expect.objectContaining({ provider: 'mistral', source: 'api', added: 44 }),
      ]);
      expect(fake.requests.at(-1)?.authorization).toBe('Bearer sk-test-key');
    });

    it('a 401 exits 1 naming the status and the provider’s words; nothing written, the failure logged', async () => {
      await cli('models-seed');
      const before = await modelRows();
      fake.enqueue({ status: 401, body: { detail: 'Unauthorized' } });
      const result = await cli('models-seed', [], api());
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('HTTP 401: Unauthorized. Check MISTRAL_API_KEY');
      expect(result.stderr).not.toContain('sk-test-key');
      expect(await modelRows()).toEqual(before);
      const [failed] = await testDb.use(({ db }) =>
        db.select().from(seedRuns).where(eq(seedRuns.outcome, 'failed')),
      );
      expect(failed).toMatchObject({ source: 'api', trigger: 'cli' });
      expect(failed?.error).toContain('HTTP 401');
    });

    it('an empty list from the API never retires anything', async () => {
      await cli('models-seed');
      const before = await modelRows();
      fake.enqueue({ status: 200, body: { object: 'list', data: [] } });
      const result = await cli('models-seed', ['--allow-mass-retire'], api());
      expect(result.code).toBe(1);
      expect(await modelRows()).toEqual(before);
    });

    it('models:deploy seeds from the API too, and a provider failure on an empty registry exits 1', async () => {
      fake.enqueue(
        { status: 503, body: 'down' },
        { status: 503, body: 'down' },
        { status: 503, body: 'down' },
        { status: 503, body: 'down' },
      );
      const failed = await cli('models-deploy', [], api());
      expect(failed.code).toBe(1);
      expect(failed.stderr).toMatch(/HTTP 503.*gave up after 4 attempts/);
      expect(await modelRows()).toHaveLength(0);
      const ok = await cli('models-deploy', ['--json'], api());
      expect(ok.code, ok.stderr).toBe(0);
      expect(jsonOf(ok).providers).toEqual([
        expect.objectContaining({ provider: 'mistral', outcome: 'seeded', source: 'api', added: 44 }),
      ]);
    });
  });
});
