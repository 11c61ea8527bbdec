// npm run models:deploy — the deploy step: migrate, then seed each configured provider that has no models yet
// (0 seeded or skipped, 1 a provider's seed failed, 2 could not tell: never seeds then).

import { EXIT, runCommand } from '../lib/cli/command';
import { withDatabase } from '../lib/cli/database';
import { printSyncResults, reportDelivery, syncExitCode } from '../lib/cli/sync-report';
import { notifySync, webhookSettingsFromEnv } from '../lib/registry/automation/notify';
import { loadModelDefaults } from '../lib/registry/config/operator-config';
import { deployRegistry } from '../lib/registry/sync/deploy';

await runCommand(
  {
    name: 'models:deploy',
    usage: `
Usage: npm run models:deploy -- [--provider ID]... [--source api|catalog|FILE.json] [--json]

The deploy step. Applies migrations, then, for each configured provider and under the seed lock, seeds the
provider only if the registry holds none of its models; otherwise it records a "skipped" run saying how many
exist. So adding OPENAI_API_KEY to a running deployment seeds OpenAI at the next deploy and leaves every other
provider, and every admin decision, alone. With no provider configured at all, Mistral's bundled catalog is
read. Every decision is logged in seed_runs, one row per provider.

  --provider ID    gate only this provider (repeat for several)
  --source SOURCE  Mistral only, as for models:seed
  --json           print one JSON object: {migrationsApplied, ok, providers: [{provider, outcome
                   (seeded|skipped|failed), runId, existingModels, source, added, ..., warnings, error}]}

A deploy that found something for a person is notified like a sync (NOTIFY_WEBHOOK_URL, see models:seed --help).

Exit codes: 0 every provider seeded or skipped, 1 a provider's seed failed (provider, input or config problem;
it wrote nothing, the others still seeded), 2 could not tell whether models exist (database unreachable, auth,
timeout): never seeds then, 64 bad usage.`,
    options: {
      provider: { type: 'string', multiple: true },
      source: { type: 'string' },
      json: { type: 'boolean' },
    },
    unexpectedExitCode: EXIT.database,
  },
  async ({ values }, ctx) => {
    const { config } = loadModelDefaults();
    const webhook = webhookSettingsFromEnv(process.env); // a bad NOTIFY_WEBHOOK_URL stops the deploy first
    return withDatabase({}, async (handle) => {
      const { migrationsApplied, results } = await deployRegistry(handle, {
        config,
        env: process.env,
        source: values.source as string | undefined,
        providers: values.provider as string[] | undefined,
        onProgress: ctx.progress,
      });
      const migrated =
        migrationsApplied > 0 ? `Applied ${migrationsApplied} migration(s).` : 'Schema is current.';
      printSyncResults(ctx, results, {
        deploy: true,
        detailed: false,
        lead: migrated,
        json: { migrationsApplied },
      });
      if (webhook) reportDelivery(ctx, await notifySync(handle.db, process.env, results, 'deploy'));
      return syncExitCode(results, EXIT.database);
    });
  },
);
