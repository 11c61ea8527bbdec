// npm run models:deploy — the deploy step: migrate, then seed only if no models exist
// (0 seeded or skipped, 1 seed failed, 2 could not tell: never seeds then).

import { EXIT, runCommand } from '../lib/cli/command';
import { withDatabase } from '../lib/cli/database';
import { formatSeedReport } from '../lib/cli/format-plan';
import { loadModelDefaults } from '../lib/registry/config';
import { deployRegistry } from '../lib/registry/seed/deploy';

await runCommand(
  {
    name: 'models:deploy',
    usage: `
Usage: npm run models:deploy -- [--source api|catalog|FILE.json] [--json]

The deploy step. Applies migrations, then, under the seed lock, seeds the registry only if it holds no
models at all; otherwise it records a "skipped" run saying how many exist. Every decision is logged in
seed_runs. A registry that already has models is never re-seeded by a deploy, so admin work is never reset.

  --source SOURCE  as for models:seed (default: api when MISTRAL_API_KEY is set, else the bundled catalog)
  --json           print one JSON object: {outcome, runId, existingModels, migrationsApplied, source, added, ...}

Exit codes: 0 seeded or skipped, 1 seed failed (provider, input or config problem; nothing written),
2 could not tell whether models exist (database unreachable, auth, timeout): never seeds then, 64 bad usage.`,
    options: { source: { type: 'string' }, json: { type: 'boolean' } },
    unexpectedExitCode: EXIT.database,
  },
  async ({ values }, ctx) => {
    const { config } = loadModelDefaults();
    return withDatabase({}, async (handle) => {
      const { migrationsApplied, report } = await deployRegistry(handle, {
        config,
        env: process.env,
        source: values.source as string | undefined,
        onProgress: ctx.progress,
      });
      for (const warning of report.warnings) ctx.warn(warning);
      const migrated =
        migrationsApplied > 0 ? `Applied ${migrationsApplied} migration(s).` : 'Schema is current.';
      ctx.print(`${migrated} ${formatSeedReport(report, { detailed: false })}`, {
        outcome: report.outcome === 'applied' ? 'seeded' : 'skipped',
        runId: report.runId,
        existingModels: report.existingModels,
        migrationsApplied,
        source: report.source,
        ...report.counts,
        warnings: report.warnings,
      });
      return EXIT.ok;
    });
  },
);
