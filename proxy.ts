// Runs before every page: a fresh CSP nonce for this request (lib/security/headers.ts), and a redirect to /login
// for signed-out visitors. The redirect is a convenience, not protection: every page, server action and route
// handler checks the session and role itself (lib/auth/session.ts, lib/auth/action.ts).

import { NextResponse } from 'next/server';
import NextAuth from 'next-auth';
import { authConfig } from './lib/auth/config';
import { contentSecurityPolicy, newNonce } from './lib/security/headers';

const { auth } = NextAuth(authConfig);

export const proxy = auth((request) => {
  const nonce = newNonce();
  const policy = contentSecurityPolicy(nonce);
  let response: NextResponse;
  if (!request.auth?.user && request.nextUrl.pathname !== '/login') {
    const login = request.nextUrl.clone();
    login.pathname = '/login';
    login.search = '';
    response = NextResponse.redirect(login);
  } else {
    const headers = new Headers(request.headers);
    headers.set('x-nonce', nonce);
    headers.set('Content-Security-Policy', policy);
    response = NextResponse.next({ request: { headers } });
  }
  response.headers.set('Content-Security-Policy', policy);
  return response;
});

export const config = {
  matcher: ['/((?!api/auth|api/v1|api/health|_next/static|_next/image|favicon.ico).*)'],
};
