// Auth.js with email + password against the users table. Server-only.
import NextAuth, { CredentialsSignin } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { getServerDb } from '../../db/server';
import { clientAddress, peerAddressHeaderTrusted, trustedProxyCount } from './client-address';
import { authConfig } from './config';
import { endSession } from './sessions';
import { verifyCredentials } from './users';

class RateLimitedSignIn extends CredentialsSignin {
  override code = 'rate_limited';
}

export const { handlers, auth, signIn, signOut } = NextAuth({
  ...authConfig,
  logger: {
    // A failed sign-in is an expected outcome, answered on the form; not a server error worth a stack trace.
    error(error) {
      if (error.name === 'CredentialsSignin' || (error as { type?: string }).type === 'CredentialsSignin')
        return;
      console.error('[auth]', error);
    },
  },
  events: {
    // Signing out (the "Sign out" button, or POST /api/auth/signout) ends the session on the server too: a copy of
    // the cookie kept elsewhere no longer works.
    async signOut(message) {
      const sid = 'token' in message ? message.token?.sid : undefined;
      if (typeof sid === 'string') await endSession(await getServerDb(), sid);
    },
  },
  providers: [
    Credentials({
      credentials: {
        email: { label: 'Email', type: 'email' },
        password: { label: 'Password', type: 'password' },
      },
      async authorize(credentials, request) {
        const result = await verifyCredentials(
          await getServerDb(),
          { email: credentials?.email, password: credentials?.password },
          request ? clientAddress(request.headers, trustedProxyCount(), peerAddressHeaderTrusted()) : null,
        );
        if (result.status === 'rate_limited') throw new RateLimitedSignIn();
        if (result.status !== 'ok') return null;
        return {
          id: String(result.user.id),
          email: result.user.email,
          role: result.user.role,
          sessionId: result.session.id,
          signedInAt: result.session.signedInAt,
        };
      },
    }),
  ],
});
