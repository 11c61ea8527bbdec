// Server-side sessions: one `sessions` row per sign-in, named by the id inside the session cookie. A session is
// valid while its row exists and is younger than AUTH_SESSION_MAX_AGE_HOURS; signing out deletes its row, and a
// password reset deletes every row of that user in the reset's own transaction, so no clock is compared and a reset
// ends every earlier session however close in time.
import { randomBytes } from 'node:crypto';
import { and, eq, gt, lt, sql } from 'drizzle-orm';
import type { Database, Tx } from '../../db/client';
import { sessions, type UserRole, users } from '../../db/schema';
import { sessionMaxAgeSeconds } from './session-lifetime';

export type SessionUser = { id: number; email: string; role: UserRole };

const oldest = () => sql`now() - ${sessionMaxAgeSeconds()}::int * interval '1 second'`;

/**
 * Opens a session for a user whose password was just verified against `passwordHash`. The insert reads the user
 * row FOR SHARE and only while the hash is still the verified one: a reset that commits first makes it insert
 * nothing (null), and a reset that comes later waits for it and then deletes its row.
 */
export async function startSession(
  db: Database,
  userId: number,
  passwordHash: string,
): Promise<{ id: string; signedInAt: number } | null> {
  const id = randomBytes(32).toString('base64url');
  const [row] = await db
    .insert(sessions)
    .select(
      db
        .select({
          id: sql<string>`${id}`.as('id'),
          userId: users.id,
          signedInAt: sql<Date>`now()`.as('signed_in_at'),
        })
        .from(users)
        .where(and(eq(users.id, userId), eq(users.passwordHash, passwordHash)))
        .for('share'),
    )
    .returning({ signedInAt: sessions.signedInAt });
  if (!row) return null;
  // Sessions past their age can never be used again: delete them as new ones open.
  await db.delete(sessions).where(lt(sessions.signedInAt, oldest()));
  return { id, signedInAt: Math.floor(row.signedInAt.getTime() / 1000) };
}

/** The account behind a session, or null when the session ended (signed out, reset, too old) or the account is gone. */
export async function findSessionUser(
  db: Database,
  userId: number,
  sessionId: string | undefined,
): Promise<SessionUser | null> {
  if (!sessionId) return null;
  const [user] = await db
    .select({ id: users.id, email: users.email, role: users.role })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId), gt(sessions.signedInAt, oldest())))
    .limit(1);
  return user ?? null;
}

/** Signing out: the session's row goes, so its cookie is refused even if someone kept a copy. */
export async function endSession(db: Database, sessionId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

/** Every session of a user (a password reset), in the caller's transaction. */
export async function endUserSessions(tx: Tx, userId: number): Promise<void> {
  await tx.delete(sessions).where(eq(sessions.userId, userId));
}
