// Config pins, in one place: model groups (ids of one underlying model, within one provider), how an entry matches a
// group (id, alias, name, the `-latest` fallback), which provider an entry names, and the one resolution every entry
// point uses — the seed over the cards it is about to store (with the other providers' rows as context), everything
// else (edits, bulk, import, manual create, the UI, the doctor) over the registry's rows. A manual model is matched by
// its own exact id only, so it never takes a pin away from a provider's models.
import { and, arrayOverlaps, eq, inArray, isNull, ne, or, type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Executor } from '../../../db/client';
import { models } from '../../../db/schema';
import { qualifiedModelId, splitQualifiedId } from '../model/qualified-id';
import { knownProviderIds } from '../providers/ids';
import { keptPerRevision } from '../revision';
import type { ModelDefaults } from '../types';

/**
 * A model as pin matching sees it: a provider card, or a row already in the registry. A manual model (`source:
 * 'manual'`) is matched by its own exact id only: it never joins a group and its aliases and name match nothing, so
 * it can be pinned itself but can never take a pin away from a provider's models.
 */
export type PinCandidate = {
  provider: string;
  modelId: string;
  /** Absent: a provider's model. */
  source?: 'provider' | 'manual';
  groupName: string | null;
  aliases: string[];
  /** ISO instant, or null. */
  deprecation: string | null;
  deprecationReplacement?: string | null;
};

export type PinList = 'alwaysActive' | 'alwaysInactive';
export type Pin = {
  status: 'active' | 'inactive';
  list: PinList;
  entry: string;
  via: 'id' | 'alias' | 'name' | 'latest-fallback';
};

/** How a resolution keys its pins: provider and model id, unambiguous whatever the ids hold. */
export function pinKey(provider: string, modelId: string): string {
  return `${provider}/${modelId}`;
}

/** A pinKey in SQL, for a query that matches rows against pinned keys (changes/write.ts readClasses). */
export function pinKeySql(provider: SQL | PgColumn, modelId: SQL | PgColumn): SQL {
  return sql`${provider} || '/' || ${modelId}`;
}

export type PinResolution = {
  /** Keyed by pinKey(provider, modelId). */
  pins: Map<string, Pin>;
  /** groupModels of each provider's listed (not manual) candidates it resolved over, keyed by provider. */
  groups: ReadonlyMap<string, ReadonlyMap<string, string>>;
  unmatched: { list: PinList; entry: string }[];
  /** A group pinned by both lists: its models get no pin, and a seed refuses to run. */
  conflicts: { groupKey: string; modelIds: string[]; active: string; inactive: string }[];
  warnings: string[];
};

/**
 * Union-find over ids: ids sharing a group name are one group, and so are ids that list each other (or another
 * card's id) as an alias. The key of a group is its smallest member name, so it does not depend on input order.
 */
export function groupModels(models: PinCandidate[]): Map<string, string> {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root)!;
    let node = x;
    while (node !== root) {
      const next = parent.get(node)!;
      parent.set(node, root);
      node = next;
    }
    return root;
  };
  const union = (a: string, b: string) => {
    const ra = find(a);
    const rb = find(b);
    if (ra === rb) return;
    // Smaller name becomes the root: deterministic keys.
    if (ra < rb) parent.set(rb, ra);
    else parent.set(ra, rb);
  };
  const ids = new Set(models.map((m) => m.modelId));
  for (const m of models) parent.set(m.modelId, m.modelId);
  const byGroupName = new Map<string, string>();
  for (const m of models) {
    if (m.groupName) {
      const first = byGroupName.get(m.groupName);
      if (first === undefined) byGroupName.set(m.groupName, m.modelId);
      else union(first, m.modelId);
    }
    for (const alias of m.aliases) if (ids.has(alias)) union(m.modelId, alias);
  }
  const groups = new Map<string, string>();
  for (const m of models) groups.set(m.modelId, find(m.modelId));
  return groups;
}

/** An entry ends in a version: `-latest`, a date (`-2512`) or another all-digit version. */
function hasVersionSuffix(entry: string): boolean {
  const last = entry.split('-').pop() ?? '';
  return entry.includes('-') && (last === 'latest' || /^\d+$/.test(last));
}

/** Which group keys an entry names, and how. */
function matchEntry(
  entry: string,
  index: { byId: Map<string, string>; byAlias: Map<string, Set<string>>; byName: Map<string, Set<string>> },
): { keys: Set<string>; via: Pin['via'] } | null {
  const direct = index.byId.get(entry);
  if (direct !== undefined) return { keys: new Set([direct]), via: 'id' };
  const aliased = index.byAlias.get(entry);
  if (aliased) return { keys: aliased, via: 'alias' };
  const named = index.byName.get(entry);
  if (named) return { keys: named, via: 'name' };
  if (!hasVersionSuffix(entry)) {
    const latest = matchEntry(`${entry}-latest`, index);
    if (latest) return { keys: latest.keys, via: 'latest-fallback' };
  }
  return null;
}

/** An entry as written, and which provider it names: `openai/gpt-4o` is OpenAI's only; `mistral-large` any. */
type ParsedEntry = {
  list: PinList;
  status: 'active' | 'inactive';
  entry: string;
  provider: string | null;
  name: string;
};

function parseEntries(config: ModelDefaults): ParsedEntry[] {
  const known = knownProviderIds(config);
  const lists: [PinList, 'active' | 'inactive', string[]][] = [
    ['alwaysActive', 'active', config.alwaysActive],
    ['alwaysInactive', 'inactive', config.alwaysInactive],
  ];
  return lists.flatMap(([list, status, entries]) =>
    entries.map((entry) => {
      const qualified = splitQualifiedId(entry, known);
      return qualified
        ? { list, status, entry, provider: qualified.provider, name: qualified.modelId }
        : { list, status, entry, provider: null, name: entry };
    }),
  );
}

type Slot = { active?: Pin; inactive?: Pin };

/**
 * Resolves the configured pins over `candidates`, provider by provider: an entry qualified by a known provider id
 * (`openai/gpt-4o`) matches only in that provider, any other entry in every provider. `focus` (a seed planning one
 * provider): the other candidates are context only — they decide whether an entry matches anything, but their
 * conflicts and deprecations are not this resolution's to report.
 */
export function resolvePins(
  candidates: PinCandidate[],
  config: ModelDefaults,
  now: Date,
  options: { focus?: string } = {},
): PinResolution {
  const entries = parseEntries(config);
  const matched = new Set<ParsedEntry>();
  const byProvider = new Map<string, PinCandidate[]>();
  // push, not a spread per row: copying the list for every row made this quadratic (seconds at 100,000 models).
  for (const c of candidates) {
    const list = byProvider.get(c.provider);
    if (list) list.push(c);
    else byProvider.set(c.provider, [c]);
  }

  const pins = new Map<string, Pin>();
  const groups = new Map<string, Map<string, string>>();
  const conflicts: PinResolution['conflicts'] = [];
  for (const provider of [...byProvider.keys()].sort()) {
    const all = byProvider.get(provider) ?? [];
    const listed = all.filter((m) => m.source !== 'manual');
    const manualIds = new Set(all.filter((m) => m.source === 'manual').map((m) => m.modelId));
    const groupOf = groupModels(listed);
    groups.set(provider, groupOf);
    const members = new Map<string, string[]>();
    const index = {
      byId: new Map<string, string>(),
      byAlias: new Map<string, Set<string>>(),
      byName: new Map<string, Set<string>>(),
    };
    const add = (map: Map<string, Set<string>>, key: string, value: string) => {
      const set = map.get(key) ?? new Set<string>();
      set.add(value);
      map.set(key, set);
    };
    for (const m of listed) {
      const key = groupOf.get(m.modelId)!;
      const group = members.get(key);
      if (group) group.push(m.modelId);
      else members.set(key, [m.modelId]);
      index.byId.set(m.modelId, key);
      for (const alias of m.aliases) add(index.byAlias, alias, key);
      if (m.groupName) add(index.byName, m.groupName, key);
    }

    const groupPins = new Map<string, Slot>();
    const manualPins = new Map<string, Slot>();
    for (const parsed of entries) {
      if (parsed.provider !== null && parsed.provider !== provider) continue;
      const { list, status, entry, name } = parsed;
      if (manualIds.has(name)) {
        const slot = manualPins.get(name) ?? {};
        slot[status] ??= { status, list, entry, via: 'id' };
        manualPins.set(name, slot);
        matched.add(parsed);
      }
      const match = matchEntry(name, index);
      if (!match) continue;
      matched.add(parsed);
      for (const key of match.keys) {
        const slot = groupPins.get(key) ?? {};
        slot[status] ??= { status, list, entry, via: match.via };
        groupPins.set(key, slot);
      }
    }

    const slots = [
      ...[...groupPins].map(([key, slot]) => ({ key, slot, ids: [...(members.get(key) ?? [])].sort() })),
      ...[...manualPins].map(([id, slot]) => ({ key: id, slot, ids: [id] })),
    ].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    for (const { key, slot, ids } of slots) {
      if (slot.active && slot.inactive) {
        if (options.focus === undefined || options.focus === provider) {
          conflicts.push({
            groupKey: qualifiedModelId(provider, key),
            modelIds: ids.map((id) => qualifiedModelId(provider, id)),
            active: slot.active.entry,
            inactive: slot.inactive.entry,
          });
        }
        continue;
      }
      const pin = (slot.active ?? slot.inactive)!;
      for (const id of ids) pins.set(pinKey(provider, id), pin);
    }
  }

  const unmatched = entries.filter((e) => !matched.has(e)).map(({ list, entry }) => ({ list, entry }));
  const warnings: string[] = [];
  for (const { list, entry } of unmatched) {
    warnings.push(`config ${list} entry '${entry}' matches no model; it pins nothing (fix or remove it)`);
  }
  for (const c of conflicts) {
    warnings.push(
      `config pins ${c.modelIds.join(', ')} both ways (alwaysActive '${c.active}', alwaysInactive '${c.inactive}'); remove one`,
    );
  }
  // Only the few pinned-active deprecated models are sorted (sorting all 50,000 candidates by name cost 0.1 s).
  const deprecated: { shown: string; warning: string }[] = [];
  for (const m of candidates) {
    if (!m.deprecation || (options.focus !== undefined && m.provider !== options.focus)) continue;
    const pin = pins.get(pinKey(m.provider, m.modelId));
    if (pin?.status !== 'active') continue;
    const at = new Date(m.deprecation);
    if (Number.isNaN(at.getTime()) || at > now) continue;
    const shown = qualifiedModelId(m.provider, m.modelId);
    const replacement = m.deprecationReplacement ? `; its replacement is ${m.deprecationReplacement}` : '';
    deprecated.push({
      shown,
      warning: `${shown} is pinned active by ${pin.list} entry '${pin.entry}' but deprecated since ${at.toISOString().slice(0, 10)}${replacement}`,
    });
  }
  deprecated.sort((a, b) => (a.shown < b.shown ? -1 : 1));
  warnings.push(...deprecated.map((d) => d.warning));
  return { pins, unmatched, conflicts, warnings, groups };
}

export function describePin(pin: Pin): string {
  const via =
    pin.via === 'latest-fallback'
      ? `, via ${pin.entry}-latest`
      : pin.via === 'id'
        ? ''
        : ` (matched by ${pin.via})`;
  return `pinned ${pin.status} by config (${pin.list}: '${pin.entry}'${via})`;
}

/** The columns pin matching reads from the registry's rows. */
const candidateColumns = {
  provider: models.provider,
  modelId: models.modelId,
  source: models.source,
  groupName: models.groupName,
  aliases: models.aliases,
  deprecation: models.deprecation,
  deprecationReplacement: models.deprecationReplacement,
};

/** Listed (non-retired) rows as pin candidates; `except` leaves out one provider (a seed brings its own cards). */
export async function pinCandidates(
  db: Executor,
  options: { except?: string } = {},
): Promise<PinCandidate[]> {
  const where: SQL | undefined = options.except
    ? and(isNull(models.retiredAt), ne(models.provider, options.except))
    : isNull(models.retiredAt);
  return (await db.select(candidateColumns).from(models).where(where)).map(asCandidate);
}

type CandidateRow = Omit<PinCandidate, 'deprecation'> & { deprecation: Date | null };

function asCandidate(row: CandidateRow): PinCandidate {
  return { ...row, deprecation: row.deprecation ? row.deprecation.toISOString() : null };
}

/** The names an entry may match a model by: itself, and `<name>-latest` where the fallback applies (matchEntry). */
function entryNames(entries: readonly ParsedEntry[]): string[] {
  const names = new Set<string>();
  for (const { name } of entries) {
    names.add(name);
    if (!hasVersionSuffix(name)) names.add(`${name}-latest`);
  }
  return [...names];
}

/**
 * The listed rows a resolution of `entries` depends on, and no others: every row an entry could match (by id,
 * alias or name, or the `-latest` fallback), then the whole of each such row's group (groupModels' links: a shared
 * group name, an alias naming another id, another row's alias naming it), followed until no row is added. A
 * resolution over these equals one over every row — the rows left out match no entry and share no group with one
 * that does — at the cost of a few reads of matching rows instead of every row (100,000 of them, about a second).
 */
async function relevantCandidates(db: Executor, entries: readonly ParsedEntry[]): Promise<PinCandidate[]> {
  const names = entryNames(entries);
  const found = new Map<string, PinCandidate>();
  let where: SQL | undefined = or(
    inArray(models.modelId, names),
    arrayOverlaps(models.aliases, names),
    inArray(models.groupName, names),
  );
  while (where) {
    const fresh = (
      await db
        .select(candidateColumns)
        .from(models)
        .where(and(isNull(models.retiredAt), where))
    )
      .map(asCandidate)
      .filter((c) => !found.has(pinKey(c.provider, c.modelId)));
    for (const c of fresh) found.set(pinKey(c.provider, c.modelId), c);
    const byProvider = new Map<string, PinCandidate[]>();
    for (const c of fresh) {
      const list = byProvider.get(c.provider);
      if (list) list.push(c);
      else byProvider.set(c.provider, [c]);
    }
    where = or(
      ...[...byProvider].map(([provider, rows]) => {
        const groupNames = rows.flatMap((r) => (r.groupName ? [r.groupName] : []));
        return and(
          eq(models.provider, provider),
          or(
            groupNames.length > 0 ? inArray(models.groupName, groupNames) : undefined,
            inArray(models.modelId, [...new Set(rows.flatMap((r) => r.aliases))]),
            arrayOverlaps(
              models.aliases,
              rows.map((r) => r.modelId),
            ),
          ),
        );
      }),
    );
  }
  return [...found.values()];
}

/**
 * Resolves the configured pins across providers, plus `extra` candidates not yet in the table (a manual model
 * being created): over the rows the entries can reach (relevantCandidates), none read when nothing is pinned.
 */
export async function registryPins(
  db: Executor,
  config: ModelDefaults,
  now: Date,
  extra: PinCandidate[] = [],
): Promise<PinResolution> {
  const entries = parseEntries(config);
  // No entry pins anything, and nothing can be unmatched or conflict.
  if (entries.length === 0)
    return { pins: new Map(), unmatched: [], conflicts: [], warnings: [], groups: new Map() };
  return resolvePins([...(await relevantCandidates(db, entries)), ...extra], config, now);
}

/**
 * The pins of every listed model, for pages that read: resolved once per registry revision and config
 * (revision.ts), not over every row on every request — at 100,000 models a resolution takes about a second. Writes
 * resolve inside their own transaction (`registryPins`), never from here. `now` only dates warnings about deprecated
 * pinned models; the pins themselves do not depend on it.
 */
export const pagePins = keptPerRevision(
  async (db: Executor, config: ModelDefaults, now: Date): Promise<Map<string, Pin>> =>
    (await registryPins(db, config, now)).pins,
  (config) => JSON.stringify(config),
);
