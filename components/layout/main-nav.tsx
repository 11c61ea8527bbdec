'use client';

import { usePathname } from 'next/navigation';

export type NavLink = { href: string; label: string };

/** Whether `href` is the page shown, or a section it belongs to (a model's history is under Models). */
function isCurrent(pathname: string, href: string): boolean {
  return href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(`${href}/`);
}

/** The main navigation: every page, the current one marked (aria-current) and styled as such. */
export function MainNav({ links }: { links: NavLink[] }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="-mx-1 flex flex-wrap items-center gap-1 text-sm">
      {links.map((link) => {
        const current = isCurrent(pathname, link.href);
        return (
          <a
            key={link.href}
            href={link.href}
            aria-current={current ? 'page' : undefined}
            className={`rounded-md px-2.5 py-1.5 font-medium ${current ? 'bg-slate-900 text-white' : 'text-slate-700 hover:bg-slate-100'}`}
          >
            {link.label}
          </a>
        );
      })}
    </nav>
  );
}
