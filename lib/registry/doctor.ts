// models:doctor — the seed troubleshooting list as code: each check says what it found and what to do.
import { asc, desc, sql } from 'drizzle-orm';
import type { DbHandle } from '../../db/client';
import { schemaStatus } from '../../db/migrate';
import { type SeedRun, seedRuns } from '../../db/schema';
import { countModels } from './check';
import { loadModelDefaults } from './config';
import { registryPins } from './pins';
import type { Env, ModelDefaults } from './types';

export type Finding = { check: string; status: 'ok' | 'problem' | 'info'; detail: string };

export type DoctorReport = { healthy: boolean; findings: Finding[]; recentRuns: SeedRun[] };

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export async function diagnose(options: {
  env: Env;
  openDatabase: () => Promise<DbHandle>;
  now?: Date;
}): Promise<DoctorReport> {
  const now = options.now ?? new Date();
  const findings: Finding[] = [];
  const add = (check: string, status: Finding['status'], detail: string) =>
    findings.push({ check, status, detail });

  let config: ModelDefaults | null = null;
  try {
    const loaded = loadModelDefaults(options.env);
    config = loaded.config;
    add(
      'config',
      'ok',
      `valid (${loaded.origin}): ${config.alwaysActive.length} always active, ${config.alwaysInactive.length} always inactive, new models ${config.defaultNewModelStatus}`,
    );
  } catch (error) {
    add('config', 'problem', message(error));
  }

  let handle: DbHandle;
  try {
    handle = await options.openDatabase();
  } catch (error) {
    add('database', 'problem', message(error));
    return { healthy: false, findings, recentRuns: [] };
  }
  let recentRuns: SeedRun[] = [];
  try {
    const schema = await schemaStatus(handle.db);
    add('database', 'ok', `reachable: ${handle.target.display}`);
    if (!schema.migrated) {
      add(
        'schema',
        'problem',
        `${schema.pending} of ${schema.total} migrations not applied. Run \`npm run db:migrate\`.`,
      );
      return { healthy: false, findings, recentRuns };
    }
    add('schema', 'ok', `migrated (${schema.total} migrations)`);

    const total = await countModels(handle.db);
    if (total === 0)
      add('models', 'problem', 'the registry is empty. Run `npm run models:deploy` (or models:seed).');
    else add('models', 'ok', `${total} models`);

    if (config) {
      const pins = await registryPins(handle.db, config, now);
      for (const entry of pins.unmatched) {
        add(
          'pins',
          'problem',
          `${entry.list} entry '${entry.entry}' matches no model in the registry; fix or remove it.`,
        );
      }
      for (const warning of pins.warnings.filter(
        (w) => !pins.unmatched.some((u) => w.includes(`'${u.entry}'`)),
      )) {
        add('pins', 'problem', warning);
      }
      if (pins.unmatched.length === 0 && pins.warnings.length === 0) {
        add('pins', 'ok', `${pins.pins.size} models pinned, every entry matches`);
      }
    }

    recentRuns = await handle.db.select().from(seedRuns).orderBy(desc(seedRuns.startedAt)).limit(5);
    const last = recentRuns[0];
    if (!last) add('seed runs', 'problem', 'no seed has ever run. Run `npm run models:deploy`.');
    else if (last.outcome === 'failed')
      add(
        'seed runs',
        'problem',
        `the last run (${last.startedAt.toISOString()}, ${last.trigger}) failed: ${last.error}`,
      );
    else
      add(
        'seed runs',
        'ok',
        `last run ${last.startedAt.toISOString()}: ${last.trigger} ${last.outcome}${last.detail ? ` (${last.detail})` : ''}`,
      );

    // A deploy seeds only an empty registry; one that seeded after an earlier applied seed means the models were
    // removed in between — exactly what must never happen silently.
    const [first] = await handle.db
      .select({ startedAt: seedRuns.startedAt })
      .from(seedRuns)
      .where(sql`${seedRuns.outcome} = 'applied' and not ${seedRuns.dryRun}`)
      .orderBy(asc(seedRuns.startedAt))
      .limit(1);
    if (first) {
      const unexpected = await handle.db
        .select()
        .from(seedRuns)
        .where(
          sql`${seedRuns.trigger} = 'deploy' and ${seedRuns.outcome} = 'applied' and ${seedRuns.startedAt} > ${first.startedAt.toISOString()}::timestamptz`,
        )
        .orderBy(desc(seedRuns.startedAt))
        .limit(5);
      for (const run of unexpected) {
        add(
          'unexpected seeds',
          'problem',
          `a deploy seeded at ${run.startedAt.toISOString()} although the registry had been seeded before (${first.startedAt.toISOString()}): its models had been removed. Check who emptied the models table.`,
        );
      }
      if (unexpected.length === 0)
        add('unexpected seeds', 'ok', 'no deploy re-seeded a registry that had been seeded before');
    }
  } catch (error) {
    add('database', 'problem', message(error));
  } finally {
    await handle.close().catch(() => {});
  }
  return { healthy: findings.every((f) => f.status !== 'problem'), findings, recentRuns };
}
