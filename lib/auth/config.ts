// The edge-safe half of the Auth.js configuration (no database, no Node APIs): shared by proxy.ts and auth.ts.
import type { NextAuthConfig } from 'next-auth';
import type { UserRole } from '../../db/schema';
import { isTokenCurrent, sessionMaxAgeSeconds } from './session-lifetime';

declare module 'next-auth' {
  interface User {
    role?: UserRole;
    /** The server-side session this sign-in opened (lib/auth/sessions.ts), and when (seconds). */
    sessionId?: string;
    signedInAt?: number;
  }
  interface Session {
    user: { id: string; email: string; role: UserRole };
    /** The server-side session row: signing out or a password reset deletes it, which ends this session. */
    sessionId?: string;
    /** When this session signed in (seconds). */
    issuedAt?: number;
  }
}

export const authConfig = {
  pages: { signIn: '/login' },
  // The cookie's own expiry slides with activity; the session's end does not (see the jwt callback).
  session: { strategy: 'jwt', maxAge: sessionMaxAgeSeconds() },
  // next start behind a proxy or on localhost: the host header is trusted (the brief's measured fact).
  trustHost: true,
  providers: [],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.sub = String(user.id);
        token.role = user.role;
        token.sid = user.sessionId;
        // Set once at sign-in (iat is renewed whenever the cookie is re-issued).
        token.signedInAt = user.signedInAt;
      }
      // On every request, before Auth.js re-issues the cookie: a token past its session's maximum age (counted
      // from sign-in) or without a session is dropped, so it is neither accepted nor renewed.
      return isTokenCurrent(token) ? token : null;
    },
    session({ session, token }) {
      session.user.id = token.sub ?? '';
      session.user.role = (token.role as UserRole | undefined) ?? 'viewer';
      if (typeof token.sid === 'string') session.sessionId = token.sid;
      if (typeof token.signedInAt === 'number') session.issuedAt = token.signedInAt;
      return session;
    },
  },
} satisfies NextAuthConfig;
