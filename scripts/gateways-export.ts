// npm run gateways:export — a gateway's config written from the registry, or a deployed one checked against it
// (0 written / matches, 1 differs, 2 cannot tell: database, file, config; 64 usage).
import { readFile } from 'node:fs/promises';
import { EXIT, runCommand } from '../lib/cli/command';
import { withDatabase } from '../lib/cli/database';
import { writeFileWhole, writeStdout } from '../lib/cli/output-file';
import { RegistryError } from '../lib/registry/errors';
import { checkGatewayConfig, gatewayConfig, parseGatewayFormat } from '../lib/registry/gateways/export';

await runCommand(
  {
    name: 'gateways:export',
    usage: `
Usage: npm run gateways:export -- --format litellm|librechat [--team SLUG] [--out FILE | --check FILE] [--json]

Writes a gateway's config from the registry: every offered model (or --team's), as the consumer API offers it.
  litellm    LiteLLM proxy config.yaml: model_list, one entry per model, keys as os.environ/<VARIABLE>
  librechat  librechat.yaml: a custom endpoint per provider, modelSpecs for the chat models, keys as \${VARIABLE}
Without --out it goes to standard output. --check FILE compares a deployed config with the registry's (its
comment header aside) and prints what differs. The same config is served at GET /api/v1/gateways/<format>.

Exit codes: 0 written, or FILE matches; 1 FILE differs; 2 could not tell (database, a file that cannot be read or
written, a bad PROVIDERS_PATH or ACCESS_PATH); 64 bad usage (unknown --format, a team that does not exist).`,
    options: {
      format: { type: 'string' },
      team: { type: 'string' },
      out: { type: 'string' },
      check: { type: 'string' },
      json: { type: 'boolean' },
    },
    problemExitCode: 2,
  },
  async ({ values }, ctx) => {
    if (values.format === undefined)
      throw new RegistryError('usage', '--format is required (litellm or librechat).');
    const format = parseGatewayFormat(values.format as string);
    const team = (values.team as string | undefined) ?? null;
    const out = values.out as string | undefined;
    const check = values.check as string | undefined;
    if (team !== null && team.trim() === '') throw new RegistryError('usage', '--team needs a team slug.');
    if (out !== undefined && out.trim() === '') throw new RegistryError('usage', '--out needs a file name.');
    if (check !== undefined && check.trim() === '')
      throw new RegistryError('usage', '--check needs a file name.');
    if (out !== undefined && check !== undefined) {
      throw new RegistryError('usage', '--out writes a config and --check reads one: give one of them.');
    }
    let deployed: string | undefined;
    if (check !== undefined) {
      try {
        deployed = await readFile(check, 'utf8');
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? String(error);
        throw new RegistryError('input', `cannot read ${check} (${code}).`, { cause: error });
      }
    }
    const config = await withDatabase({ mustExist: true }, (handle) =>
      gatewayConfig(handle.db, { format, team }),
    );
    for (const { provider, count } of config.unrouted) {
      ctx.warn(
        `${count} model(s) of provider "${provider}" are not in the config: it is neither built in nor declared in PROVIDERS_PATH.`,
      );
    }
    const summary = {
      format,
      team,
      revision: config.revision,
      models: config.models,
      etag: config.etag,
      unrouted: config.unrouted,
    };
    if (check !== undefined && deployed !== undefined) {
      const result = checkGatewayConfig(deployed, check, config);
      if (result.matches) {
        ctx.print(`${check} matches the registry (revision ${config.revision}, ${config.models} models).`, {
          ...summary,
          file: check,
          matches: true,
        });
        return EXIT.ok;
      }
      ctx.print(
        `${check} no longer matches the registry (revision ${config.revision}); regenerate it with --out:\n${result.diff.trimEnd()}`,
        { ...summary, file: check, matches: false, diff: result.diff },
      );
      return EXIT.problem;
    }
    if (out === undefined) {
      if (ctx.json) ctx.print('', { ...summary, config: config.body });
      else await writeStdout(config.body);
      return EXIT.ok;
    }
    await writeFileWhole(out, (write) => write(config.body));
    ctx.print(
      `Wrote the ${format} config (${config.models} models, revision ${config.revision}) to ${out}.`,
      {
        ...summary,
        out,
      },
    );
    return EXIT.ok;
  },
);
