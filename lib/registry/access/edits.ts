// Groups and teams saved in the dashboard: created, changed, deleted, each in one transaction with one access event
// per change (who, what, before → after). The checks are the declarations' own (rules.ts), plus what only the
// stored set can say: a slug taken, a slug ACCESS_PATH declares (read-only: change it there), a group a team names
// that does not exist. Deleting a group takes it out of every saved team that was granted it; deleting a team
// revokes its keys, so a key never comes back to life when a team of the same slug is made later. A saved copy the
// file overrides (the same slug declared later) may be deleted alone: what is in force stays as it is.
import { eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database, Executor } from '../../../db/client';
import { isUniqueViolation } from '../../../db/errors';
import {
  type AccessEventAction,
  type AccessGroupRow,
  type AccessTeamRow,
  accessEvents,
  accessGroups,
  accessTeams,
} from '../../../db/schema';
import { RegistryError } from '../errors';
import { accessCatalog, savedGroup, savedTeam } from './catalog';
import type { Declared } from './declared';
import { activeKeysOfTeam, revokeKeysOfTeam } from './keys';
import { accessView } from './members';
import {
  ALL_GROUP,
  type Group,
  type GroupInput,
  type GroupPreview,
  groupOf,
  groupProblems,
  groupSchema,
  previewGroup,
  slugSchema,
  type Team,
  type TeamInput,
  teamSchema,
} from './rules';

/** What an event says of a group: its name and its rule (what it has not, it leaves out). */
function groupEventView(group: Group): Record<string, unknown> {
  return {
    name: group.name,
    ...(group.description ? { description: group.description } : {}),
    ...(group.match ? { match: group.match } : {}),
    ...(group.include.length ? { include: group.include } : {}),
    ...(group.exclude.length ? { exclude: group.exclude } : {}),
  };
}

const teamEventView = (team: Team): Record<string, unknown> => ({ name: team.name, groups: team.groups });

async function recordEvent(
  tx: Executor,
  action: AccessEventAction,
  subject: string,
  actor: string,
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
): Promise<void> {
  await tx.insert(accessEvents).values({ subject, actor, action, before, after });
}

function refuseInvalid(what: string, problems: string[]): never {
  throw new RegistryError(
    'usage',
    `The ${what} is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}\nNothing was saved.`,
  );
}

/** A group as given (the dashboard's form, a test), checked on its own: the group, or every problem. */
function groupOrProblems(
  input: unknown,
  providerIds: ReadonlySet<string>,
): { group: Group } | { problems: string[] } {
  const parsed = groupSchema.safeParse(input);
  if (!parsed.success) {
    return { problems: parsed.error.issues.map((i) => `${i.path.join('.') || '(group)'}: ${i.message}`) };
  }
  const problems = groupProblems(parsed.data, providerIds);
  return problems.length ? { problems } : { group: groupOf(parsed.data, 'dashboard') };
}

/** Refused (kind usage) naming every problem. */
function checkedGroup(input: unknown, providerIds: ReadonlySet<string>): Group {
  const checked = groupOrProblems(input, providerIds);
  if ('problems' in checked) refuseInvalid('group', checked.problems);
  return checked.group;
}

function checkedTeam(input: unknown): TeamInput {
  const parsed = teamSchema.safeParse(input);
  if (!parsed.success) {
    refuseInvalid(
      'team',
      parsed.error.issues.map((i) => `${i.path.join('.') || '(team)'}: ${i.message}`),
    );
  }
  return { ...parsed.data, groups: [...new Set(parsed.data.groups)] };
}

function declaredHere(declared: Declared, what: 'group' | 'team', slug: string): never {
  throw new RegistryError(
    'refused',
    `The ${what} ${slug} is declared in ${declared.origin ?? 'ACCESS_PATH'} and read-only here: change it in that file.`,
  );
}

/** What a group would hold, before it is saved (the Access page's preview), or why it cannot be saved yet. */
export async function groupPreview(
  db: Executor,
  declared: Declared,
  input: GroupInput,
  providerIds: ReadonlySet<string>,
): Promise<GroupPreview | { problems: string[] }> {
  const checked = groupOrProblems(input, providerIds);
  if ('problems' in checked) return checked;
  const view = await accessView(db, declared);
  return previewGroup(checked.group, view.models.values());
}

export type SaveMode = 'create' | 'change';

type Written = 'created' | 'changed' | 'unchanged';

const groupValues = (group: Group, actor: string, now: Date) => ({
  name: group.name,
  description: group.description,
  match: group.match,
  include: group.include,
  exclude: group.exclude,
  updatedBy: actor,
  updatedAt: now,
});

/** Writes one saved group over its row as it stands (locked by the caller; none: a new one), with its event. */
async function writeGroup(
  tx: Executor,
  group: Group,
  row: AccessGroupRow | undefined,
  actor: string,
  now: Date,
): Promise<Written> {
  if (!row) {
    await tx
      .insert(accessGroups)
      .values({ slug: group.slug, ...groupValues(group, actor, now), createdBy: actor });
    await recordEvent(tx, 'group_created', `group:${group.slug}`, actor, null, groupEventView(group));
    return 'created';
  }
  const before = groupEventView(savedGroup(row));
  const after = groupEventView(group);
  if (JSON.stringify(before) === JSON.stringify(after)) return 'unchanged';
  await tx
    .update(accessGroups)
    .set(groupValues(group, actor, now))
    .where(eq(accessGroups.slug, group.slug));
  await recordEvent(tx, 'group_changed', `group:${group.slug}`, actor, before, after);
  return 'changed';
}

/** Writes one saved team over its row as it stands (locked by the caller; none: a new one), with its event. */
async function writeTeam(
  tx: Executor,
  team: Team,
  row: AccessTeamRow | undefined,
  actor: string,
  now: Date,
): Promise<Written> {
  if (!row) {
    await tx
      .insert(accessTeams)
      .values({ slug: team.slug, name: team.name, groups: team.groups, createdBy: actor, updatedBy: actor });
    await recordEvent(tx, 'team_created', `team:${team.slug}`, actor, null, teamEventView(team));
    return 'created';
  }
  const before = teamEventView(savedTeam(row));
  const after = teamEventView(team);
  if (JSON.stringify(before) === JSON.stringify(after)) return 'unchanged';
  await tx
    .update(accessTeams)
    .set({ name: team.name, groups: team.groups, updatedBy: actor, updatedAt: now })
    .where(eq(accessTeams.slug, team.slug));
  await recordEvent(tx, 'team_changed', `team:${team.slug}`, actor, before, after);
  return 'changed';
}

/** A unique violation of a saved slug (two admins creating it at once) as the clean refusal. */
async function orTaken<T>(what: 'group' | 'team', slug: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error, what === 'group' ? 'access_groups_pkey' : 'access_teams_pkey'))
      throw new RegistryError('refused', `A ${what} ${slug} exists already: choose another slug.`);
    throw error;
  }
}

/**
 * Creates or changes a saved group. `changed` false: it already said exactly that (no event). `grantedTo`: on
 * create, saved teams that already named the slug (a group deleted from ACCESS_PATH): they see its models now.
 */
export async function saveGroup(
  db: Database,
  declared: Declared,
  input: GroupInput,
  options: { mode: SaveMode; actor: string; providerIds: ReadonlySet<string> },
): Promise<{ group: Group; changed: boolean; grantedTo: string[] }> {
  const group = checkedGroup(input, options.providerIds);
  if (declared.groups.some((g) => g.slug === group.slug)) declaredHere(declared, 'group', group.slug);
  return orTaken('group', group.slug, () =>
    db.transaction(async (tx) => {
      const [row] = await tx
        .select()
        .from(accessGroups)
        .where(eq(accessGroups.slug, group.slug))
        .for('update');
      if (options.mode === 'create' && row)
        throw new RegistryError('refused', `A group ${group.slug} exists already: choose another slug.`);
      if (options.mode === 'change' && !row)
        throw new RegistryError('refused', `No group ${group.slug} (it may have just been deleted).`);
      const grantedTo = row
        ? []
        : (
            await tx
              .select({ slug: accessTeams.slug })
              .from(accessTeams)
              .where(sql`${group.slug} = any(${accessTeams.groups})`)
              .orderBy(accessTeams.slug)
          ).map((t) => t.slug);
      const written = await writeGroup(tx, group, row, options.actor, new Date());
      return { group, changed: written !== 'unchanged', grantedTo };
    }),
  );
}

/**
 * The saved row, locked; `shadowed` when ACCESS_PATH declares the slug too (the file's entry is in force, so
 * removing the saved copy changes nothing anyone sees). Refused when there is no saved row.
 */
async function lockedRow<T extends AccessGroupRow | AccessTeamRow>(
  tx: Executor,
  declared: Declared,
  what: 'group' | 'team',
  slug: string,
): Promise<{ row: T; shadowed: boolean }> {
  const table = what === 'group' ? accessGroups : accessTeams;
  const list = what === 'group' ? declared.groups : declared.teams;
  const shadowed = list.some((entry) => entry.slug === slug);
  const [row] = await tx.select().from(table).where(eq(table.slug, slug)).for('update');
  if (row) return { row: row as T, shadowed };
  if (shadowed) declaredHere(declared, what, slug);
  throw new RegistryError('refused', `No ${what} ${slug.slice(0, 63)} saved in the dashboard.`);
}

/** Deletes a saved group and takes it out of every saved team granted it (one event per team changed). */
export async function deleteGroup(
  db: Database,
  declared: Declared,
  slug: string,
  actor: string,
): Promise<{ teams: string[] }> {
  return db.transaction(async (tx) => {
    const { row, shadowed } = await lockedRow<AccessGroupRow>(tx, declared, 'group', slug);
    // A copy the file overrides: only the copy goes; the teams keep their grant of the declared group.
    const teams = shadowed
      ? []
      : await tx
          .select()
          .from(accessTeams)
          .where(sql`${slug} = any(${accessTeams.groups})`)
          .orderBy(accessTeams.slug)
          .for('update');
    for (const team of teams) {
      const groups = team.groups.filter((g) => g !== slug);
      await tx
        .update(accessTeams)
        .set({ groups, updatedBy: actor, updatedAt: new Date() })
        .where(eq(accessTeams.slug, team.slug));
      await recordEvent(
        tx,
        'team_changed',
        `team:${team.slug}`,
        actor,
        teamEventView(savedTeam(team)),
        teamEventView({ ...savedTeam(team), groups }),
      );
    }
    await tx.delete(accessGroups).where(eq(accessGroups.slug, slug));
    await recordEvent(tx, 'group_deleted', `group:${slug}`, actor, groupEventView(savedGroup(row)), null);
    return { teams: teams.map((t) => t.slug) };
  });
}

/**
 * Creates or changes a saved team; every group it is granted must exist (built in, declared or saved). `keys`: on
 * create, the active keys that already named the slug (a team deleted from ACCESS_PATH): they see its models now.
 */
export async function saveTeam(
  db: Database,
  declared: Declared,
  input: TeamInput,
  options: { mode: SaveMode; actor: string },
): Promise<{ team: Team; changed: boolean; keys: string[] }> {
  const checked = checkedTeam(input);
  if (declared.teams.some((t) => t.slug === checked.slug)) declaredHere(declared, 'team', checked.slug);
  const team: Team = { ...checked, source: 'dashboard' };
  return orTaken('team', team.slug, () =>
    db.transaction(async (tx) => {
      // The groups first, then the team, in deleteGroup's order (group, then the teams granted it): a group
      // deleted at this moment is not granted, and the two never wait on each other in a circle.
      await tx
        .select({ slug: accessGroups.slug })
        .from(accessGroups)
        .where(inArray(accessGroups.slug, team.groups))
        .for('share');
      const [row] = await tx.select().from(accessTeams).where(eq(accessTeams.slug, team.slug)).for('update');
      const catalog = await accessCatalog(tx, declared);
      const known = new Set(catalog.groups.map((g) => g.slug));
      const unknown = team.groups.filter((g) => !known.has(g));
      if (unknown.length) {
        throw new RegistryError(
          'refused',
          `No group ${unknown.join(', ')}. Groups: ${catalog.groups.map((g) => g.slug).join(', ')}.`,
        );
      }
      if (options.mode === 'create' && row)
        throw new RegistryError('refused', `A team ${team.slug} exists already: choose another slug.`);
      if (options.mode === 'change' && !row)
        throw new RegistryError('refused', `No team ${team.slug} (it may have just been deleted).`);
      const keys = row ? [] : await activeKeysOfTeam(tx, team.slug);
      const written = await writeTeam(tx, team, row, options.actor, new Date());
      return { team, changed: written !== 'unchanged', keys };
    }),
  );
}

/** Deletes a saved team and revokes its keys (each a key_revoked event): they see nothing from then on. */
export async function deleteTeam(
  db: Database,
  declared: Declared,
  slug: string,
  actor: string,
): Promise<{ revoked: string[] }> {
  return db.transaction(async (tx) => {
    const { row, shadowed } = await lockedRow<AccessTeamRow>(tx, declared, 'team', slug);
    // A copy the file overrides: only the copy goes; the keys belong to the declared team, which stays.
    const revoked = shadowed ? [] : await revokeKeysOfTeam(tx, slug, actor);
    await tx.delete(accessTeams).where(eq(accessTeams.slug, slug));
    await recordEvent(tx, 'team_deleted', `team:${slug}`, actor, teamEventView(savedTeam(row)), null);
    return { revoked };
  });
}

/**
 * The saved groups and teams as an export carries them (transfer/): the declarations' own shape, by slug. Never
 * the declared ones (the target has its own file) and never keys (a secret does not travel).
 */
export const savedAccessSchema = z.strictObject({
  groups: z.array(groupSchema).max(10_000),
  // A saved team may hold no group (its last one deleted): it travels as it is, seeing nothing.
  teams: z.array(teamSchema.extend({ groups: z.array(slugSchema) })).max(10_000),
});
export type SavedAccess = z.output<typeof savedAccessSchema>;

function groupInputOf(group: Group): GroupInput {
  return {
    slug: group.slug,
    name: group.name,
    ...(group.description ? { description: group.description } : {}),
    ...(group.match ? { match: group.match } : {}),
    include: group.include,
    exclude: group.exclude,
  };
}

export async function exportSavedAccess(db: Executor): Promise<SavedAccess> {
  const [groups, teams] = await Promise.all([
    db.select().from(accessGroups).orderBy(accessGroups.slug),
    db.select().from(accessTeams).orderBy(accessTeams.slug),
  ]);
  return {
    groups: groups.map((row) => groupInputOf(savedGroup(row))),
    teams: teams.map(({ slug, name, groups: granted }) => ({ slug, name, groups: granted })),
  };
}

export type AccessImportReport = {
  groups: Record<Written, number>;
  teams: Record<Written, number>;
  /** Entries this registry's ACCESS_PATH declares: its own file's entry stays in force. */
  declaredHere: string[];
  /** A team's grant of a group neither the file nor this registry has: left out of the team. */
  unknownGroups: string[];
};

/**
 * Applies an export's saved groups and teams in the caller's transaction (an import's): each created or changed
 * with its event, the rest left as they are (an import deletes none). Every group is checked against this
 * registry's providers first; any problem refuses the whole file (kind input), naming the entry, before a write.
 */
export async function importSavedAccess(
  tx: Executor,
  declared: Declared,
  file: SavedAccess,
  options: { actor: string; providerIds: ReadonlySet<string>; dryRun: boolean; now: Date },
): Promise<AccessImportReport> {
  const problems: string[] = [];
  const groups = file.groups.map((input, i) => {
    for (const problem of groupProblems(input, options.providerIds))
      problems.push(`access.groups[${i}] (${input.slug}): ${problem}`);
    return groupOf(input, 'dashboard');
  });
  const slugs = (list: readonly { slug: string }[], what: string) => {
    const seen = new Set<string>();
    list.forEach((entry, i) => {
      if (seen.has(entry.slug))
        problems.push(`access.${what}[${i}]: the slug "${entry.slug}" is listed twice`);
      seen.add(entry.slug);
    });
  };
  slugs(file.groups, 'groups');
  slugs(file.teams, 'teams');
  if (problems.length) {
    throw new RegistryError(
      'input',
      `The file's access groups and teams cannot be used here; nothing was imported:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  }
  const report: AccessImportReport = {
    groups: { created: 0, changed: 0, unchanged: 0 },
    teams: { created: 0, changed: 0, unchanged: 0 },
    declaredHere: [],
    unknownGroups: [],
  };
  const groupRows = new Map(
    (await tx.select().from(accessGroups).for('update')).map((row) => [row.slug, row] as const),
  );
  const teamRows = new Map(
    (await tx.select().from(accessTeams).for('update')).map((row) => [row.slug, row] as const),
  );
  const declaredGroups = new Set(declared.groups.map((g) => g.slug));
  const declaredTeams = new Set(declared.teams.map((t) => t.slug));
  const known = new Set([ALL_GROUP, ...declaredGroups, ...groupRows.keys(), ...groups.map((g) => g.slug)]);
  for (const group of groups) {
    if (declaredGroups.has(group.slug)) {
      report.declaredHere.push(`group ${group.slug}`);
      continue;
    }
    const row = groupRows.get(group.slug);
    if (options.dryRun) {
      report.groups[dryOutcome(row && groupEventView(savedGroup(row)), groupEventView(group))] += 1;
      continue;
    }
    report.groups[await writeGroup(tx, group, row, options.actor, options.now)] += 1;
  }
  for (const input of file.teams) {
    if (declaredTeams.has(input.slug)) {
      report.declaredHere.push(`team ${input.slug}`);
      continue;
    }
    const granted = [...new Set(input.groups)].filter((g) => {
      if (known.has(g)) return true;
      report.unknownGroups.push(`team ${input.slug}: group ${g}`);
      return false;
    });
    const team: Team = { slug: input.slug, name: input.name, groups: granted, source: 'dashboard' };
    const row = teamRows.get(team.slug);
    if (options.dryRun) {
      report.teams[dryOutcome(row && teamEventView(savedTeam(row)), teamEventView(team))] += 1;
      continue;
    }
    report.teams[await writeTeam(tx, team, row, options.actor, options.now)] += 1;
  }
  return report;
}

function dryOutcome(before: Record<string, unknown> | undefined, after: Record<string, unknown>): Written {
  if (!before) return 'created';
  return JSON.stringify(before) === JSON.stringify(after) ? 'unchanged' : 'changed';
}
