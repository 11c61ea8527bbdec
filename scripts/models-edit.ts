// npm run models:edit — set models' status from a shell, through the same rules as the dashboard
// (0 done, 1 refused or unknown id: nothing changed, 2 database, 64 usage).
import { cliActor } from '../lib/cli/actor';
import { EXIT, runCommand } from '../lib/cli/command';
import { withDatabase } from '../lib/cli/database';
import { announceChange } from '../lib/cli/sync-report';
import { webhookSettingsFromEnv } from '../lib/registry/automation/notify';
import { setModelStatus } from '../lib/registry/changes/status-edit';
import { loadModelDefaults } from '../lib/registry/config/operator-config';
import { RegistryError } from '../lib/registry/errors';
import { isModelId, MODEL_ID_RULE } from '../lib/registry/model/fields';

await runCommand(
  {
    name: 'models:edit',
    usage: `
Usage: npm run models:edit -- ID... --status active|inactive [--actor NAME] [--provider ID] [--json]

Sets the status of the named models as an admin would: recorded as set by hand (status source "admin",
by "cli" or "cli:NAME"), with an audit event per changed model, all in one transaction. Models pinned by
config are refused (change config instead); an unknown id refuses the whole edit, so nothing half-applies.
With NOTIFY_WEBHOOK_URL set, a change that alters a gateway's config is announced there before the command exits.

Exit codes: 0 done, 1 refused or unknown id (nothing changed), 2 database problem, 64 bad usage.`,
    options: {
      status: { type: 'string' },
      actor: { type: 'string' },
      provider: { type: 'string' },
      json: { type: 'boolean' },
    },
    allowPositionals: true,
  },
  async ({ values, positionals }, ctx) => {
    const status = values.status;
    if (status !== 'active' && status !== 'inactive') {
      throw new RegistryError('usage', '--status must be "active" or "inactive". See --help.');
    }
    if (positionals.length === 0) throw new RegistryError('usage', 'Name at least one model id. See --help.');
    const malformed = positionals.find((id) => !isModelId(id));
    if (malformed !== undefined) {
      throw new RegistryError('usage', `${JSON.stringify(malformed)} is not a model id. ${MODEL_ID_RULE}`);
    }
    const actor = cliActor(values.actor);
    const { config } = loadModelDefaults();
    const webhook = webhookSettingsFromEnv(process.env); // a bad NOTIFY_WEBHOOK_URL stops the command first
    return withDatabase({ mustExist: true }, async (handle) => {
      const result = await setModelStatus(handle.db, config, {
        modelIds: positionals,
        status,
        actor,
        provider: values.provider as string | undefined,
      });
      const lines = result.changed.map((c) => `  ${c.modelId}: ${c.from} → ${c.to}`);
      if (result.alreadySo.length) lines.push(`  already ${status}: ${result.alreadySo.join(', ')}`);
      ctx.print(
        `Changed ${result.changed.length} model(s).${lines.length ? `\n${lines.join('\n')}` : ''}`,
        result,
      );
      // The gateways' configs the change altered, announced to the webhook (README: Notifications).
      if (webhook && result.changed.length > 0)
        await announceChange(ctx, handle.db, { trigger: 'cli', actor });
      return EXIT.ok;
    });
  },
);
