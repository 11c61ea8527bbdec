// npm run db:migrate — apply the committed migrations (0 ok, 2 database error).

import { migrateDatabase } from '../db/migrate';
import { EXIT, runCommand } from '../lib/cli/command';
import { withDatabase } from '../lib/cli/database';

await runCommand(
  {
    name: 'db:migrate',
    usage: `
Usage: npm run db:migrate -- [--json]

Applies the committed migrations (db/migrations) to DATABASE_URL, or to the embedded database
(PGLITE_DIR, default .data/pglite) when DATABASE_URL is unset. Safe to run from several deploys at once.

Exit codes: 0 migrated (or nothing to do), 2 database error, 64 bad usage.`,
    options: { json: { type: 'boolean' } },
    unexpectedExitCode: EXIT.database,
  },
  async (_args, ctx) =>
    withDatabase({}, async (handle) => {
      const result = await migrateDatabase(handle);
      ctx.print(
        `${result.applied === 0 ? 'Schema is current' : `Applied ${result.applied} migration(s)`} (${result.total} in all) on ${handle.target.display}.`,
        { ...result, target: handle.target.display },
      );
      return EXIT.ok;
    }),
);
