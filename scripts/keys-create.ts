// npm run keys:create — a consumer API key for a team or for the platform; the secret is printed once
// (0 created, 1 refused: unknown team or group, 2 database, 64 usage).
import { cliActor } from '../lib/cli/actor';
import { EXIT, runCommand } from '../lib/cli/command';
import { withDatabase } from '../lib/cli/database';
import { loadAccessDeclarations } from '../lib/registry/access/declared';
import { createKey, parseExpiry } from '../lib/registry/access/keys';
import { RegistryError } from '../lib/registry/errors';

await runCommand(
  {
    name: 'keys:create',
    usage: `
Usage: npm run keys:create -- --name NAME (--team SLUG [--group SLUG]... | --platform) [--expires 90d] [--actor NAME] [--json]

Creates a consumer API key and prints its secret once: it is stored only as a hash, and named afterwards by its
prefix (mrk_ and 8 characters). A team key sees its team's models (teams are made on the Access page or declared
in ACCESS_PATH); --group narrows it to some of the team's groups (both must allow a model). A platform key sees
every offered model and may ask for one team's view (GET /api/v1/models?team=SLUG). --expires takes 90d, 12h, 30m or a date (at most ten years).
Recorded in the access events as created by "cli" or "cli:NAME".

Exit codes: 0 created, 1 refused (unknown team, a group the team is not granted), 2 database, 64 bad usage.`,
    options: {
      name: { type: 'string' },
      team: { type: 'string' },
      group: { type: 'string', multiple: true },
      platform: { type: 'boolean' },
      expires: { type: 'string' },
      actor: { type: 'string' },
      json: { type: 'boolean' },
    },
  },
  async ({ values }, ctx) => {
    const name = values.name as string | undefined;
    const team = values.team as string | undefined;
    const platform = values.platform === true;
    if (!name?.trim()) throw new RegistryError('usage', 'Name the key: --name NAME. See --help.');
    if (platform === (team !== undefined)) {
      throw new RegistryError('usage', 'Give exactly one of --team SLUG and --platform. See --help.');
    }
    const actor = cliActor(values.actor);
    const expiresAt = values.expires === undefined ? null : parseExpiry(values.expires as string);
    const declared = loadAccessDeclarations();
    return withDatabase({ mustExist: true }, async (handle) => {
      const { key, record } = await createKey(handle.db, declared, {
        name,
        kind: platform ? 'platform' : 'team',
        team,
        groups: (values.group as string[] | undefined) ?? [],
        expiresAt,
        actor,
      });
      const who = record.kind === 'platform' ? 'the platform (every offered model)' : `team ${record.team}`;
      const narrowed = record.groups.length ? `, groups ${record.groups.join(', ')}` : '';
      const until = record.expiresAt ? `, expires ${record.expiresAt}` : ', never expires';
      ctx.print(
        `Created key ${record.prefix} "${record.name}" for ${who}${narrowed}${until}.\n\n  ${key}\n\n` +
          'This is the only time the secret is shown: store it now. Send it as "Authorization: Bearer <key>".',
        { key, ...record },
      );
      return EXIT.ok;
    });
  },
);
