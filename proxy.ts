// Runs before every page: a fresh CSP nonce for this request (lib/security/headers.ts), and a redirect to /login
// for signed-out visitors. The redirect is a convenience, not protection: every page, server action and route
// handler checks the session and role itself (lib/auth/session.ts, lib/auth/action.ts).
// Two requests Next itself would answer with a 500 are refused here with a 400 first: an API path that is not valid
// percent-encoding, and a server-action payload nested deeper than any form sends.

import { type NextFetchEvent, type NextRequest, NextResponse } from 'next/server';
import NextAuth from 'next-auth';
import { undecodablePathResponse } from './lib/api/responses';
import { authConfig } from './lib/auth/config';
import { contentSecurityPolicy, newNonce } from './lib/security/headers';
import { actionPayloadTooDeep, MAX_PAYLOAD_DEPTH } from './lib/security/payload-depth';

const { auth } = NextAuth(authConfig);

const pages = auth((request) => {
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

export async function proxy(request: NextRequest, event: NextFetchEvent) {
  // The consumer API's one-model paths and Auth.js's endpoints need no session and no nonce here: only the path
  // check (their route handlers do the rest).
  if (request.nextUrl.pathname.startsWith('/api/')) {
    return undecodablePathResponse(request.nextUrl.pathname) ?? NextResponse.next();
  }
  if (
    request.method === 'POST' &&
    request.headers.has('next-action') &&
    (await actionPayloadTooDeep(request))
  ) {
    return new NextResponse(`The request is nested more than ${MAX_PAYLOAD_DEPTH} levels deep.`, {
      status: 400,
      headers: { 'Content-Type': 'text/plain; charset=utf-8' },
    });
  }
  // Auth.js types its wrapper as a route handler; at run time it hands the second argument on untouched, as Next
  // did when `auth(...)` was the proxy itself.
  return pages(request as Parameters<typeof pages>[0], event as unknown as Parameters<typeof pages>[1]);
}

export const config = {
  // Pages and actions; of the API only the paths that can carry an undecodable segment: the one-model paths
  // (the list, the consumer API's hot path, skips the proxy) and Auth.js's catch-all.
  matcher: [
    '/((?!api/auth|api/v1|api/health|_next/static|_next/image|favicon.ico).*)',
    '/api/v1/models/:id+',
    '/api/auth/:path+',
  ],
};
