// npm run models:seed — sync the registry from the provider (0 done, 1 provider/input problem, 2 database, 64 usage).
import { EXIT, runCommand } from '../lib/cli/command';
import { withDatabase } from '../lib/cli/database';
import { formatSeedReport } from '../lib/cli/format-plan';
import { loadModelDefaults } from '../lib/registry/config';
import { defaultCatalogSource, loadCatalog } from '../lib/registry/providers';
import { runSeed } from '../lib/registry/seed/run';

await runCommand(
  {
    name: 'models:seed',
    usage: `
Usage: npm run models:seed -- [--dry-run] [--source api|catalog|FILE.json] [--allow-mass-retire] [--json]

Syncs the registry from Mistral: adds new models, refreshes names and metadata (except fields an admin
overrode), applies config pins, keeps every status an admin set, retires models the provider stopped listing.

  --dry-run            print the plan (every change and its reason); write nothing but the seed_runs log line
  --source SOURCE      api: GET $MISTRAL_API_URL/v1/models with MISTRAL_API_KEY (default when the key is set)
                       catalog: the bundled offline catalog (default otherwise)
                       FILE.json: a saved /v1/models response
  --allow-mass-retire  allow retiring more than half of the provider's models in one run
  --json               print one JSON object: {runId, dryRun, source, added, updated, statusChanged, retired,
                       restored, unchanged, warnings}

Exit codes: 0 done, 1 provider or input problem (nothing written), 2 database problem, 64 bad usage.`,
    options: {
      'dry-run': { type: 'boolean' },
      source: { type: 'string' },
      'allow-mass-retire': { type: 'boolean' },
      json: { type: 'boolean' },
    },
  },
  async ({ values }, ctx) => {
    const { config } = loadModelDefaults();
    const source = (values.source as string | undefined) ?? defaultCatalogSource(process.env);
    return withDatabase({ mustExist: true }, async (handle) => {
      const report = await runSeed(handle.db, {
        trigger: 'cli',
        actor: 'cli',
        config,
        sourceLabel: source,
        dryRun: values['dry-run'] === true,
        allowMassRetire: values['allow-mass-retire'] === true,
        onProgress: ctx.progress,
        loadCatalog: () =>
          loadCatalog({
            source,
            env: process.env,
            onRetry: ({ attempt, status, delayMs, reason }) =>
              ctx.progress(
                `Provider answered ${status ?? reason}; retry ${attempt} in ${Math.round(delayMs / 100) / 10} s…`,
              ),
          }),
      });
      for (const warning of report.warnings) ctx.warn(warning);
      ctx.print(formatSeedReport(report, { detailed: report.dryRun }), {
        runId: report.runId,
        dryRun: report.dryRun,
        source: report.source,
        ...report.counts,
        warnings: report.warnings,
      });
      return EXIT.ok;
    });
  },
);
