// npm run models:seed — sync the registry from every configured provider, or the ones named
// (0 all done, 1 a provider/input/config problem, 2 database, 64 usage).
import { runCommand } from '../lib/cli/command';
import { withDatabase } from '../lib/cli/database';
import { printSyncResults, reportDelivery, syncExitCode } from '../lib/cli/sync-report';
import { notifySync, webhookSettingsFromEnv } from '../lib/registry/automation/notify';
import { loadModelDefaults } from '../lib/registry/config/operator-config';
import { providerSetup } from '../lib/registry/providers/registry';
import { syncProviders, syncTargets } from '../lib/registry/sync/provider-sync';

await runCommand(
  {
    name: 'models:seed',
    usage: `
Usage: npm run models:seed -- [--provider ID]... [--dry-run] [--source api|catalog|FILE.json]
                              [--allow-mass-retire] [--json]

Syncs the registry from every configured provider at once (a built-in provider is configured by its key,
like OPENAI_API_KEY; servers are declared in PROVIDERS_PATH): adds new models, refreshes names and metadata
(except fields an admin overrode), applies config pins, keeps every status an admin set, retires models a
provider stopped listing. Each provider is synced on its own: one that fails writes and retires nothing,
and the others still apply. With no provider configured at all, Mistral's bundled catalog is read.

  --provider ID        sync only this provider (repeat for several): mistral, openai, anthropic, gemini,
                       openrouter, groq, together, or an id declared in PROVIDERS_PATH
  --dry-run            print each provider's plan (every change and its reason); write nothing but the
                       seed_runs log lines
  --source SOURCE      Mistral only: api (GET $MISTRAL_API_URL/v1/models with MISTRAL_API_KEY),
                       catalog (the bundled offline answer) or FILE.json (a saved /v1/models answer)
  --allow-mass-retire  allow retiring more than half of a provider's models in one run
  --json               print one JSON object: {dryRun, ok, providers: [{provider, outcome, runId, source,
                       added, updated, statusChanged, retired, restored, unchanged, warnings, error}]}

When NOTIFY_WEBHOOK_URL is set, a sync that found something for a person (a provider that failed, new, retired or
restored models) or left a gateway's config (gateways:export) other than the webhook last heard is POSTed there
before the command exits (at most about 20 s; a failed delivery is a warning, never the sync's failure). A dry
run notifies nothing.

Exit codes: 0 every provider synced, 1 a provider, input or config problem (that provider wrote nothing),
2 database problem, 64 bad usage.`,
    options: {
      provider: { type: 'string', multiple: true },
      'dry-run': { type: 'boolean' },
      source: { type: 'string' },
      'allow-mass-retire': { type: 'boolean' },
      json: { type: 'boolean' },
    },
  },
  async ({ values }, ctx) => {
    const { config } = loadModelDefaults();
    const targets = syncTargets(providerSetup(process.env), {
      providers: values.provider as string[] | undefined,
      source: values.source as string | undefined,
    });
    const dryRun = values['dry-run'] === true;
    const webhook = webhookSettingsFromEnv(process.env); // a bad NOTIFY_WEBHOOK_URL stops the command first
    return withDatabase({ mustExist: true }, async (handle) => {
      const results = await syncProviders(handle.db, targets, {
        trigger: 'cli',
        actor: 'cli',
        config,
        dryRun,
        allowMassRetire: values['allow-mass-retire'] === true,
        onProgress: ctx.progress,
        onRetry: (provider, { attempt, status, delayMs, reason }) =>
          ctx.progress(
            `${provider} answered ${status ?? reason}; retry ${attempt} in ${Math.round(delayMs / 100) / 10} s…`,
          ),
      });
      printSyncResults(ctx, results, { json: { dryRun } });
      if (webhook && !dryRun) reportDelivery(ctx, await notifySync(handle.db, process.env, results, 'cli'));
      return syncExitCode(results);
    });
  },
);
