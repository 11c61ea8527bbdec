// Alias drift, in one place: which dated model an alias (`mistral-large-latest`, `mistral-medium`) serves, and which
// aliases a seed moves to another one — the platform's users then silently get a different model.
import { groupModels } from '../config/pins';

/** A model as the rule sees it: a provider card, or a registry row with the provider's aliases. */
export type AliasMember = { modelId: string; groupName: string | null; aliases: readonly string[] };

/** An alias that served `from` before a seed and serves `to` after it. */
export type AliasMove = { alias: string; from: string; to: string };

/** The release an id names, when it names one: a date or a release number (`2411`, `20241022`, `2024-08-06`). */
const SNAPSHOT_SUFFIX = /-(\d{4}-\d{2}-\d{2}|\d{3,})$/;

/**
 * An id naming one fixed release: it ends in a date or a release number of three or more digits
 * (`mistral-large-2411`, `claude-3-5-sonnet-20241022`, `gpt-4o-2024-08-06`, `gemini-1.5-pro-002`). Any other id
 * (`-latest`, a bare family name like `mistral-medium` or `gpt-4`, a size like `open-mistral-7b`) is an alias
 * when its group has a snapshot.
 */
export function isSnapshotId(id: string): boolean {
  return SNAPSHOT_SUFFIX.test(id);
}

/** A snapshot's release as a number, for "newest": its date or release digits. */
function release(id: string): number {
  return Number(SNAPSHOT_SUFFIX.exec(id)?.[1]?.replaceAll('-', '') ?? 0);
}

/**
 * The dated model each alias serves, keyed by alias. Groups are the registry's one grouping (config/pins.ts: a shared
 * group name, or ids listing each other as aliases). An alias serves a snapshot of its group, chosen in this order:
 * the one its group name names (Mistral's `name` is the model its aliases serve); else those of the alias's own
 * family (`mistral-tiny-latest` → `mistral-tiny-2407`, not `open-mistral-nemo-2407` of the same group); then the
 * newest release, then the smallest id. An alias whose group has no snapshot (or that has no group: OpenAI lists
 * `gpt-4o` and `gpt-4o-2024-08-06` apart) serves nothing this rule can name, and is left out. `groupOf` is
 * groupModels(models), for a caller that has it already (the seed's pin resolution groups the same cards).
 */
export function aliasTargets(
  models: readonly AliasMember[],
  groupOf: ReadonlyMap<string, string> = groupModels(
    models.map((m) => ({
      provider: '',
      modelId: m.modelId,
      groupName: m.groupName,
      aliases: [...m.aliases],
      deprecation: null,
    })),
  ),
): Map<string, string> {
  const snapshots = new Map<string, string[]>();
  for (const m of models) {
    if (!isSnapshotId(m.modelId)) continue;
    const key = groupOf.get(m.modelId)!;
    snapshots.set(key, [...(snapshots.get(key) ?? []), m.modelId]);
  }
  const targets = new Map<string, string>();
  for (const m of models) {
    if (isSnapshotId(m.modelId)) continue;
    const candidates = snapshots.get(groupOf.get(m.modelId)!) ?? [];
    if (candidates.length === 0) continue;
    if (m.groupName !== null && candidates.includes(m.groupName)) {
      targets.set(m.modelId, m.groupName);
      continue;
    }
    const family = `${m.modelId.replace(/-latest$/, '')}-`;
    const own = candidates.filter((id) => id.startsWith(family));
    const [target] = (own.length > 0 ? own : candidates).sort(
      (a, b) => release(b) - release(a) || (a < b ? -1 : a > b ? 1 : 0),
    );
    targets.set(m.modelId, target!);
  }
  return targets;
}

/**
 * The aliases that serve another dated model after a seed than before it, sorted by alias. An alias new to the
 * registry, or one that serves no nameable model before or after, has not moved. `targetsAfter` is
 * aliasTargets(after), for a caller that has it already (the seed prices aliases by it).
 */
export function aliasMoves(
  before: readonly AliasMember[],
  after: readonly AliasMember[],
  targetsAfter: ReadonlyMap<string, string> = aliasTargets(after),
): AliasMove[] {
  const was = aliasTargets(before);
  const moves: AliasMove[] = [];
  for (const [alias, to] of targetsAfter) {
    const from = was.get(alias);
    if (from !== undefined && from !== to) moves.push({ alias, from, to });
  }
  return moves.sort((a, b) => (a.alias < b.alias ? -1 : a.alias > b.alias ? 1 : 0));
}
