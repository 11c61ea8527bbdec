// npm run keys:list — every consumer API key, newest first, without secrets (0, 2 database, 64 usage).
import { EXIT, runCommand } from '../lib/cli/command';
import { withDatabase } from '../lib/cli/database';
import { listKeys } from '../lib/registry/access/keys';

await runCommand(
  {
    name: 'keys:list',
    usage: `
Usage: npm run keys:list -- [--json]

Lists every consumer API key, newest first: prefix, name, team (or platform), groups, state (active, revoked,
expired), created, last used (written at most once a minute) and expiry. Secrets are never shown: only a key's
holder has it. --json prints {"keys": [...]}.

Exit codes: 0, 2 database, 64 bad usage.`,
    options: { json: { type: 'boolean' } },
  },
  async (_args, ctx) =>
    withDatabase({ mustExist: true }, async (handle) => {
      const keys = await listKeys(handle.db);
      const day = (iso: string | null) => (iso ? iso.slice(0, 16).replace('T', ' ') : '—');
      const lines = keys.map((k) => {
        const who =
          k.kind === 'platform'
            ? 'platform'
            : `team ${k.team}${k.groups.length ? ` (${k.groups.join(', ')})` : ''}`;
        return `  ${k.prefix}  ${k.state.padEnd(7)}  ${k.name}  ·  ${who}  ·  created ${day(k.createdAt)} by ${k.createdBy}  ·  last used ${day(k.lastUsedAt)}  ·  expires ${day(k.expiresAt)}`;
      });
      ctx.print(
        keys.length
          ? `${keys.length} key(s):\n${lines.join('\n')}`
          : 'No keys. Create one with npm run keys:create.',
        {
          keys,
        },
      );
      return EXIT.ok;
    }),
);
