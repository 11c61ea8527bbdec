// Why a team may or may not use a model, in words and as data: the group and the part of its rule that decide, or
// why nothing does. The same verdicts the consumer API obeys (rules.ts), over the same view (members.ts).
import { RegistryError } from '../errors';
import type { KeyRecord } from './keys';
import type { AccessView } from './members';
import { type AccessModel, type Criterion, type Group, groupVerdict, type Verdict } from './rules';

export type GroupFinding = {
  group: string;
  /** False when the team names a group that no longer exists: it grants nothing. */
  exists: boolean;
  member: boolean;
  reason: Verdict['reason'] | 'missing';
  failed?: Criterion;
  /** One line for people: what took the model, or what refused it. */
  says: string;
};

export type Explanation = {
  allowed: boolean;
  team: string;
  model: string;
  offered: boolean;
  /** The first of the team's groups that holds the model (null when denied). */
  decidedBy: string | null;
  groups: GroupFinding[];
  summary: string;
};

const list = (values: readonly unknown[]) => values.map(String).join(', ');

function refusal(group: Group, criterion: Criterion | undefined, model: AccessModel): string {
  const match = group.match;
  if (!match || !criterion) return 'its rule is its includes alone, and they do not name it';
  switch (criterion) {
    case 'providers':
      return `provider is ${model.provider}; the rule takes ${list(match.providers ?? [])}`;
    case 'ids':
      return `the id matches none of ${list(match.ids ?? [])}`;
    case 'types':
      return `type is ${model.type}; the rule takes ${list(match.types ?? [])}`;
    case 'capabilities':
      return `capabilities are ${list(model.capabilities) || 'none'}; the rule takes ${list(match.capabilities ?? [])}`;
    case 'deprecated':
      return match.deprecated
        ? 'no deprecation is announced; the rule takes deprecated models'
        : 'a deprecation is announced; the rule takes models without one';
  }
}

function finding(group: Group, model: AccessModel): GroupFinding {
  const verdict = groupVerdict(group, model);
  const says =
    verdict.reason === 'builtin'
      ? 'the built-in group of every offered model'
      : verdict.reason === 'excluded'
        ? 'its exclude list names it'
        : verdict.reason === 'included'
          ? 'its include list names it'
          : verdict.reason === 'rule'
            ? `its rule takes it (${JSON.stringify(group.match)})`
            : refusal(group, verdict.failed, model);
  return { group: group.slug, exists: true, ...verdict, says };
}

/**
 * Whether team `teamSlug` may use model `modelId` (an API id), and why. `narrowTo`: a key's groups, when it is
 * narrowed to some of its team's (both must allow a model). Unknown team: RegistryError('refused').
 */
export function explainAccess(
  view: AccessView,
  teamSlug: string,
  modelId: string,
  narrowTo: readonly string[] = [],
): Explanation {
  const team = view.teams.get(teamSlug);
  if (!team) {
    const known = [...view.teams.keys()].sort();
    throw new RegistryError(
      'refused',
      `No team "${teamSlug}". ${known.length ? `Teams: ${known.join(', ')}.` : 'No team exists yet (the Access page, or ACCESS_PATH).'}`,
    );
  }
  const model = view.models.get(modelId);
  if (!model) {
    return {
      allowed: false,
      team: team.slug,
      model: modelId,
      offered: false,
      decidedBy: null,
      groups: [],
      summary: `denied: ${modelId} is not offered (inactive, retired or unknown), so no team may use it.`,
    };
  }
  const groups = team.groups.map((slug): GroupFinding => {
    const group = view.groups.get(slug);
    if (!group) {
      return {
        group: slug,
        exists: false,
        member: false,
        reason: 'missing',
        says: 'no such group exists (any more): it grants nothing',
      };
    }
    const found = finding(group, model);
    if (narrowTo.length === 0 || narrowTo.includes(slug)) return found;
    return {
      ...found,
      member: false,
      says: `${found.says}; but the key is narrowed to ${narrowTo.join(', ')}, so this group does not count`,
    };
  });
  const decided = groups.find((g) => g.member);
  const summary = decided
    ? `allowed: team ${team.slug} may use ${modelId} through group ${decided.group}: ${decided.says}.`
    : `denied: no group of team ${team.slug} holds ${modelId}.`;
  return {
    allowed: decided !== undefined,
    team: team.slug,
    model: modelId,
    offered: true,
    decidedBy: decided?.group ?? null,
    groups,
    summary,
  };
}

/** What a key may see of a model: a team key as its team (narrowed to its groups), a platform key every offered one. */
export function explainKeyAccess(
  view: AccessView,
  key: KeyRecord,
  modelId: string,
): Explanation & { key: string } {
  const offered = view.models.has(modelId);
  const base = {
    key: key.prefix,
    team: key.team ?? '',
    model: modelId,
    offered,
    decidedBy: null,
    groups: [],
  };
  if (key.state !== 'active') {
    return {
      ...base,
      allowed: false,
      summary: `denied: key ${key.prefix} is ${key.state}, so it is refused (401) before any model is considered.`,
    };
  }
  if (key.kind === 'platform') {
    return {
      ...base,
      allowed: offered,
      summary: offered
        ? `allowed: ${key.prefix} is a platform key, which sees every offered model.`
        : `denied: ${modelId} is not offered (inactive, retired or unknown), so no key may use it.`,
    };
  }
  const team = key.team ?? '';
  if (!view.teams.has(team)) {
    return {
      ...base,
      allowed: false,
      summary: `denied: key ${key.prefix} belongs to team ${team}, which no longer exists: it sees nothing.`,
    };
  }
  const explanation = explainAccess(view, team, modelId, key.groups);
  return {
    ...explanation,
    key: key.prefix,
    summary: `key ${key.prefix} (team ${team}): ${explanation.summary}`,
  };
}
