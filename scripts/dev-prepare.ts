// npm run dev, before next dev: the deploy step on the (embedded) database, an AUTH_SECRET for local
// sessions, and on an empty users table a first admin whose credentials are printed once.
import { DEVELOPMENT_ENV_FILE, ensureDevelopmentSecret } from '../lib/auth/secret';
import { ensureFirstAdmin } from '../lib/auth/users';
import { EXIT, runCommand } from '../lib/cli/command';
import { withDatabase } from '../lib/cli/database';
import { summarizeSyncResults } from '../lib/cli/sync-report';
import { loadModelDefaults } from '../lib/registry/config/operator-config';
import { deployRegistry } from '../lib/registry/sync/deploy';

await runCommand(
  {
    name: 'dev',
    usage: `
Usage: npm run dev

Prepares a development start, then starts Next.js: runs the deploy step (migrate, seed an empty registry),
writes an AUTH_SECRET to ${DEVELOPMENT_ENV_FILE} (mode 0600) when there is none, and when no account exists
creates the first admin and prints its credentials once. Never used in production (NODE_ENV=production creates no account).`,
    options: {},
    unexpectedExitCode: EXIT.database,
  },
  async () => {
    if (ensureDevelopmentSecret(DEVELOPMENT_ENV_FILE, process.env))
      console.log(`Wrote a fresh AUTH_SECRET to ${DEVELOPMENT_ENV_FILE} (owner-only, git ignores it).`);
    const { config } = loadModelDefaults();
    return withDatabase({}, async (handle) => {
      const { results } = await deployRegistry(handle, { config, env: process.env });
      for (const line of summarizeSyncResults(results)) console.log(line);
      const admin = await ensureFirstAdmin(handle.db, process.env);
      if (admin) {
        console.log(
          `\nCreated the first admin (shown once; reset with npm run admin:create -- --email ${admin.email}):\n` +
            `  email:    ${admin.email}\n  password: ${admin.password}\n`,
        );
      }
      return EXIT.ok;
    });
  },
);
