import type { ReactNode } from 'react';
import { requireUser } from '@/lib/auth/session';

export const dynamic = 'force-dynamic';

/** Every admin page needs a signed-in user; the navigation and Sign out are in the site header (app/layout.tsx). */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  await requireUser();
  return children;
}
