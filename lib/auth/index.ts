// Auth.js with email + password against the users table. Server-only.
import NextAuth, { CredentialsSignin } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { getServerDb } from '../../db/server';
import { clientAddress, peerAddressHeaderTrusted, trustedProxyCount } from './client-address';
import { authConfig } from './config';
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
        return { id: String(result.user.id), email: result.user.email, role: result.user.role };
      },
    }),
  ],
});
