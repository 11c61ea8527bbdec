// npm run admin:unlock — lift the sign-in lock on an email (0 done, 2 database, 64 usage).

import { unlockSignIn } from '../lib/auth/users';
import { EXIT, runCommand } from '../lib/cli/command';
import { withDatabase } from '../lib/cli/database';
import { RegistryError } from '../lib/registry/errors';

await runCommand(
  {
    name: 'admin:unlock',
    usage: `
Usage: npm run admin:unlock -- --email EMAIL [--json]

Lifts the sign-in lock on an account: after 5 failed sign-ins within 15 minutes an email is refused for the
rest of that window, even with the right password. This removes the email's failed attempts (the rows of
sign_in_failures keyed on it), so it can sign in at once. The password is not changed; to change it, use
npm run admin:create -- --email EMAIL. A lock on a client address (20 failures) is not lifted here.

Exit codes: 0 done (also when the email was not locked), 2 database problem, 64 bad usage.`,
    options: { email: { type: 'string' }, json: { type: 'boolean' } },
  },
  async ({ values }, ctx) => {
    if (!values.email) throw new RegistryError('usage', '--email is required. See --help.');
    return withDatabase({ mustExist: true }, async (handle) => {
      const { email, removed } = await unlockSignIn(handle.db, values.email as string);
      ctx.print(
        removed > 0
          ? `Unlocked ${email}: removed ${removed} failed sign-in${removed === 1 ? '' : 's'}.`
          : `${email} had no failed sign-ins to remove; it was not locked.`,
        { email, removed },
      );
      return EXIT.ok;
    });
  },
);
