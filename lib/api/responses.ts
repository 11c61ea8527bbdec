// The API's response shapes, small enough for the proxy to import: JSON with nosniff, OpenAI's error shape, and the
// answer to a path that cannot be decoded.
import type { ApiErrorCode } from '../registry/reads/consumer-schema';

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(typeof body === 'string' ? body : JSON.stringify(body), {
    status,
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'X-Content-Type-Options': 'nosniff',
      ...headers,
    },
  });
}

/** OpenAI's error shape, so SDKs surface the message. */
export function apiError(
  status: number,
  message: string,
  code: ApiErrorCode,
  headers: Record<string, string> = {},
) {
  const type =
    status === 401
      ? 'authentication_error'
      : status === 429
        ? 'rate_limit_error'
        : status >= 500
          ? 'server_error'
          : 'invalid_request_error';
  return json(status, { error: { message, type, param: null, code } }, headers);
}

/**
 * An API path that cannot be percent-decoded (`/api/v1/models/%ff`, `/api/v1/models/%`, `/api/auth/%ff`) names
 * nothing: 400 in the API's error shape. Next would otherwise fail on it with a 500 before any route handler
 * runs, so the proxy asks this first.
 */
export function undecodablePathResponse(pathname: string): Response | null {
  try {
    decodeURIComponent(pathname);
    return null;
  } catch {
    return apiError(400, 'The request path is not valid percent-encoded UTF-8.', 'invalid_path', {
      'Cache-Control': 'no-store',
    });
  }
}
