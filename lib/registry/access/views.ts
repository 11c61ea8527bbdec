// What one caller of the consumer API may see: every offered model, or one team's models. The one rule the list
// and the single lookup obey: a team key sees its team's models (narrowed to its groups when it names some: both the
// team and the key must allow a model); a platform key, or anyone where the API is open, sees every offered model
// and may ask for one team's view; a team key asking for another team is refused.
import { RegistryError } from '../errors';
import type { Env } from '../types';
import type { KeyCaller } from './keys';
import type { AccessView } from './members';
import { teamModelIds } from './members';

/** Who is asking: nobody in particular (an open API), the platform (REGISTRY_API_TOKEN or a platform key), or a team key. */
export type Caller = { kind: 'anyone' } | { kind: 'platform' } | { kind: 'key'; key: KeyCaller };

export type CallerView =
  /** `ids` null: every offered model. `key` names the view for caches (two callers with one key see one list). */
  | { ok: true; ids: ReadonlySet<string> | null; key: string }
  | { ok: false; status: 400 | 403; code: 'team_not_found' | 'team_forbidden'; message: string };

/** A caller that needs no groups resolved: the whole offered list (a platform key is a `platform` caller). */
export function seesEverything(caller: Caller, team: string | null): boolean {
  return team === null && caller.kind !== 'key';
}

/** A team view's name for caches: the team, and the groups a key narrows it to (with the declarations' fingerprint). */
function viewKeyOf(slug: string, narrowTo: readonly string[]): string {
  return narrowTo.length === 0 ? `team:${slug}` : `team:${slug}:${[...narrowTo].sort().join(',')}`;
}

/** The view a team key sees when it asks for no other team: named without resolving any group. */
export function teamKeyViewKey(key: KeyCaller): string {
  return viewKeyOf(key.team ?? '', key.groups);
}

function teamView(view: AccessView, slug: string, narrowTo: readonly string[]): CallerView {
  const team = view.teams.get(slug);
  const key = viewKeyOf(slug, narrowTo);
  // A team that is no longer declared leaves its keys seeing nothing, never everything.
  if (!team) return { ok: true, ids: new Set(), key };
  const ids = teamModelIds(view, team);
  if (narrowTo.length === 0) return { ok: true, ids, key };
  const allowed = new Set<string>();
  for (const group of narrowTo) {
    if (!team.groups.includes(group)) continue;
    for (const id of teamModelIds(view, { ...team, groups: [group] })) allowed.add(id);
  }
  return { ok: true, ids: allowed, key };
}

/** The view a caller gets, asking for `team` (`?team=`) or not. */
export function callerView(view: AccessView, caller: Caller, team: string | null): CallerView {
  if (caller.kind === 'key') {
    const own = caller.key.team ?? '';
    if (team !== null && team !== own) {
      return {
        ok: false,
        status: 403,
        code: 'team_forbidden',
        message: `This key belongs to team ${own}: it may read only that team's models, not team ${team.slice(0, 63)}'s.`,
      };
    }
    return teamView(view, own, caller.key.groups);
  }
  if (team === null) return { ok: true, ids: null, key: 'all' };
  if (!view.teams.has(team)) {
    return { ok: false, status: 400, code: 'team_not_found', message: `No team "${team.slice(0, 63)}".` };
  }
  return teamView(view, team, []);
}

/**
 * CONSUMER_API_ACCESS: `open` (anyone may read every offered model; a key still narrows what its holder sees) or
 * `keys` (a key is required). Unset: `keys` when REGISTRY_API_TOKEN is set, else `open`, as before keys existed.
 * Anything else is refused (kind config), naming the variable.
 */
export function consumerApiAccess(
  env: Env,
  token: string | undefined = env.REGISTRY_API_TOKEN,
): 'open' | 'keys' {
  const value = env.CONSUMER_API_ACCESS?.trim();
  if (!value) return token ? 'keys' : 'open';
  if (value === 'open' || value === 'keys') return value;
  throw new RegistryError(
    'config',
    `CONSUMER_API_ACCESS must be "open" (anyone may read the offered models) or "keys" (an API key is required), got "${value.slice(0, 40)}".`,
  );
}
