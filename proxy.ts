// Sends signed-out visitors to /login. A convenience, not protection: every page, server action and route
// handler checks the session and role itself (lib/auth/session.ts, lib/auth/action.ts).
import NextAuth from 'next-auth';
import { authConfig } from './lib/auth/config';

const { auth } = NextAuth(authConfig);

export const proxy = auth;

export const config = {
  matcher: ['/((?!api/auth|api/v1|api/health|_next/static|_next/image|favicon.ico).*)'],
};
