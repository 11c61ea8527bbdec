// Who is asking, checked by every page, server action and route handler itself (the proxy only redirects).
import { redirect } from 'next/navigation';
import { cache } from 'react';
import type { UserRole } from '../../db/schema';
import { getServerDb } from '../../db/server';
import { auth } from './index';
import { findSessionUser, type SessionUser } from './sessions';

/**
 * The signed-in account, read fresh from the database with its session (a removed account, a changed role, a
 * session signed out or ended by a password reset count at once). Once per request: the header, the layout and
 * the page each ask, and each asking decrypted the session cookie and queried the database again (issue 17: three
 * times per Models page, under 40 viewers at once). React's cache lasts one server render; a server action or a
 * route handler asks afresh.
 */
export const currentUser = cache(async (): Promise<SessionUser | null> => {
  const session = await auth();
  const id = Number(session?.user?.id);
  if (!Number.isInteger(id) || id <= 0) return null;
  return findSessionUser(await getServerDb(), id, session?.sessionId);
});

/** For pages: the user, or a redirect to /login. `role: 'admin'` also refuses viewers (to a 403 page). */
export async function requireUser(role?: UserRole): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect('/login');
  if (role === 'admin' && user.role !== 'admin') redirect('/forbidden');
  return user;
}
