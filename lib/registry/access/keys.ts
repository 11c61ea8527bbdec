// Consumer API keys: created by an admin (dashboard or keys:create), shown once, stored only as a SHA-256 hash and
// named afterwards by a short visible prefix; revoked, rotated, expiring. A team key sees its team's models (narrowed
// to some of the team's groups when it says so); a platform key sees every offered model and may ask for one team's
// view. Every change writes one access event in the same transaction, never holding the secret or its hash.
//
// A check is one indexed lookup by prefix and a constant-time comparison of hashes (with the per-address limit's
// count before it, key-limit.ts), so a revocation is refused from the very next request on every server instance;
// an unknown, malformed or near-miss key costs the same comparison.
// "Last used" is written at most once a minute per key, not on every request.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Database, Executor } from '../../../db/client';
import {
  type AccessEventAction,
  API_KEY_KINDS,
  type ApiKey,
  type ApiKeyKind,
  accessEvents,
  accessTeams,
  apiKeys,
} from '../../../db/schema';
import { RegistryError } from '../errors';
import { type AccessCatalog, accessCatalog } from './catalog';
import type { Declared } from './declared';
import { KEY_LIFETIMES, type KeyLifetime } from './key-lifetimes';

/** Every key starts so; a secret scanner (or a person) can tell a registry key at a glance. */
const KEY_START = 'mrk_';
const PREFIX = /^mrk_[a-z2-7]{8}$/;
const KEY = /^(mrk_[a-z2-7]{8})_([A-Za-z0-9_-]{43})$/;
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
/** A key's "last used" is written again only when it is older than this. */
const LAST_USED_EVERY_MS = 60_000;
/** The longest a key may be valid for. */
const MAX_LIFETIME_MS = 10 * 366 * 86_400_000;

export type KeyState = 'active' | 'revoked' | 'expired';

/** A key as people may see it: never its secret or hash. */
export type KeyRecord = {
  prefix: string;
  name: string;
  kind: ApiKeyKind;
  team: string | null;
  groups: string[];
  createdBy: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  revokedBy: string | null;
  lastUsedAt: string | null;
  rotatedFrom: string | null;
  state: KeyState;
};

const hashOf = (key: string) => createHash('sha256').update(key).digest();

function stateOf(row: ApiKey, now: Date): KeyState {
  if (row.revokedAt) return 'revoked';
  if (row.expiresAt && row.expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'active';
}

function recordOf(row: ApiKey, now = new Date()): KeyRecord {
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    prefix: row.prefix,
    name: row.name,
    kind: row.kind,
    team: row.team,
    groups: row.groups,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    expiresAt: iso(row.expiresAt),
    revokedAt: iso(row.revokedAt),
    revokedBy: row.revokedBy,
    lastUsedAt: iso(row.lastUsedAt),
    rotatedFrom: row.rotatedFrom,
    state: stateOf(row, now),
  };
}

/** What an event may say of a key: who it is for and until when (what a key has not, it leaves out). */
function eventView(row: ApiKey): Record<string, unknown> {
  return {
    name: row.name,
    kind: row.kind,
    ...(row.team ? { team: row.team } : {}),
    ...(row.groups.length ? { groups: row.groups } : {}),
    expiresAt: row.expiresAt ? row.expiresAt.toISOString() : null,
    ...(row.revokedAt ? { revokedAt: row.revokedAt.toISOString() } : {}),
  };
}

async function recordEvent(
  tx: Executor,
  action: AccessEventAction,
  subject: string,
  actor: string,
  before: ApiKey | null,
  after: ApiKey | null,
): Promise<void> {
  await tx.insert(accessEvents).values({
    subject,
    actor,
    action,
    before: before ? eventView(before) : null,
    after: after ? eventView(after) : null,
  });
}

function newSecret(): { key: string; prefix: string } {
  const id = [...randomBytes(8)].map((byte) => BASE32[byte % 32]).join('');
  const prefix = `${KEY_START}${id}`;
  return { prefix, key: `${prefix}_${randomBytes(32).toString('base64url')}` };
}

/**
 * `90d`, `12h`, `30m` from now, or an ISO-8601 date or instant in the future (at most ten years away). Bad text
 * is refused (kind usage), saying what is taken.
 */
export function parseExpiry(text: string, now = new Date()): Date {
  const rule =
    'An expiry is a duration like 90d, 12h or 30m, a date like 2027-06-30 (midnight UTC), or an instant with its offset like 2027-06-30T12:00Z.';
  const trimmed = text.trim();
  const duration = /^(\d{1,5})([dhm])$/.exec(trimmed);
  let at: Date;
  if (duration) {
    const unit = { d: 86_400_000, h: 3_600_000, m: 60_000 }[duration[2] as 'd' | 'h' | 'm'];
    at = new Date(now.getTime() + Number(duration[1]) * unit);
  } else if (/^\d{4}-\d{2}-\d{2}$/.test(trimmed)) {
    at = new Date(`${trimmed}T00:00:00Z`);
    // A real calendar day: 2027-02-30 is refused, not rolled over into March.
    if (Number.isNaN(at.getTime()) || !at.toISOString().startsWith(trimmed)) {
      throw new RegistryError('usage', `"${trimmed}" is not a calendar day. ${rule}`);
    }
  } else if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(trimmed)) {
    // The offset is required: without one the instant would depend on the server's time zone.
    at = new Date(trimmed);
    if (Number.isNaN(at.getTime()))
      throw new RegistryError('usage', `"${trimmed}" is not an instant. ${rule}`);
  } else {
    throw new RegistryError('usage', `"${trimmed.slice(0, 40)}" is not an expiry. ${rule}`);
  }
  if (at.getTime() <= now.getTime())
    throw new RegistryError('usage', `The expiry ${at.toISOString()} has passed. ${rule}`);
  if (at.getTime() - now.getTime() > MAX_LIFETIME_MS) {
    throw new RegistryError('usage', 'A key may be valid for ten years at most.');
  }
  return at;
}

/** The dashboard's "Create key" form, as FormData carries it. */
export const newKeyFormSchema = z.object({
  name: z.string().trim().min(1, 'Name the key (who or what uses it).').max(100, 'At most 100 characters.'),
  kind: z.enum(API_KEY_KINDS, 'Choose a team key or a platform key.'),
  team: z
    .string()
    .optional()
    .transform((team) => team || undefined),
  expires: z.enum(
    KEY_LIFETIMES.map((lifetime) => lifetime.value) as [KeyLifetime, ...KeyLifetime[]],
    'Choose how long the key lasts.',
  ),
});

/** A key named by its prefix (revoke, rotate). */
export const keyRefSchema = z.object({
  prefix: z.string().regex(PREFIX, 'A key prefix is mrk_ and 8 characters.'),
});

export type NewKey = {
  name: string;
  kind: ApiKeyKind;
  /** A team key's team (the slug of a team in force: saved or declared); none for a platform key. */
  team?: string;
  /** Narrows a team key to some of its team's groups; empty: all of them. */
  groups?: string[];
  expiresAt?: Date | null;
  actor: string;
};

/** Refused (kind refused) when the team or a group does not exist, or the key's kind and team disagree. */
function checkNewKey(
  input: NewKey,
  catalog: AccessCatalog,
): { name: string; team: string | null; groups: string[] } {
  const name = input.name.trim();
  if (!name || name.length > 100 || /[\p{Cc}]/u.test(name)) {
    throw new RegistryError('usage', 'A key name is 1–100 characters with no control characters.');
  }
  const groups = [...new Set(input.groups ?? [])];
  if (input.kind === 'platform') {
    if (input.team || groups.length) {
      throw new RegistryError(
        'usage',
        'A platform key sees every offered model: it takes no team and no groups.',
      );
    }
    return { name, team: null, groups: [] };
  }
  const team = catalog.teams.find((t) => t.slug === input.team);
  if (!team) {
    const known = catalog.teams.map((t) => t.slug).sort();
    throw new RegistryError(
      'refused',
      `No team "${input.team ?? ''}". ${known.length ? `Teams: ${known.join(', ')}.` : `No team exists yet: add one on the Access page${catalog.origin ? ` or in ${catalog.origin}` : ' or declare teams in ACCESS_PATH'}.`}`,
    );
  }
  const outside = groups.filter((g) => !team.groups.includes(g));
  if (outside.length) {
    throw new RegistryError(
      'refused',
      `Team ${team.slug} is not granted ${outside.join(', ')}: a key may be narrowed only to its team's groups (${team.groups.join(', ')}).`,
    );
  }
  return { name, team: team.slug, groups };
}

/** Creates a key: the secret is in the answer and nowhere else, ever. */
export async function createKey(
  db: Database,
  declared: Declared,
  input: NewKey,
): Promise<{ key: string; record: KeyRecord }> {
  const { key, prefix } = newSecret();
  return db.transaction(async (tx) => {
    // The team is read in the transaction that stores the key, beside a team deleted at the same moment (edits.ts
    // locks it): a key is never created for a team that is gone.
    const checked = checkNewKey(input, await accessCatalog(tx, declared, { lockTeam: input.team }));
    const [row] = await tx
      .insert(apiKeys)
      .values({
        prefix,
        secretHash: hashOf(key).toString('hex'),
        name: checked.name,
        kind: input.kind,
        team: checked.team,
        groups: checked.groups,
        createdBy: input.actor,
        expiresAt: input.expiresAt ?? null,
      })
      .returning();
    if (!row) throw new Error('the key was not stored');
    await recordEvent(tx, 'key_created', prefix, input.actor, null, row);
    return { key, record: recordOf(row) };
  });
}

/** Every key, newest first. */
export async function listKeys(db: Executor, now = new Date()): Promise<KeyRecord[]> {
  const rows = await db.select().from(apiKeys).orderBy(desc(apiKeys.id));
  return rows.map((row) => recordOf(row, now));
}

/** One key by its prefix, as people may see it. Refused (kind usage / refused) like revoke and rotate. */
export async function findKey(db: Executor, prefix: string, now = new Date()): Promise<KeyRecord> {
  checkPrefix(prefix);
  const [row] = await db.select().from(apiKeys).where(eq(apiKeys.prefix, prefix)).limit(1);
  if (!row) throw new RegistryError('refused', `No key ${prefix}. keys:list shows the keys there are.`);
  return recordOf(row, now);
}

function checkPrefix(prefix: string): void {
  if (!PREFIX.test(prefix)) {
    throw new RegistryError(
      'usage',
      `"${prefix.slice(0, 40)}" is not a key prefix (like mrk_abcd2345; keys:list shows them).`,
    );
  }
}

async function lockedKey(tx: Executor, prefix: string): Promise<ApiKey> {
  checkPrefix(prefix);
  const [row] = await tx.select().from(apiKeys).where(eq(apiKeys.prefix, prefix)).for('update');
  if (!row) throw new RegistryError('refused', `No key ${prefix}. keys:list shows the keys there are.`);
  return row;
}

/** Revokes a key: refused from the next request on. Revoking a revoked key changes nothing and says so. */
export async function revokeKey(
  db: Database,
  prefix: string,
  actor: string,
): Promise<{ record: KeyRecord; alreadyRevoked: boolean }> {
  return db.transaction(async (tx) => {
    const before = await lockedKey(tx, prefix);
    if (before.revokedAt) return { record: recordOf(before), alreadyRevoked: true };
    const [after] = await tx
      .update(apiKeys)
      .set({ revokedAt: new Date(), revokedBy: actor })
      .where(eq(apiKeys.id, before.id))
      .returning();
    if (!after) throw new Error('the key was not revoked');
    await recordEvent(tx, 'key_revoked', prefix, actor, before, after);
    return { record: recordOf(after), alreadyRevoked: false };
  });
}

/** The prefixes of a team's keys that may still be used (not revoked, not expired). */
export async function activeKeysOfTeam(tx: Executor, team: string, now = new Date()): Promise<string[]> {
  const rows = await tx
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.team, team), isNull(apiKeys.revokedAt)))
    .orderBy(apiKeys.prefix);
  return rows.filter((row) => stateOf(row, now) === 'active').map((row) => row.prefix);
}

/**
 * Revokes every key of a team not revoked yet (expired ones too), in the caller's transaction, one key_revoked
 * event each: for a team that is being deleted (edits.ts). The prefixes revoked.
 */
export async function revokeKeysOfTeam(tx: Executor, team: string, actor: string): Promise<string[]> {
  const before = await tx
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.team, team), isNull(apiKeys.revokedAt)))
    .for('update');
  if (before.length === 0) return [];
  const after = await tx
    .update(apiKeys)
    .set({ revokedAt: new Date(), revokedBy: actor })
    .where(
      inArray(
        apiKeys.id,
        before.map((row) => row.id),
      ),
    )
    .returning();
  const was = new Map(before.map((row) => [row.id, row]));
  await tx.insert(accessEvents).values(
    after.map((row) => ({
      subject: row.prefix,
      actor,
      action: 'key_revoked' as const,
      before: eventView(was.get(row.id) ?? row),
      after: eventView(row),
    })),
  );
  return after.map((row) => row.prefix).sort();
}

/**
 * Rotates a key: a new secret for the same team, groups and expiry, and the old key revoked in the same
 * transaction (a client switches to the new one before its next call). A revoked key cannot be rotated.
 */
export async function rotateKey(
  db: Database,
  prefix: string,
  actor: string,
): Promise<{ key: string; record: KeyRecord; replaced: KeyRecord }> {
  return db.transaction(async (tx) => {
    // The key's saved team first (FOR SHARE), as createKey holds it: a team deleted meanwhile has revoked this key
    // by the time it is locked below (refused), and one deleted after waits for this rotation and revokes both.
    checkPrefix(prefix);
    const [peek] = await tx.select({ team: apiKeys.team }).from(apiKeys).where(eq(apiKeys.prefix, prefix));
    if (peek?.team) {
      await tx
        .select({ slug: accessTeams.slug })
        .from(accessTeams)
        .where(eq(accessTeams.slug, peek.team))
        .for('share');
    }
    const before = await lockedKey(tx, prefix);
    const now = new Date();
    const state = stateOf(before, now);
    if (state !== 'active')
      throw new RegistryError('refused', `Key ${prefix} is ${state}: create a new key instead.`);
    const [old] = await tx
      .update(apiKeys)
      .set({ revokedAt: now, revokedBy: actor })
      .where(eq(apiKeys.id, before.id))
      .returning();
    const { key, prefix: newPrefix } = newSecret();
    const [row] = await tx
      .insert(apiKeys)
      .values({
        prefix: newPrefix,
        secretHash: hashOf(key).toString('hex'),
        name: before.name,
        kind: before.kind,
        team: before.team,
        groups: before.groups,
        createdBy: actor,
        expiresAt: before.expiresAt,
        rotatedFrom: prefix,
      })
      .returning();
    if (!old || !row) throw new Error('the key was not rotated');
    await recordEvent(tx, 'key_rotated', prefix, actor, before, old);
    await recordEvent(tx, 'key_created', newPrefix, actor, null, row);
    return { key, record: recordOf(row, now), replaced: recordOf(old, now) };
  });
}

/** A key that may be used now. */
export type KeyCaller = { prefix: string; kind: ApiKeyKind; team: string | null; groups: string[] };

const DUMMY = hashOf('mrk_aaaaaaaa_not-a-key-but-compared-all-the-same-for-timing');

/** Whether text has the shape of a registry key (so a bearer token that has not is not looked up as one). */
export function looksLikeKey(text: string): boolean {
  return text.startsWith(KEY_START);
}

/** Why a presented key is refused: `unknown` covers a wrong secret, an unknown prefix and a malformed key alike. */
export type KeyRefusal = 'unknown' | 'revoked' | 'expired';

/**
 * The key a bearer token names, when it may be used now; else why not (unknown, malformed and wrong secrets are
 * one answer), after the same lookup and comparison.
 */
export async function authenticateKey(
  db: Executor,
  presented: string,
  now = new Date(),
): Promise<KeyCaller | { refused: KeyRefusal }> {
  const match = KEY.exec(presented);
  const prefix = match?.[1] ?? 'mrk_aaaaaaaa';
  const [row] = await db.select().from(apiKeys).where(eq(apiKeys.prefix, prefix)).limit(1);
  const stored = row ? Buffer.from(row.secretHash, 'hex') : DUMMY;
  const same = timingSafeEqual(hashOf(presented), stored.length === 32 ? stored : DUMMY);
  if (!match || !row || !same) return { refused: 'unknown' };
  const state = stateOf(row, now);
  if (state !== 'active') return { refused: state };
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_EVERY_MS) {
    await db.update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, row.id));
  }
  return { prefix: row.prefix, kind: row.kind, team: row.team, groups: row.groups };
}
