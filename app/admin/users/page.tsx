// Users (admins only): every account with its role, when it was added and when its password last changed; add an
// account, change a role, reset a password, remove. The rules (last admin, events) are lib/auth/accounts.ts.
import type { Metadata } from 'next';
import { RelativeTime } from '@/components/ui/relative-time';
import { AccountRowActions } from '@/components/users/account-row-actions';
import { AddAccountDialog } from '@/components/users/add-account-dialog';
import { getServerDb } from '@/db/server';
import { listAccounts } from '@/lib/auth/accounts';
import { requireUser } from '@/lib/auth/session';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Users' };

function RoleBadge({ role }: { role: 'admin' | 'viewer' }) {
  return (
    <span
      className={`rounded px-2 py-0.5 text-xs font-medium ${role === 'admin' ? 'bg-indigo-100 text-indigo-800' : 'bg-slate-200 text-slate-700'}`}
    >
      {role}
    </span>
  );
}

export default async function UsersPage() {
  const me = await requireUser('admin');
  const accounts = await listAccounts(await getServerDb());
  const now = new Date();
  const admins = accounts.filter((a) => a.role === 'admin').length;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold tracking-tight">Users</h1>
        <AddAccountDialog />
      </div>
      <p className="max-w-3xl text-sm text-slate-600">
        {accounts.length} {accounts.length === 1 ? 'account' : 'accounts'}, {admins}{' '}
        {admins === 1 ? 'admin' : 'admins'}. Viewers read the dashboard; admins also change models, run syncs
        and manage accounts. The last admin cannot be removed or made a viewer. Every change is in the{' '}
        <a href="/admin/audit?log=accounts" className="underline">
          audit log
        </a>
        ; <code className="font-mono">npm run admin:create</code> still works from a shell.
      </p>
      <section aria-label="Accounts" className="overflow-hidden rounded-lg border border-slate-200 bg-white">
        <table className="w-full text-sm">
          <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th scope="col" className="px-3 py-2">
                Account
              </th>
              <th scope="col" className="hidden px-3 py-2 sm:table-cell">
                Role
              </th>
              <th scope="col" className="hidden px-3 py-2 md:table-cell">
                Added
              </th>
              <th scope="col" className="hidden px-3 py-2 md:table-cell">
                Password changed
              </th>
              <th scope="col" className="px-3 py-2">
                <span className="sr-only sm:not-sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {accounts.map((account) => (
              <tr key={account.id} data-email={account.email} className="align-top">
                <td className="px-3 py-2">
                  <div className="break-all font-medium">
                    {account.email}
                    {account.email === me.email && (
                      <span className="ml-1.5 whitespace-nowrap text-xs font-normal text-slate-500">
                        (you)
                      </span>
                    )}
                  </div>
                  <div className="mt-1 sm:hidden">
                    <RoleBadge role={account.role} />
                  </div>
                  <div className="mt-1 text-xs text-slate-500 md:hidden">
                    added <RelativeTime at={account.createdAt} now={now} /> · password changed{' '}
                    <RelativeTime at={account.passwordChangedAt} now={now} />
                  </div>
                </td>
                <td className="hidden px-3 py-2 sm:table-cell">
                  <RoleBadge role={account.role} />
                </td>
                <td className="hidden px-3 py-2 text-slate-700 md:table-cell">
                  <RelativeTime at={account.createdAt} now={now} />
                </td>
                <td className="hidden px-3 py-2 text-slate-700 md:table-cell">
                  <RelativeTime at={account.passwordChangedAt} now={now} />
                </td>
                <td className="px-3 py-2">
                  <AccountRowActions
                    row={{ email: account.email, role: account.role }}
                    self={account.email === me.email}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
