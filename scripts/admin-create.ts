// npm run admin:create — create an account, or reset its password and role (0 done, 1 refused, 2 database, 64 usage).

import { createOrResetUser } from '../lib/auth/users';
import { EXIT, runCommand } from '../lib/cli/command';
import { withDatabase } from '../lib/cli/database';
import { RegistryError } from '../lib/registry/errors';

async function readStdin(): Promise<string | undefined> {
  if (process.stdin.isTTY) return undefined;
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  const password = text.replace(/\r?\n$/, '');
  return password === '' ? undefined : password;
}

await runCommand(
  {
    name: 'admin:create',
    usage: `
Usage: npm run admin:create -- --email EMAIL [--role admin|viewer] [--json]

Creates the account, or resets the password and role of an existing one. The password is read from
standard input when one is piped in (echo "$PASSWORD" | npm run admin:create -- --email a@b.c), otherwise
a strong one is generated and printed once. Viewers can read the dashboard; only admins change models.
Each run is recorded in account_events (actor cli). The only admin cannot be made a viewer.

Exit codes: 0 done, 1 refused (the only admin), 2 database problem, 64 bad usage (bad email, password under
12 characters).`,
    options: { email: { type: 'string' }, role: { type: 'string' }, json: { type: 'boolean' } },
  },
  async ({ values }, ctx) => {
    const role = (values.role as string | undefined) ?? 'admin';
    if (role !== 'admin' && role !== 'viewer')
      throw new RegistryError('usage', '--role must be "admin" or "viewer".');
    if (!values.email) throw new RegistryError('usage', '--email is required. See --help.');
    const password = await readStdin();
    return withDatabase({ mustExist: true }, async (handle) => {
      const result = await createOrResetUser(handle.db, { email: values.email as string, role, password });
      const verb = result.created ? 'Created' : 'Reset';
      const shown = result.generatedPassword
        ? `\n  password: ${result.generatedPassword}   (shown once)`
        : '';
      ctx.print(`${verb} ${result.user.role} ${result.user.email}.${shown}`, {
        email: result.user.email,
        role: result.user.role,
        created: result.created,
        ...(result.generatedPassword ? { password: result.generatedPassword } : {}),
      });
      return EXIT.ok;
    });
  },
);
