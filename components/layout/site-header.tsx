// The header of every page: the product's name, and for a signed-in user the main navigation, who they are and
// Sign out — the same on the home page and the admin pages.
import { signOutAction } from '@/app/login/actions';
import { currentUser } from '@/lib/auth/session';
import { MainNav, type NavLink } from './main-nav';

/** Every page a role may open, in the order people use them. */
function linksFor(role: 'admin' | 'viewer'): NavLink[] {
  const links: (NavLink & { adminOnly?: boolean })[] = [
    { href: '/', label: 'Overview' },
    { href: '/admin/models', label: 'Models' },
    { href: '/admin/sync', label: 'Sync' },
    { href: '/admin/access', label: 'Access' },
    { href: '/admin/audit', label: 'Audit log' },
    { href: '/admin/users', label: 'Users', adminOnly: true },
  ];
  return links.filter((link) => !link.adminOnly || role === 'admin');
}

export async function SiteHeader() {
  const user = await currentUser();
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3 sm:px-6">
        <a href="/" className="text-lg font-semibold tracking-tight">
          Model Registry
        </a>
        {user && (
          <>
            <MainNav links={linksFor(user.role)} />
            <div className="ml-auto flex items-center gap-3 text-sm">
              <span className="max-w-[14rem] truncate text-slate-600" title={user.email}>
                {user.email}
              </span>
              <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs font-medium">{user.role}</span>
              <form action={signOutAction}>
                <button
                  type="submit"
                  className="rounded-md border border-slate-300 px-3 py-1 hover:bg-slate-100"
                >
                  Sign out
                </button>
              </form>
            </div>
          </>
        )}
      </div>
    </header>
  );
}
