// The groups and teams in force: the built-in group `all`, those ACCESS_PATH declares (read-only, "from config"),
// and those saved in the dashboard (edits.ts). A slug the file declares wins over a saved one, which is then listed
// as shadowed until one of them is renamed or removed. Every reader (the consumer API, explain, keys, the Access
// page) goes through here, so a team saved in the dashboard is a team everywhere.
import { asc, eq } from 'drizzle-orm';
import type { Executor } from '../../../db/client';
import { type AccessGroupRow, type AccessTeamRow, accessGroups, accessTeams } from '../../../db/schema';
import type { Declared } from './declared';
import { ALL, canonicalMatch, type Group, type GroupMatch, type Team } from './rules';

export type AccessCatalog = {
  /** The built-in group first, then the declared ones (in the file's order), then the saved ones by slug. */
  groups: Group[];
  /** The declared ones (in the file's order), then the saved ones by slug. */
  teams: Team[];
  /** `ACCESS_PATH=<path>`, or null. */
  origin: string | null;
  /** Saved slugs the file also declares: the file's entry is the one in force. */
  shadowed: { groups: string[]; teams: string[] };
};

export function savedGroup(row: AccessGroupRow): Group {
  return {
    slug: row.slug,
    name: row.name,
    description: row.description,
    match: canonicalMatch(row.match as GroupMatch | null),
    include: row.include,
    exclude: row.exclude,
    source: 'dashboard',
  };
}

export function savedTeam(row: AccessTeamRow): Team {
  return { slug: row.slug, name: row.name, groups: row.groups, source: 'dashboard' };
}

/**
 * The groups and teams in force (two reads: the saved groups and teams). `lockTeam`: inside a transaction, hold
 * that saved team (FOR SHARE) until it ends, so it cannot be deleted meanwhile (a key created for it).
 */
export async function accessCatalog(
  db: Executor,
  declared: Declared,
  options: { lockTeam?: string } = {},
): Promise<AccessCatalog> {
  if (options.lockTeam) {
    await db
      .select({ slug: accessTeams.slug })
      .from(accessTeams)
      .where(eq(accessTeams.slug, options.lockTeam))
      .for('share');
  }
  const [groupRows, teamRows] = await Promise.all([
    db.select().from(accessGroups).orderBy(asc(accessGroups.slug)),
    db.select().from(accessTeams).orderBy(asc(accessTeams.slug)),
  ]);
  const declaredGroups = new Set(declared.groups.map((g) => g.slug));
  const declaredTeams = new Set(declared.teams.map((t) => t.slug));
  return {
    groups: [
      ALL,
      ...declared.groups,
      ...groupRows.filter((row) => !declaredGroups.has(row.slug)).map(savedGroup),
    ],
    teams: [...declared.teams, ...teamRows.filter((row) => !declaredTeams.has(row.slug)).map(savedTeam)],
    origin: declared.origin,
    shadowed: {
      groups: groupRows.filter((row) => declaredGroups.has(row.slug)).map((row) => row.slug),
      teams: teamRows.filter((row) => declaredTeams.has(row.slug)).map((row) => row.slug),
    },
  };
}
