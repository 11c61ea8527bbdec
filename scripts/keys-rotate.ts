// npm run keys:rotate — a new secret for a key's team, groups and expiry, the old key revoked at once
// (0 rotated, 1 no such key or revoked, 2 database, 64 usage).
import { cliActor } from '../lib/cli/actor';
import { EXIT, runCommand } from '../lib/cli/command';
import { withDatabase } from '../lib/cli/database';
import { rotateKey } from '../lib/registry/access/keys';
import { RegistryError } from '../lib/registry/errors';

await runCommand(
  {
    name: 'keys:rotate',
    usage: `
Usage: npm run keys:rotate -- PREFIX [--actor NAME] [--json]

Replaces the key named by its prefix with a new one for the same team, groups and expiry, and prints the new
secret once; the old key is revoked in the same step (refused from the next request on). Recorded in the access
events by "cli" or "cli:NAME".

Exit codes: 0 rotated, 1 no such key, or it is revoked, 2 database, 64 bad usage.`,
    options: { actor: { type: 'string' }, json: { type: 'boolean' } },
    allowPositionals: true,
  },
  async ({ values, positionals }, ctx) => {
    if (positionals.length !== 1) throw new RegistryError('usage', 'Name one key by its prefix. See --help.');
    const actor = cliActor(values.actor);
    return withDatabase({ mustExist: true }, async (handle) => {
      const { key, record, replaced } = await rotateKey(handle.db, positionals[0] as string, actor);
      ctx.print(
        `Rotated key ${replaced.prefix} "${record.name}": it is revoked, and ${record.prefix} replaces it.\n\n  ${key}\n\n` +
          'This is the only time the secret is shown: store it now.',
        { key, ...record },
      );
      return EXIT.ok;
    });
  },
);
