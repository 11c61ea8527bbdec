// npm run models:check — do any models exist? 0 yes, 1 none, 2 could not tell (never mistaken for "none").
import { EXIT, exitAfter, runCommand } from '../lib/cli/command';
import { withDriver } from '../lib/cli/database';
import { countModels } from '../lib/registry/sync/deploy-check';

/** The whole answer, connection included, comes within this bound or the answer is "could not tell". */
const LIMIT_MS = 10_000;

await runCommand(
  {
    name: 'models:check',
    usage: `
Usage: npm run models:check -- [--json]

Prints one line saying whether the registry holds any models. Read-only.

Exit codes:
  0  models exist
  1  no models (the database answered, and the table is empty)
  2  could not tell: unreachable, authentication failed, database or schema missing, timeout (${LIMIT_MS / 1000} s)
 64  bad usage`,
    options: { json: { type: 'boolean' } },
    unexpectedExitCode: EXIT.database,
    errorPrefix: 'could not tell whether models exist',
  },
  async (_args, ctx) => {
    exitAfter(
      LIMIT_MS,
      EXIT.database,
      `models:check: could not tell within ${LIMIT_MS / 1000} s whether models exist (timeout).`,
    );
    // The bare driver, not Drizzle: one count needs no ORM, and not loading it is most of this command's
    // start-up time. No array types are read, so their lookup round trip is skipped too.
    return withDriver(
      { mustExist: true, connectTimeoutSeconds: 5, statementTimeoutMs: 5_000, fetchTypes: false },
      async (driver) => {
        const n = await countModels(driver);
        const where = driver.target.display;
        ctx.print(n > 0 ? `${n} models exist in ${where}.` : `No models in ${where}.`, {
          exists: n > 0,
          count: n,
        });
        return n > 0 ? EXIT.ok : EXIT.problem;
      },
    );
  },
);
