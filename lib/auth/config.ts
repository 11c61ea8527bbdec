// The edge-safe half of the Auth.js configuration (no database, no Node APIs): shared by proxy.ts and auth.ts.
import type { NextAuthConfig } from 'next-auth';
import type { UserRole } from '../../db/schema';

declare module 'next-auth' {
  interface User {
    role?: UserRole;
  }
  interface Session {
    user: { id: string; email: string; role: UserRole };
    /** When this session signed in (seconds): a password changed later ends it. */
    issuedAt?: number;
  }
}

const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;

export const authConfig = {
  pages: { signIn: '/login' },
  session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS },
  // next start behind a proxy or on localhost: the host header is trusted (the brief's measured fact).
  trustHost: true,
  providers: [],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.sub = String(user.id);
        token.role = user.role;
        // Set once at sign-in (iat is renewed whenever the cookie is re-issued): a password changed later ends it.
        token.signedInAt = Math.floor(Date.now() / 1000);
      }
      return token;
    },
    session({ session, token }) {
      session.user.id = token.sub ?? '';
      session.user.role = (token.role as UserRole | undefined) ?? 'viewer';
      if (typeof token.signedInAt === 'number') session.issuedAt = token.signedInAt;
      return session;
    },
  },
} satisfies NextAuthConfig;
