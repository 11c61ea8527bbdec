// Security headers, in one place: the pages' Content-Security-Policy (a fresh nonce per request, set by proxy.ts;
// Next.js puts the nonce on its own scripts) and the headers every response carries (next.config.ts).

/**
 * Scripts run only with this request's nonce ('strict-dynamic' lets them load the chunks they import); nothing
 * may frame the app; forms post only to it. Styles allow inline (Radix and sonner set styles at run time; a style
 * cannot run code). Development adds 'unsafe-eval' for React's dev tooling.
 */
export function contentSecurityPolicy(
  nonce: string,
  development = process.env.NODE_ENV === 'development',
): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** JSON and other non-page responses: nothing to run, nothing to embed. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

export const SECURITY_HEADERS: { key: string; value: string }[] = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), interest-cohort=()' },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
  // Browsers ignore it over plain HTTP (localhost); behind HTTPS it keeps them there.
  { key: 'Strict-Transport-Security', value: 'max-age=31536000; includeSubDomains' },
];

export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}
