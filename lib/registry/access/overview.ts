// The Access page's read: every group with its rule in words, its live member count and a preview of its members,
// and the teams that use it; every team with its model count; every key. Groups and teams come from ACCESS_PATH
// ("from config", read-only here); members from the view resolved once per revision (members.ts).
import type { Executor } from '../../../db/client';
import type { Declared } from './declared';
import { type KeyRecord, listKeys } from './keys';
import { accessView, teamModelIds } from './members';
import { ALL_GROUP, describeGroup } from './rules';

const PREVIEW = 8;

export type GroupRow = {
  slug: string;
  name: string;
  description: string | null;
  rule: string;
  source: 'built-in' | 'config';
  members: number;
  preview: string[];
  teams: string[];
};
export type TeamRow = { slug: string; name: string; groups: string[]; models: number };
export type AccessOverview = {
  origin: string | null;
  offered: number;
  groups: GroupRow[];
  teams: TeamRow[];
  keys: KeyRecord[];
};

export async function accessOverview(db: Executor, declared: Declared): Promise<AccessOverview> {
  const [view, keys] = await Promise.all([accessView(db, declared), listKeys(db)]);
  const groups = [...view.groups.values()].map((group): GroupRow => {
    const members = [...(view.members.get(group.slug) ?? [])].sort();
    return {
      slug: group.slug,
      name: group.name,
      description: group.description,
      rule: describeGroup(group),
      source: group.slug === ALL_GROUP ? 'built-in' : 'config',
      members: members.length,
      preview: members.slice(0, PREVIEW),
      teams: declared.teams.filter((t) => t.groups.includes(group.slug)).map((t) => t.slug),
    };
  });
  const teams = declared.teams.map(
    (team): TeamRow => ({
      slug: team.slug,
      name: team.name,
      groups: team.groups,
      models: teamModelIds(view, team).size,
    }),
  );
  return { origin: declared.origin, offered: view.models.size, groups, teams, keys };
}
