// npm run models:import — apply an export to this registry (0 done, 1 invalid file or refused, 2 database,
// 64 usage).
import { EXIT, runCommand } from '../lib/cli/command';
import { withDatabase } from '../lib/cli/database';
import { announceChange } from '../lib/cli/sync-report';
import { webhookSettingsFromEnv } from '../lib/registry/automation/notify';
import { loadModelDefaults } from '../lib/registry/config/operator-config';
import { RegistryError } from '../lib/registry/errors';
import {
  importRegistry,
  importWroteModelsOrGroups,
  readExportFile,
} from '../lib/registry/transfer/export-import';

await runCommand(
  {
    name: 'models:import',
    usage: `
Usage: npm run models:import -- FILE [--dry-run] [--json]

Applies a models:export file. The whole file is validated first (every problem listed with its JSON path; nothing
is written on any error). Then, in one transaction: admin-set statuses, overridden fields, prices and default flags
go onto the matching models; missing manual models are created; statuses that config pins the other way are
skipped and reported; ids this registry does not know are reported; one audit event per changed model (actor
"import"). Statuses that came from config or the default are left to this registry's config. The access groups
and teams saved in the source's dashboard are created or changed here (one access event each; none deleted);
those this registry's ACCESS_PATH declares keep its own entry, and API keys never travel. With NOTIFY_WEBHOOK_URL
set, an import that alters a gateway's config is announced there before the command exits.

  --dry-run   report what would change, write nothing

Exit codes: 0 done, 1 invalid file or refused, 2 database problem, 64 bad usage.`,
    options: { 'dry-run': { type: 'boolean' }, json: { type: 'boolean' } },
    allowPositionals: true,
  },
  async ({ values, positionals }, ctx) => {
    if (positionals.length !== 1)
      throw new RegistryError('usage', 'Name exactly one file to import. See --help.');
    const path = positionals[0] as string;
    const file = await readExportFile(path);
    const { config } = loadModelDefaults();
    const dryRun = values['dry-run'] === true;
    const webhook = webhookSettingsFromEnv(process.env); // a bad NOTIFY_WEBHOOK_URL stops the command first
    const report = await withDatabase({ mustExist: true }, async (handle) => {
      const report = await importRegistry(handle.db, config, file, { dryRun });
      // The gateways' configs the import altered, announced to the webhook (README: Notifications).
      if (webhook && importWroteModelsOrGroups(report))
        await announceChange(ctx, handle.db, { trigger: 'cli', actor: 'import' });
      return report;
    });
    const lines = [
      `${dryRun ? 'Dry run (nothing written)' : 'Imported'} ${report.entries} entries: ${report.changed} model(s) ${dryRun ? 'would change' : 'changed'}, ${report.created} ${dryRun ? 'would be created' : 'created'}, ${report.unchanged} unchanged.`,
      ...report.changes.map(
        (c) => `  ${c.action} ${c.model}${c.fields.length ? `: ${c.fields.join(', ')}` : ''}`,
      ),
    ];
    if (report.statusLeftToConfig)
      lines.push(
        `${report.statusLeftToConfig} status(es) came from config or the default: left to this registry's config.`,
      );
    for (const p of report.pinnedSkipped) lines.push(`skipped (pinned) ${p.modelId}: ${p.reason}`);
    if (report.unknown.length)
      lines.push(`not in this registry (${report.unknown.length}): ${report.unknown.join(', ')}`);
    const access = report.access;
    if (access) {
      const sum = (c: typeof access.groups) =>
        `${c.created} ${dryRun ? 'to create' : 'created'}, ${c.changed} ${dryRun ? 'to change' : 'changed'}, ${c.unchanged} unchanged`;
      lines.push(`Access groups: ${sum(access.groups)}; teams: ${sum(access.teams)}.`);
      if (access.declaredHere.length)
        lines.push(
          `declared in this registry's ACCESS_PATH (its entry kept): ${access.declaredHere.join(', ')}`,
        );
      if (access.unknownGroups.length)
        lines.push(`grants of groups this registry has not (left out): ${access.unknownGroups.join(', ')}`);
    }
    ctx.print(lines.join('\n'), report);
    return EXIT.ok;
  },
);
