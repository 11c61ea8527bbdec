// Who may use which model, as rules: an access group is a named set of models defined by a rule (providers, id
// patterns, types, capabilities, deprecation) plus explicit includes and excludes; a team is granted groups. A group
// is a rule, not a list: a model a later sync adds that the rule takes is in the group at once, and one that stops
// being offered leaves every answer, since only offered models are ever judged. The built-in group `all` is every
// offered model. Pure: the declarations' validation and the one verdict every reader (the consumer API, explain,
// the dashboard) uses.
import { z } from 'zod';
import { RegistryError } from '../errors';
import { capabilitySchema, isModelId, plainText, providerIdSchema } from '../model/fields';
import { MODEL_TYPES } from '../types';

/** The built-in group: every offered model. No declaration may take its slug. */
export const ALL_GROUP = 'all';

const SLUG_RULE =
  'A slug is 1–63 lower-case letters, digits and - (like "search-team"), starting with a letter or digit.';
export const slugSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, SLUG_RULE);
const nameSchema = plainText().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters');
const PATTERN_RULE =
  'An id pattern is a model id in which * stands for any run of characters (like "openai/gpt-4*").';
const patternSchema = z.string().refine(isModelId, PATTERN_RULE);
const modelRefSchema = z.string().refine(isModelId, 'must be a model id as the consumer API names it');

const matchSchema = z.strictObject({
  providers: z.array(providerIdSchema).min(1).optional(),
  ids: z.array(patternSchema).min(1).optional(),
  types: z.array(z.enum(MODEL_TYPES)).min(1).optional(),
  capabilities: z.array(capabilitySchema).min(1).optional(),
  deprecated: z.boolean().optional(),
});
export type GroupMatch = z.output<typeof matchSchema>;
export type Criterion = keyof GroupMatch;

/** A group as a declaration or the dashboard's form states it (before the checks across entries). */
export const groupSchema = z.strictObject({
  slug: slugSchema,
  name: nameSchema,
  description: plainText().trim().max(500, 'must be at most 500 characters').optional(),
  match: matchSchema.optional(),
  include: z.array(modelRefSchema).optional(),
  exclude: z.array(modelRefSchema).optional(),
});

export const teamSchema = z.strictObject({
  slug: slugSchema,
  name: nameSchema,
  groups: z.array(slugSchema).min(1, 'must name at least one group'),
});

export type GroupInput = z.output<typeof groupSchema>;
export type TeamInput = z.output<typeof teamSchema>;

/** Where a group or team is defined: built in (`all`), declared in ACCESS_PATH (read-only), or saved in the dashboard. */
export type AccessSource = 'built-in' | 'config' | 'dashboard';

export type Group = {
  slug: string;
  name: string;
  description: string | null;
  /** null: the group is its includes alone. */
  match: GroupMatch | null;
  include: string[];
  exclude: string[];
  source: AccessSource;
};
export type Team = { slug: string; name: string; groups: string[]; source: AccessSource };
export type AccessDeclarations = { groups: Group[]; teams: Team[] };

/** What a verdict needs of an offered model. */
export type AccessModel = {
  /** The consumer API's id (model/qualified-id.ts). */
  id: string;
  provider: string;
  modelId: string;
  type: string;
  capabilities: readonly string[];
  /** The provider announced a deprecation date (past or not). */
  deprecated: boolean;
};

export type Verdict = {
  member: boolean;
  /** builtin: the group `all`; excluded / included: named by the group; rule: its match took it; no-match: it did not. */
  reason: 'builtin' | 'excluded' | 'included' | 'rule' | 'no-match';
  /** With no-match: the first criterion the model failed (absent when the group has no match at all). */
  failed?: Criterion;
};

const patterns = new Map<string, RegExp>();

/** An id pattern as a regular expression over the whole id: `*` is any run of characters, `/` included. */
export function idPattern(pattern: string): RegExp {
  let compiled = patterns.get(pattern);
  if (!compiled) {
    const source = pattern
      .split('*')
      .map((part) => part.replace(/[\\^$.|?+()[\]{}]/g, '\\$&'))
      .join('.*');
    compiled = new RegExp(`^${source}$`, 'su');
    patterns.set(pattern, compiled);
  }
  return compiled;
}

/** The names a rule may call a model by: its API id and `<provider>/<model_id>` (one and the same but for Mistral). */
const namesOf = (model: AccessModel) => [model.id, `${model.provider}/${model.modelId}`];

/** The first criterion of `match` that refuses the model, or null when it takes it. */
function failedCriterion(match: GroupMatch, model: AccessModel): Criterion | null {
  if (match.providers && !match.providers.includes(model.provider)) return 'providers';
  if (match.ids) {
    const names = namesOf(model);
    if (!match.ids.some((pattern) => names.some((name) => idPattern(pattern).test(name)))) return 'ids';
  }
  if (match.types && !(match.types as readonly string[]).includes(model.type)) return 'types';
  if (match.capabilities && !match.capabilities.some((c) => model.capabilities.includes(c)))
    return 'capabilities';
  if (match.deprecated !== undefined && match.deprecated !== model.deprecated) return 'deprecated';
  return null;
}

/**
 * Whether an offered model is in a group, and why: an exclude wins over everything, then an include, then the
 * match (every criterion it names must take the model; any one value of a criterion is enough).
 */
export function groupVerdict(group: Group, model: AccessModel): Verdict {
  if (group.slug === ALL_GROUP) return { member: true, reason: 'builtin' };
  const names = namesOf(model);
  if (group.exclude.some((ref) => names.includes(ref))) return { member: false, reason: 'excluded' };
  if (group.include.some((ref) => names.includes(ref))) return { member: true, reason: 'included' };
  if (!group.match) return { member: false, reason: 'no-match' };
  const failed = failedCriterion(group.match, model);
  return failed ? { member: false, reason: 'no-match', failed } : { member: true, reason: 'rule' };
}

/** A group's rule in words, for people: "provider openai or anthropic · type chat · plus 2 named, minus 1". */
export function describeGroup(group: Group): string {
  if (group.slug === ALL_GROUP) return 'every offered model';
  const m = group.match;
  const parts: string[] = [];
  const or = (values: readonly string[]) => values.join(' or ');
  if (m?.providers) parts.push(`provider ${or(m.providers)}`);
  if (m?.ids) parts.push(`id ${or(m.ids)}`);
  if (m?.types) parts.push(`type ${or(m.types)}`);
  if (m?.capabilities) parts.push(`capability ${or(m.capabilities)}`);
  if (m?.deprecated !== undefined)
    parts.push(m.deprecated ? 'deprecation announced' : 'no deprecation announced');
  const rule = parts.join(' · ');
  const plus = group.include.length ? `${group.include.length} named (${group.include.join(', ')})` : '';
  const minus = group.exclude.length ? `except ${group.exclude.join(', ')}` : '';
  return [rule, rule && plus ? `plus ${plus}` : plus, minus].filter(Boolean).join(' · ');
}

/** The built-in group, as a group. */
export const ALL: Group = {
  slug: ALL_GROUP,
  name: 'Every offered model',
  description: null,
  match: null,
  include: [],
  exclude: [],
  source: 'built-in',
};

/**
 * What is wrong with one group on its own, as sentences (none: it may be used): the built-in slug taken, a match
 * naming no criterion, nothing to hold, an unknown provider. The declarations and the dashboard's form both ask.
 */
export function groupProblems(group: GroupInput, providerIds: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  if (group.slug === ALL_GROUP)
    problems.push(`"${ALL_GROUP}" is the built-in group of every offered model; choose another slug`);
  if (group.match && Object.keys(group.match).length === 0) {
    problems.push(
      `match names no criterion (it would take every offered model: grant the built-in group "${ALL_GROUP}")`,
    );
  }
  if (!group.match && (group.include ?? []).length === 0)
    problems.push('neither a match nor an include: the group could hold no model');
  for (const provider of group.match?.providers ?? []) {
    if (!providerIds.has(provider)) {
      problems.push(`unknown provider "${provider}" (known: ${[...providerIds].sort().join(', ')})`);
    }
  }
  return problems;
}

/**
 * A rule with its criteria in one fixed order, whatever order it was written or stored in (jsonb keeps its own key
 * order): two rules that say the same are the same text, for events and for "nothing changed".
 */
export function canonicalMatch(match: GroupMatch | null | undefined): GroupMatch | null {
  if (!match) return null;
  const { providers, ids, types, capabilities, deprecated } = match;
  return {
    ...(providers ? { providers } : {}),
    ...(ids ? { ids } : {}),
    ...(types ? { types } : {}),
    ...(capabilities ? { capabilities } : {}),
    ...(deprecated !== undefined ? { deprecated } : {}),
  };
}

/** A checked group input as a group. */
export function groupOf(input: GroupInput, source: AccessSource): Group {
  const { slug, name, description, match, include = [], exclude = [] } = input;
  return {
    slug,
    name,
    description: description ?? null,
    match: canonicalMatch(match),
    include,
    exclude,
    source,
  };
}

function labelOf(entry: unknown): string {
  const slug = (entry as { slug?: unknown } | null)?.slug;
  return typeof slug === 'string' ? slug.slice(0, 63) : '?';
}

function issues(error: z.ZodError): string[] {
  return error.issues.map(
    (issue) => `${issue.path.length ? issue.path.join('.') : '(top level)'}: ${issue.message}`,
  );
}

const SHAPE =
  '{"groups": [{"slug": "beta", "name": "Beta models", "match": {"providers": ["openai"], "ids": ["openai/gpt-5*"], "types": ["chat"], "capabilities": ["vision"], "deprecated": false}, "include": ["mistral-large-latest"], "exclude": []}], "teams": [{"slug": "search", "name": "Search", "groups": ["beta"]}]}';

/**
 * Groups and teams declared as code (ACCESS_PATH), validated whole: a bad file is refused naming `origin` and every
 * bad entry, and nothing of it is used. `providerIds`: the providers an entry may name (built-in and declared).
 */
export function parseAccessDeclarations(
  input: unknown,
  origin: string,
  providerIds: ReadonlySet<string>,
): AccessDeclarations {
  const top = z
    .strictObject({ groups: z.array(z.unknown()).optional(), teams: z.array(z.unknown()).optional() })
    .safeParse(input);
  if (!top.success) refuse(origin, issues(top.error));
  const problems: string[] = [];
  const groups: Group[] = [];
  const seen = new Set<string>();
  (top.data.groups ?? []).forEach((entry, i) => {
    const say = (problem: string) => problems.push(`groups[${i}] (${labelOf(entry)}): ${problem}`);
    const parsed = groupSchema.safeParse(entry);
    if (!parsed.success) {
      for (const problem of issues(parsed.error)) say(problem);
      return;
    }
    const { slug } = parsed.data;
    const own = groupProblems(parsed.data, providerIds);
    if (slug !== ALL_GROUP && seen.has(slug)) own.push(`the slug "${slug}" is declared twice`);
    seen.add(slug);
    for (const problem of own) say(problem);
    if (own.length === 0) groups.push(groupOf(parsed.data, 'config'));
  });
  const groupSlugs = new Set([ALL_GROUP, ...seen]);
  const teams: Team[] = [];
  const teamSlugs = new Set<string>();
  (top.data.teams ?? []).forEach((entry, i) => {
    const say = (problem: string) => problems.push(`teams[${i}] (${labelOf(entry)}): ${problem}`);
    const parsed = teamSchema.safeParse(entry);
    if (!parsed.success) {
      for (const problem of issues(parsed.error)) say(problem);
      return;
    }
    const { slug, name, groups: granted } = parsed.data;
    if (teamSlugs.has(slug)) say(`the slug "${slug}" is declared twice`);
    teamSlugs.add(slug);
    for (const g of granted) if (!groupSlugs.has(g)) say(`unknown group "${g}"`);
    teams.push({ slug, name, groups: [...new Set(granted)], source: 'config' });
  });
  if (problems.length) refuse(origin, problems);
  return { groups, teams };
}

function refuse(origin: string, problems: string[]): never {
  throw new RegistryError(
    'config',
    `The access groups and teams in ${origin} are invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}\n` +
      `Fix the file (shape: ${SHAPE}). Nothing of it is used.`,
  );
}

/** What a group would hold among the offered models, and whether that is worth a second look before it is saved. */
export type GroupPreview = {
  members: number;
  offered: number;
  /** The first few members by id. */
  preview: string[];
  /** `nothing`: no offered model is in it (yet); `everything`: every offered model is (the built-in `all` says so). */
  warning: 'nothing' | 'everything' | null;
};

export function previewGroup(group: Group, offered: Iterable<AccessModel>, size = 8): GroupPreview {
  let total = 0;
  const ids: string[] = [];
  for (const model of offered) {
    total += 1;
    if (groupVerdict(group, model).member) ids.push(model.id);
  }
  ids.sort();
  const warning = ids.length === 0 ? 'nothing' : ids.length === total ? 'everything' : null;
  return { members: ids.length, offered: total, preview: ids.slice(0, size), warning };
}
