// Which offered models each group holds, resolved once per registry revision (as the pins are; a saved group or team
// moves it) and per declaration set, never per request: a sync that adds a model a group's rule takes puts it in the group at the next request, and
// a model that stops being offered leaves every group with it.
import type { Executor } from '../../../db/client';
import { models } from '../../../db/schema';
import { qualifiedModelId } from '../model/qualified-id';
import { offered, servedByApi } from '../model/row';
import { registryProviderIds } from '../providers/ids';
import { keptPerRevision } from '../revision';
import { type AccessCatalog, accessCatalog } from './catalog';
import type { Declared } from './declared';
import { type AccessModel, ALL_GROUP, type Group, groupVerdict, slugSchema, type Team } from './rules';

export type AccessView = {
  /** Every offered model, by its API id. */
  models: ReadonlyMap<string, AccessModel>;
  /** Each group's members (API ids), `all` included. */
  members: ReadonlyMap<string, ReadonlySet<string>>;
  groups: ReadonlyMap<string, Group>;
  teams: ReadonlyMap<string, Team>;
  catalog: AccessCatalog;
};

/** The offered models the consumer API serves (model/row.ts): the only ones a group ever holds. */
async function offeredModels(db: Executor): Promise<AccessModel[]> {
  const [rows, known] = await Promise.all([
    db
      .select({
        provider: models.provider,
        modelId: models.modelId,
        type: models.type,
        capabilities: models.capabilities,
        deprecation: models.deprecation,
      })
      .from(models)
      .where(offered()),
    registryProviderIds(db),
  ]);
  return rows
    .filter((row) => servedByApi(row, known))
    .map((row) => ({
      id: qualifiedModelId(row.provider, row.modelId),
      provider: row.provider,
      modelId: row.modelId,
      type: row.type,
      capabilities: row.capabilities,
      deprecated: row.deprecation !== null,
    }));
}

/**
 * The groups (the built-in one first) and teams in force (catalog.ts), with each group's members among the offered
 * models. Saved groups and teams move the revision when they change, so they are kept under it like the models.
 */
export const accessView = keptPerRevision(
  async (db: Executor, declared: Declared): Promise<AccessView> => {
    const [offeredList, catalog] = await Promise.all([offeredModels(db), accessCatalog(db, declared)]);
    const { groups } = catalog;
    const members = new Map<string, ReadonlySet<string>>();
    for (const group of groups) {
      const ids = offeredList.filter((model) => groupVerdict(group, model).member).map((model) => model.id);
      members.set(group.slug, new Set(ids));
    }
    return {
      models: new Map(offeredList.map((model) => [model.id, model])),
      members,
      groups: new Map(groups.map((group) => [group.slug, group])),
      teams: new Map(catalog.teams.map((team) => [team.slug, team])),
      catalog,
    };
  },
  (declared) => declared.fingerprint,
  4,
);

/** A team's models: the offered models in any of its groups (a group that no longer exists adds none). */
export function teamModelIds(view: AccessView, team: Team): ReadonlySet<string> {
  if (team.groups.includes(ALL_GROUP)) return view.members.get(ALL_GROUP) ?? new Set();
  const ids = new Set<string>();
  for (const slug of team.groups) for (const id of view.members.get(slug) ?? []) ids.add(id);
  return ids;
}

/** A team or a group, as the Models page's "usable by" filter names it: `team:<slug>` or `group:<slug>`. */
export type AccessRef = { kind: 'team' | 'group'; slug: string };

export function parseAccessRef(text: string): AccessRef | null {
  const colon = text.indexOf(':');
  const kind = text.slice(0, colon);
  const slug = text.slice(colon + 1);
  if ((kind !== 'team' && kind !== 'group') || !slugSchema.safeParse(slug).success) return null;
  return { kind, slug };
}

/** The offered models a team may use, or a group holds: none for one that does not exist. */
export function usableModels(view: AccessView, ref: AccessRef): AccessModel[] {
  let ids: ReadonlySet<string>;
  if (ref.kind === 'group') ids = view.members.get(ref.slug) ?? new Set();
  else {
    const team = view.teams.get(ref.slug);
    ids = team ? teamModelIds(view, team) : new Set();
  }
  return [...ids].flatMap((id) => view.models.get(id) ?? []);
}

/** Who may use one model (its API id): the groups that hold it and the teams granted any of them. */
export function whoCanUse(view: AccessView, id: string): { groups: string[]; teams: string[] } | null {
  if (!view.models.has(id)) return null;
  const groups = [...view.members].filter(([, ids]) => ids.has(id)).map(([slug]) => slug);
  const held = new Set(groups);
  const teams = [...view.teams.values()]
    .filter((team) => team.groups.some((g) => held.has(g)))
    .map((team) => team.slug);
  return { groups, teams };
}
