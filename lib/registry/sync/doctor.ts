// models:doctor — the seed troubleshooting list as code: each check says what it found and what to do.
//
// Every finding is ok, a warning or a problem:
// - problems (the registry cannot serve, or the next seed will fail): an invalid config; a database that cannot be
//   asked (unreachable, credentials refused, database missing, timeout — described as every command describes it,
//   db/errors.ts) or is not migrated; a registry with no models (and then "no seed ever ran" too); config pins
//   that pin one group both ways (a seed refuses to run); invalid provider declarations (PROVIDERS_PATH); a
//   configured provider whose last seed run failed (judged per provider, with its own error).
// - warnings (worth reading, nothing is broken): a pinned-active model past its deprecation date, a pin entry that
//   matches nothing, an offered model deprecated within DEPRECATION_WARNING_DAYS or past its date (one line per
//   model: a pinned-active one past its date is reported under pins, not twice), no admin account yet, models but no seed run ever (all added by hand or by import), a
//   provider with models that is not configured (its models are kept, not synced), a configured provider never
//   synced, and a deploy that re-seeded a registry seeded before (it already happened; nothing left to fix but to
//   find out why).
import { and, desc, eq, gt } from 'drizzle-orm';
import type { DbHandle } from '../../../db/client';
import { DatabaseError, describeDatabaseError, isDriverError } from '../../../db/errors';
import { schemaStatus } from '../../../db/migrate';
import { type SeedRun, seedRuns } from '../../../db/schema';
import { countAdmins } from '../../auth/users';
import { loadAccessDeclarations } from '../access/declared';
import { consumerApiAccess } from '../access/views';
import { loadModelDefaults } from '../config/operator-config';
import { pinKey, registryPins } from '../config/pins';
import { RegistryError } from '../errors';
import { deprecationWarningDays, flaggedDeprecations } from '../lifecycle/deprecation';
import { type ProviderSetup, providerSetup } from '../providers/registry';
import { firstAppliedSeedRun, lastSeedRun, realRuns, recentSeedRuns } from '../reads/seed-runs';
import type { Env, ModelDefaults } from '../types';
import { countModels } from './deploy-check';
import { type ProviderStatus, providerStatuses } from './provider-status';

type FindingStatus = 'ok' | 'warning' | 'problem';

export type Finding = { check: string; status: FindingStatus; detail: string };

export type DoctorReport = {
  /** No problems (warnings allowed), and the database answered. */
  healthy: boolean;
  /** False when the database could not be asked at all: the other checks could not run (exit 2). */
  databaseAnswered: boolean;
  /** "check: what is wrong and what to do", one per problem. */
  problems: string[];
  /** "check: what was found and what to do", one per warning. */
  warnings: string[];
  findings: Finding[];
  /** The newest seed runs (never dry runs). */
  recentRuns: SeedRun[];
  /** Every provider that is synced or has models, with its last seed run (empty when it could not be read). */
  providers: ProviderStatus[];
};

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Whether an error means "the database could not be asked" rather than a bug here. */
function isDatabaseFailure(error: unknown): boolean {
  return error instanceof DatabaseError || isDriverError(error);
}

export async function diagnose(options: {
  env: Env;
  openDatabase: () => Promise<DbHandle>;
  now?: Date;
}): Promise<DoctorReport> {
  const now = options.now ?? new Date();
  const findings: Finding[] = [];
  const add = (check: string, status: FindingStatus, detail: string) =>
    findings.push({ check, status, detail });
  const done = (
    databaseAnswered: boolean,
    recentRuns: SeedRun[] = [],
    providers: ProviderStatus[] = [],
  ): DoctorReport => {
    const entries = (status: FindingStatus) =>
      findings.filter((f) => f.status === status).map((f) => `${f.check}: ${f.detail}`);
    const problems = entries('problem');
    return {
      healthy: databaseAnswered && problems.length === 0,
      databaseAnswered,
      problems,
      warnings: entries('warning'),
      findings,
      recentRuns,
      providers,
    };
  };

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

  let setup: ProviderSetup | null = null;
  try {
    setup = providerSetup(options.env);
    const configured = setup.configured.map((p) => `${p.id} (${p.enabledBy})`);
    add(
      'providers',
      'ok',
      configured.length
        ? `${configured.length} configured: ${configured.join(', ')}`
        : "none configured: Mistral's bundled offline catalog stands in",
    );
  } catch (error) {
    if (!(error instanceof RegistryError)) throw error;
    add('providers', 'problem', message(error));
  }

  let warningDays: number | null = null;
  try {
    warningDays = deprecationWarningDays(options.env);
  } catch (error) {
    if (!(error instanceof RegistryError)) throw error;
    add('deprecations', 'problem', message(error));
  }

  try {
    const declared = loadAccessDeclarations(options.env);
    add(
      'access',
      'ok',
      declared.origin
        ? `${declared.groups.length} group(s) and ${declared.teams.length} team(s) declared (${declared.origin})`
        : 'no groups or teams declared (ACCESS_PATH unset): only the built-in group "all"',
    );
  } catch (error) {
    if (!(error instanceof RegistryError)) throw error;
    add('access', 'problem', message(error));
  }
  try {
    if (consumerApiAccess(options.env) === 'keys') {
      add(
        'consumer API',
        'ok',
        'answers only with an API key (a platform or team key, or REGISTRY_API_TOKEN)',
      );
    } else {
      // Open is today's default and right for a laptop; a production server should not hand its list to anyone.
      add(
        'consumer API',
        options.env.NODE_ENV === 'production' ? 'warning' : 'ok',
        'answers without a key: anyone who can reach it reads every offered model. Set CONSUMER_API_ACCESS=keys (or REGISTRY_API_TOKEN) and give each caller a key (npm run keys:create).',
      );
    }
  } catch (error) {
    if (!(error instanceof RegistryError)) throw error;
    add('consumer API', 'problem', message(error));
  }

  let handle: DbHandle;
  try {
    handle = await options.openDatabase();
  } catch (error) {
    if (!isDatabaseFailure(error)) throw error;
    add('database', 'problem', message(error));
    return done(false);
  }
  try {
    const schema = await schemaStatus(handle.db);
    add('database', 'ok', `reachable: ${handle.target.display}`);
    if (!schema.migrated) {
      add(
        'schema',
        'problem',
        `${schema.pending} of ${schema.total} migrations not applied. Run \`npm run db:migrate\` (or \`npm run models:deploy\`).`,
      );
      return done(true);
    }
    add('schema', 'ok', `migrated (${schema.total} migrations)`);

    const total = await countModels(handle.db);
    if (total === 0)
      add('models', 'problem', 'the registry is empty. Run `npm run models:deploy` (or models:seed).');
    else add('models', 'ok', `${total} models`);

    const pins = config ? await registryPins(handle.db, config, now) : null;
    if (config && pins) {
      // Two-way pins stop the next seed: a problem. Everything else the pins report (an entry that matches
      // nothing, a pinned-active model past its deprecation) is a warning.
      const isConflict = (warning: string) =>
        pins.conflicts.some((c) => warning.includes(`'${c.active}'`) && warning.includes(`'${c.inactive}'`));
      for (const c of pins.conflicts) {
        add(
          'pins',
          'problem',
          `${c.modelIds.join(', ')} pinned both ways (alwaysActive '${c.active}', alwaysInactive '${c.inactive}'): the next seed will refuse to run. Remove one of the entries.`,
        );
      }
      for (const warning of pins.warnings.filter((w) => !isConflict(w))) add('pins', 'warning', warning);
      if (pins.warnings.length === 0 && pins.conflicts.length === 0) {
        add('pins', 'ok', `${pins.pins.size} models pinned, every entry matches`);
      }
    }

    if (warningDays !== null) {
      const flagged = await flaggedDeprecations(handle.db, now, warningDays);
      // A pinned-active model past its date is already a pins warning (the config keeps it offered): not twice.
      const pinned = flagged.filter(
        (m) => m.state === 'past' && pins?.pins.get(pinKey(m.provider, m.modelId))?.status === 'active',
      );
      for (const m of flagged) {
        if (pinned.includes(m)) continue;
        const date = m.deprecation.toISOString().slice(0, 10);
        const when =
          m.state === 'past'
            ? `deprecated since ${date} but still offered`
            : `deprecated on ${date} (in ${Math.ceil((m.deprecation.getTime() - now.getTime()) / 86_400_000)} days)`;
        const next = m.replacement
          ? `its replacement is ${m.replacement}`
          : 'the provider names no replacement';
        const isDefault = m.isDefault
          ? ' It is the default for its type: move the default in the dashboard.'
          : '';
        add('deprecations', 'warning', `${m.apiId} is ${when}; ${next}.${isDefault}`);
      }
      if (pinned.length > 0)
        add(
          'deprecations',
          'ok',
          `${pinned.map((m) => m.apiId).join(', ')} past deprecation but pinned active by config: reported under pins`,
        );
      else if (flagged.length === 0)
        add('deprecations', 'ok', `no offered model is deprecated or deprecated within ${warningDays} days`);
    }

    const admins = await countAdmins(handle.db);
    if (admins === 0)
      add(
        'admins',
        'warning',
        'no admin account yet: nobody can change models in the dashboard. Create one with `npm run admin:create -- --email you@example.com`.',
      );
    else add('admins', 'ok', `${admins} admin account${admins === 1 ? '' : 's'}`);

    const last = await lastSeedRun(handle.db);
    if (!last) {
      if (total === 0) add('seed runs', 'problem', 'no seed has ever run. Run `npm run models:deploy`.');
      else
        add(
          'seed runs',
          'warning',
          `no seed has ever run: the ${total} models were added by hand or by import. Run \`npm run models:seed\` to add the provider's models.`,
        );
    } else if (last.outcome !== 'failed')
      add(
        'seed runs',
        'ok',
        `last run ${last.startedAt.toISOString()}: ${last.trigger} ${last.outcome}${last.detail ? ` (${last.detail})` : ''}`,
      );
    // A failed last run is judged below, per provider, with that provider's own error: not twice.

    const statuses = setup ? await providerStatuses(handle.db, setup) : [];
    for (const provider of statuses) {
      const finding = providerFinding(provider);
      if (finding) add(`provider ${provider.id}`, finding.status, finding.detail);
    }

    // A deploy seeds only an empty registry; one that seeded after an earlier applied seed means the models were
    // removed in between — exactly what must never happen silently.
    const first = await firstAppliedSeedRun(handle.db);
    if (first) {
      const unexpected = await handle.db
        .select()
        .from(seedRuns)
        .where(
          and(
            realRuns,
            eq(seedRuns.trigger, 'deploy'),
            eq(seedRuns.outcome, 'applied'),
            gt(seedRuns.startedAt, first.startedAt),
          ),
        )
        .orderBy(desc(seedRuns.startedAt))
        .limit(5);
      for (const run of unexpected) {
        add(
          'unexpected seeds',
          'warning',
          `a deploy seeded at ${run.startedAt.toISOString()} although the registry had been seeded before (${first.startedAt.toISOString()}): its models had been removed. Check who emptied the models table.`,
        );
      }
      if (unexpected.length === 0)
        add('unexpected seeds', 'ok', 'no deploy re-seeded a registry that had been seeded before');
    }

    return done(true, await recentSeedRuns(handle.db, { limit: 5 }), statuses);
  } catch (error) {
    if (!isDatabaseFailure(error)) throw error;
    // The same sentence every command prints for this cause (db/errors.ts), e.g. 3D000, ECONNREFUSED, 28000.
    add('database', 'problem', describeDatabaseError(error, handle.target));
    return done(false);
  } finally {
    await handle.close().catch(() => {});
  }
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
/** A provider's own words, ended as a sentence so the advice after them reads apart. */
const ended = (text: string | null) => {
  const trimmed = (text ?? 'no error was recorded').trim();
  return /[.!?)]$/.test(trimmed) ? trimmed : `${trimmed}.`;
};

/** One provider's finding: how its last sync went, or why none reads it. */
function providerFinding(p: ProviderStatus): { status: FindingStatus; detail: string } | null {
  const run = p.lastRun;
  const when = run ? `${run.startedAt.toISOString()}, ${run.trigger}` : '';
  if (!p.syncedFrom) {
    if (p.models === 0) return null;
    const enable =
      p.kind === 'undeclared'
        ? `Declare "${p.id}" in PROVIDERS_PATH to sync it.`
        : `Set ${p.enabledBy} to sync it.`;
    const failed = run?.outcome === 'failed' ? ` Its last sync (${when}) failed: ${ended(run.error)}` : '';
    return {
      status: 'warning',
      detail: `${p.name} is not configured: its ${plural(p.models, 'model')} are kept as they are, not synced. ${enable}${failed}`,
    };
  }
  const again =
    p.syncedFrom === 'api' ? `\`npm run models:seed -- --provider ${p.id}\`` : '`npm run models:seed`';
  if (!run) {
    const by = p.syncedFrom === 'api' ? `configured (${p.enabledBy})` : 'read from the bundled catalog';
    return { status: 'warning', detail: `${p.name} is ${by} but has never been synced. Run ${again}.` };
  }
  if (run.outcome === 'failed') {
    return {
      status: 'problem',
      detail: `${p.name}: the last sync (${when}) failed: ${ended(run.error)} Its models were left as they were; fix the cause and run ${again}.`,
    };
  }
  const from = p.syncedFrom === 'catalog' ? ', from the bundled catalog (no provider is configured)' : '';
  return {
    status: 'ok',
    detail: `${p.name}: last sync ${run.startedAt.toISOString()} ${run.trigger} ${run.outcome}${from}; ${plural(p.models, 'model')}, ${p.offered} offered`,
  };
}
