// The Access page's read: every group with its rule in words, its live member count and a preview of its members,
// and the teams that use it; every team with its model count; every key; what a rule may name. Groups and teams
// come from the catalog (declared ones read-only, saved ones editable); members from the view resolved once per
// revision (members.ts).
import type { Executor } from '../../../db/client';
import { MODEL_TYPES } from '../types';
import type { AccessCatalog } from './catalog';
import type { Declared } from './declared';
import { type KeyRecord, listKeys } from './keys';
import { accessView, teamModelIds } from './members';
import { describeGroup, type Group, type Team } from './rules';

const PREVIEW = 8;

export type GroupRow = Group & {
  rule: string;
  members: number;
  preview: string[];
  teams: string[];
};
export type TeamRow = Team & { models: number; activeKeys: number };
export type AccessOverview = {
  origin: string | null;
  offered: number;
  groups: GroupRow[];
  teams: TeamRow[];
  keys: KeyRecord[];
  /** Saved slugs ACCESS_PATH also declares (its entry is in force). */
  shadowed: AccessCatalog['shadowed'];
  /** What a group's rule may name: the known providers, the model types, the capabilities offered models have. */
  choices: { providers: string[]; types: readonly string[]; capabilities: string[] };
};

export async function accessOverview(
  db: Executor,
  declared: Declared,
  providerIds: ReadonlySet<string>,
): Promise<AccessOverview> {
  const [view, keys] = await Promise.all([accessView(db, declared), listKeys(db)]);
  const { catalog } = view;
  const groups = catalog.groups.map((group): GroupRow => {
    const members = [...(view.members.get(group.slug) ?? [])].sort();
    return {
      ...group,
      rule: describeGroup(group),
      members: members.length,
      preview: members.slice(0, PREVIEW),
      teams: catalog.teams.filter((t) => t.groups.includes(group.slug)).map((t) => t.slug),
    };
  });
  const teams = catalog.teams.map(
    (team): TeamRow => ({
      ...team,
      models: teamModelIds(view, team).size,
      activeKeys: keys.filter((key) => key.team === team.slug && key.state === 'active').length,
    }),
  );
  const capabilities = new Set<string>();
  for (const model of view.models.values()) for (const c of model.capabilities) capabilities.add(c);
  return {
    origin: catalog.origin,
    offered: view.models.size,
    groups,
    teams,
    keys,
    shadowed: catalog.shadowed,
    choices: {
      providers: [...providerIds].sort(),
      types: MODEL_TYPES,
      capabilities: [...capabilities].sort(),
    },
  };
}
