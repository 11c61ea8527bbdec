// npm run models:doctor — is the registry healthy? (0 healthy, 1 problems, 2 database could not be asked).

import { openDatabase } from '../db/client';
import { EXIT, runCommand } from '../lib/cli/command';
import { diagnose } from '../lib/registry/sync/doctor';

await runCommand(
  {
    name: 'models:doctor',
    usage: `
Usage: npm run models:doctor -- [--json]

Checks what the registry needs to serve and to seed — the config, the provider declarations, the database
(reachable, migrated), the models, the config pins, an admin account, each provider's last seed run, and
whether a deploy ever re-seeded a registry seeded before — and says what to do about each finding. Read-only.

Each provider that is configured or has models gets its own finding ("provider <id>"): ✔ when its last sync
applied or skipped, ✘ when it failed (with the provider's own error and the run's time), ⚠ when it has models
but is not configured (the variable that enables it is named; its models are kept as they are, not synced)
or is configured but was never synced.

  ✘ problems (exit 1): the config is invalid; PROVIDERS_PATH is invalid or unreadable; the database is not
    migrated; the registry has no models; config pins one model group both ways (the next seed refuses to
    run); a configured provider's last seed run failed; no seed has ever run and there are no models.
  ⚠ warnings (exit 0): a pin entry that matches no model; a pinned-active model past its deprecation date;
    no admin account yet; models but no seed run ever; a provider with models that is not configured; a
    configured provider never synced; a deploy that once re-seeded a registry that had been seeded before.

Previews (dry runs) are not seed runs: they are neither listed nor judged here.

  --json   print one JSON object: {"healthy", "databaseAnswered", "problems": ["check: …"],
           "warnings": ["check: …"], "findings": [{"check", "status", "detail"}], "recentRuns": [...],
           "providers": [{"id", "name", "kind", "configured", "syncedFrom", "enabledBy", "models", "offered",
           "retired", "lastSyncedAt", "lastRun": {"outcome", "startedAt", "error", …} | null}]}

Exit codes:
  0  healthy (warnings allowed)
  1  problems found
  2  the database could not be asked: unreachable, credentials refused, database missing, timeout
     (the cause and the fix are named, as models:check names them)
 64  bad usage`,
    options: { json: { type: 'boolean' } },
    unexpectedExitCode: EXIT.problem,
  },
  async (_args, ctx) => {
    const report = await diagnose({
      env: process.env,
      openDatabase: () =>
        openDatabase({ mustExist: true, connectTimeoutSeconds: 5, statementTimeoutMs: 10_000 }),
    });
    const mark = { ok: '✔', warning: '⚠', problem: '✘' } as const;
    const lines = report.findings.map((f) => `${mark[f.status]} ${f.check}: ${f.detail}`);
    if (report.recentRuns.length) {
      lines.push('', 'Recent seed runs (previews not listed):');
      for (const run of report.recentRuns) {
        lines.push(
          `  ${run.startedAt.toISOString()}  ${run.provider.padEnd(10)} ${run.trigger.padEnd(6)} ${run.outcome.padEnd(7)} ${run.source}  ${run.detail ?? ''}${run.error ? `  error: ${run.error}` : ''}`,
        );
      }
    }
    const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
    const warned = report.warnings.length ? `, ${plural(report.warnings.length, 'warning')} (⚠)` : '';
    lines.push(
      '',
      !report.databaseAnswered
        ? 'Could not ask the database (see ✘ database): the checks that need it did not run.'
        : report.healthy
          ? `Healthy${warned}.`
          : `${plural(report.problems.length, 'problem')} found (✘)${warned}.`,
    );
    ctx.print(lines.join('\n'), report);
    if (!report.databaseAnswered) return EXIT.database;
    return report.healthy ? EXIT.ok : EXIT.problem;
  },
);
