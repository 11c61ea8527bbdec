// npm run keys:revoke — refuse a consumer API key from the next request on, on every server (0 revoked or already
// revoked, 1 no such key, 2 database, 64 usage).
import { cliActor } from '../lib/cli/actor';
import { EXIT, runCommand } from '../lib/cli/command';
import { withDatabase } from '../lib/cli/database';
import { revokeKey } from '../lib/registry/access/keys';
import { RegistryError } from '../lib/registry/errors';

await runCommand(
  {
    name: 'keys:revoke',
    usage: `
Usage: npm run keys:revoke -- PREFIX [--actor NAME] [--json]

Revokes the key named by its prefix (mrk_ and 8 characters, as keys:list shows it): every server refuses it from
its next request. Recorded in the access events as revoked by "cli" or "cli:NAME". Revoking a revoked key changes
nothing and says so.

Exit codes: 0 revoked (or already revoked), 1 no such key, 2 database, 64 bad usage.`,
    options: { actor: { type: 'string' }, json: { type: 'boolean' } },
    allowPositionals: true,
  },
  async ({ values, positionals }, ctx) => {
    if (positionals.length !== 1) throw new RegistryError('usage', 'Name one key by its prefix. See --help.');
    const actor = cliActor(values.actor);
    const prefix = positionals[0] as string;
    return withDatabase({ mustExist: true }, async (handle) => {
      const { record, alreadyRevoked } = await revokeKey(handle.db, prefix, actor);
      ctx.print(
        alreadyRevoked
          ? `Key ${record.prefix} "${record.name}" was already revoked (${record.revokedAt} by ${record.revokedBy}).`
          : `Revoked key ${record.prefix} "${record.name}": refused from the next request on.`,
        { ...record, alreadyRevoked },
      );
      return EXIT.ok;
    });
  },
);
