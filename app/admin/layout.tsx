import type { ReactNode } from 'react';
import { signOutAction } from '@/app/login/actions';
import { requireUser } from '@/lib/auth/session';

export const dynamic = 'force-dynamic';

export default async function AdminLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  return (
    <div>
      <nav
        aria-label="Admin"
        className="mb-6 flex flex-wrap items-center gap-4 border-b border-slate-200 pb-3 text-sm"
      >
        <a href="/admin/models" className="font-medium hover:underline">
          Models
        </a>
        <a href="/admin/sync" className="font-medium hover:underline">
          Sync
        </a>
        <a href="/admin/audit" className="font-medium hover:underline">
          Audit log
        </a>
        {user.role === 'admin' && (
          <a href="/admin/users" className="font-medium hover:underline">
            Users
          </a>
        )}
        <a href="/" className="text-slate-600 hover:underline">
          Overview
        </a>
        <span className="ml-auto text-slate-600">
          {user.email} ·{' '}
          <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs font-medium">{user.role}</span>
        </span>
        <form action={signOutAction}>
          <button type="submit" className="rounded-md border border-slate-300 px-3 py-1 hover:bg-slate-100">
            Sign out
          </button>
        </form>
      </nav>
      {children}
    </div>
  );
}
