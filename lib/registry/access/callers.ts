// Who is asking the consumer API, or why they are refused, in one place: a key in the URL is refused; the
// platform token (REGISTRY_API_TOKEN) is the platform; where the API is open a bearer that is no registry key (the
// placeholder an OpenAI SDK must send) is anyone; every other bearer is an attempt, refused before any lookup when
// its address is past the wrong-key limit, and counted against the address when it names no key. The HTTP layer
// (lib/api/models.ts) only turns the answer into a response.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Executor } from '../../../db/client';
import type { Env } from '../types';
import { keyAttemptsBlocked, recordKeyFailure } from './key-limit';
import { authenticateKey, looksLikeKey } from './keys';
import { type Caller, consumerApiAccess } from './views';

/** Query parameters a client might put a key in: never read, always refused (URLs end up in logs). */
const KEY_PARAMS = ['api_key', 'apikey', 'key', 'token', 'access_token', 'auth'];

export type CallerRefusal = {
  status: 400 | 401 | 429;
  code: 'api_key_in_query' | 'invalid_api_key' | 'too_many_failed_keys';
  message: string;
  /** With 429: seconds until the address may try again. */
  retryAfter?: number;
};

export type CallerRequest = {
  /** The Authorization header, as sent. */
  authorization: string | null;
  /** The names of the request's query parameters. */
  queryNames: readonly string[];
  /** The client's address as the sign-in limit reads it; null when it cannot be told (then nothing is counted). */
  address: string | null;
};

/** Bearer check in constant time (both sides hashed first, so lengths never leak either). */
function bearerMatches(header: string | null, token: string): boolean {
  const match = /^Bearer[ ]+(.+)$/i.exec(header?.trim() ?? '');
  const given = createHash('sha256')
    .update(match?.[1] ?? '')
    .digest();
  const expected = createHash('sha256').update(token).digest();
  return timingSafeEqual(given, expected) && match !== null;
}

/** The access mode; a bad CONSUMER_API_ACCESS (which stops `npm start`) fails closed here: keys. */
function accessOrClosed(env: Env, token: string | undefined): 'open' | 'keys' {
  try {
    return consumerApiAccess(env, token);
  } catch {
    return 'keys';
  }
}

const ASK_FOR_A_KEY =
  'Ask an admin of the model registry for a key (the Access page, or npm run keys:create).';

/** Who is asking, or why not. `db` is opened only for an attempt that needs a lookup. */
export async function identifyCaller(
  request: CallerRequest,
  options: { db: () => Promise<Executor>; env: Env; token?: string },
): Promise<{ caller: Caller } | { refused: CallerRefusal }> {
  const inUrl = KEY_PARAMS.find((name) => request.queryNames.includes(name));
  if (inUrl) {
    return {
      refused: {
        status: 400,
        code: 'api_key_in_query',
        message: `An API key is never read from the URL (?${inUrl}= ends up in logs and histories): send it in the "Authorization: Bearer <key>" header.`,
      },
    };
  }
  const header = request.authorization;
  if (options.token && header && bearerMatches(header, options.token))
    return { caller: { kind: 'platform' } };
  const bearer = /^Bearer[ ]+(\S+)\s*$/i.exec(header?.trim() ?? '')?.[1];
  const isKey = bearer !== undefined && looksLikeKey(bearer);
  if (!isKey && accessOrClosed(options.env, options.token) === 'open') return { caller: { kind: 'anyone' } };
  if (bearer === undefined) {
    return {
      refused: {
        status: 401,
        code: 'invalid_api_key',
        message: `This API answers only with a key: send "Authorization: Bearer <key>". ${ASK_FOR_A_KEY}`,
      },
    };
  }
  const db = await options.db();
  const wait = request.address ? await keyAttemptsBlocked(db, request.address) : 0;
  if (wait > 0) {
    return {
      refused: {
        status: 429,
        code: 'too_many_failed_keys',
        message: `Too many wrong API keys from this address: try again in ${Math.ceil(wait / 60)} minute(s), with a key that is right.`,
        retryAfter: wait,
      },
    };
  }
  // A wrong REGISTRY_API_TOKEN counts as a wrong key.
  const key = isKey ? await authenticateKey(db, bearer) : ({ refused: 'unknown' } as const);
  if (!('refused' in key))
    return { caller: key.kind === 'platform' ? { kind: 'platform' } : { kind: 'key', key } };
  // A revoked or expired key is no guess: only unknown ones count against the address.
  if (request.address && key.refused === 'unknown') await recordKeyFailure(db, request.address);
  const why =
    key.refused === 'unknown'
      ? 'This API key is unknown: check that it was copied whole (mrk_ and 52 characters).'
      : `This API key is ${key.refused}.`;
  return { refused: { status: 401, code: 'invalid_api_key', message: `${why} ${ASK_FOR_A_KEY}` } };
}
