// A gateway's config from the registry as it is: the offered models (the consumer list's own read), the access
// groups that hold each (access/members.ts), this deployment's providers (PROVIDERS_PATH read per call, like every
// reader of it), written by the format's renderer. Kept per revision like the consumer list: the same revision and
// the same declarations give the same bytes, and the ETag is their hash. `checkGatewayConfig` compares a deployed
// file with it, header aside (the header names the revision, which moves for changes a config does not show).
import { createHash } from 'node:crypto';
import { createTwoFilesPatch } from 'diff';
import type { Executor } from '../../../db/client';
import { loadAccessDeclarations } from '../access/declared';
import { accessView, teamModelIds } from '../access/members';
import { ALL_GROUP } from '../access/rules';
import { RegistryError } from '../errors';
import { resolveModelRef } from '../model/qualified-id';
import { providerSetup } from '../providers/registry';
import { listOfferedModels } from '../reads/consumer';
import { keptPerRevision, modelsRevision } from '../revision';
import type { Env } from '../types';
import { librechatDocument } from './librechat';
import { litellmDocument } from './litellm';
import { type GatewayInput, type GatewayModel, unroutedModels } from './model';
import { GATEWAY_FORMATS, type GatewayFormat, type GatewayProvider, gatewayProviders } from './targets';
import { type GatewayDocument, renderYaml, valueFingerprint, withoutHeader } from './yaml';

export type { GatewayFormat };

export type GatewayConfig = {
  format: GatewayFormat;
  body: string;
  etag: string;
  revision: number;
  team: string | null;
  /** Entries written: LiteLLM's model_list, LibreChat's model specs. */
  models: number;
  unrouted: { provider: string; count: number }[];
};

/** `--format` / the path's format, or a usage error naming the known ones. */
export function parseGatewayFormat(value: string | undefined | null): GatewayFormat {
  const found = GATEWAY_FORMATS.find((f) => f === value);
  if (found) return found;
  throw new RegistryError(
    'usage',
    `Unknown gateway format "${String(value ?? '').slice(0, 40)}". Use one of: ${GATEWAY_FORMATS.join(', ')}.`,
  );
}

/** The error a team that is not declared or saved gets (the API answers 400 team_not_found). */
export class UnknownTeamError extends RegistryError {
  constructor(readonly team: string) {
    super(
      'usage',
      `No team "${team.slice(0, 63)}" exists (declared in ACCESS_PATH or saved on the Access page).`,
    );
  }
}

/** What every format is written from (the format itself only names the header's command). */
async function inputOf(
  db: Executor,
  team: string | null,
  env: Env,
  providers: ReadonlyMap<string, GatewayProvider>,
): Promise<Omit<GatewayInput, 'format'>> {
  // The revision first: what is read after it is never older than the revision the header names.
  const revision = await modelsRevision(db);
  const [offered, view] = await Promise.all([
    listOfferedModels(db),
    accessView(db, loadAccessDeclarations(env)),
  ]);
  let allowed: ReadonlySet<string> | null = null;
  if (team !== null) {
    const found = view.teams.get(team);
    if (!found) throw new UnknownTeamError(team);
    allowed = teamModelIds(view, found);
  }
  const groupsOf = new Map<string, string[]>();
  for (const [slug, ids] of view.members) {
    if (slug === ALL_GROUP) continue;
    for (const id of ids) groupsOf.set(id, [...(groupsOf.get(id) ?? []), slug]);
  }
  const known = new Set([...providers.keys(), ...offered.map((m) => m.provider)]);
  const models: GatewayModel[] = offered
    .filter((m) => allowed === null || allowed.has(m.id))
    .map((m) => ({
      id: m.id,
      provider: m.provider,
      modelId: resolveModelRef(m.id, known).modelId,
      displayName: m.display_name,
      description: m.description,
      type: m.type as GatewayModel['type'],
      contextLength: m.context_length,
      deprecation: m.deprecation,
      isDefault: m.is_default,
      price: { input: m.pricing.input, output: m.pricing.output },
      groups: groupsOf.get(m.id) ?? [],
    }));
  return { revision, team, models, providers };
}

const documentOf = (input: GatewayInput): GatewayDocument =>
  input.format === 'litellm' ? litellmDocument(input) : librechatDocument(input);

const kept = keptPerRevision(
  async (
    db: Executor,
    format: GatewayFormat,
    team: string | null,
    env: Env,
    providers: ReadonlyMap<string, GatewayProvider>,
    _key: string,
  ) => {
    const input: GatewayInput = { ...(await inputOf(db, team, env, providers)), format };
    const body = renderYaml(documentOf(input));
    const routed = input.models.filter((m) => input.providers.has(m.provider));
    return {
      format,
      body,
      etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`,
      revision: input.revision,
      team,
      models: format === 'litellm' ? routed.length : routed.filter((m) => m.type === 'chat').length,
      unrouted: unroutedModels(input),
    } satisfies GatewayConfig;
  },
  (format, team, _env, _providers, key) => `${format} ${team ?? '*'} ${key}`,
  50,
);

/** The format's config for every offered model, or for `team`'s; throws UnknownTeamError for a team that is not. */
export async function gatewayConfig(
  db: Executor,
  options: { format: GatewayFormat; team?: string | null; env?: Env },
): Promise<GatewayConfig> {
  const env = options.env ?? process.env;
  // What else decides the bytes: the access declarations and the providers' declarations, by content.
  const providers = gatewayProviders(providerSetup(env).all);
  const key = `${loadAccessDeclarations(env).fingerprint} ${JSON.stringify([...providers.values()])}`;
  return kept(db, options.format, options.team ?? null, env, providers, key);
}

export type GatewayCheck =
  | { matches: true; config: GatewayConfig }
  | { matches: false; config: GatewayConfig; diff: string };

/** An entry's first line: LiteLLM's `- model_name: …`, LibreChat's endpoint or spec `- name: …`. */
const ENTRY = /^\s*- (?:model_name|name): (.+)$/;

/**
 * Each hunk's header names the entry its first change falls in, as git names the enclosing function: a price
 * four lines below its model's name is otherwise a hunk that never says which model it is.
 */
function labelHunks(patch: string, ours: string): string {
  const lines = ours.split('\n');
  const out = patch.split('\n');
  for (let i = 0; i < out.length; i++) {
    const header = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@$/.exec(out[i] ?? '');
    if (!header) continue;
    let at = Number(header[1]) - 1;
    for (let j = i + 1; j < out.length && (out[j] ?? '').startsWith(' '); j++) at++;
    for (let k = Math.min(at, lines.length - 1); k >= 0; k--) {
      const entry = ENTRY.exec(lines[k] ?? '');
      if (entry) {
        out[i] = `${out[i]} ${entry[1]}`;
        break;
      }
    }
  }
  return out.join('\n');
}

/**
 * A deployed config against the registry's, header aside: a unified diff (deployed → registry) when they differ,
 * each hunk headed by the entry it changes.
 */
export function checkGatewayConfig(
  deployed: string,
  deployedName: string,
  config: GatewayConfig,
): GatewayCheck {
  const theirs = withoutHeader(deployed);
  const ours = withoutHeader(config.body);
  if (theirs === ours) return { matches: true, config };
  const diff = createTwoFilesPatch(
    deployedName,
    `registry revision ${config.revision}`,
    theirs,
    ours,
    undefined,
    undefined,
    { context: 3 },
  );
  return { matches: false, config, diff: labelHunks(diff, ours) };
}

/** Each format's whole config (every offered model, no team) by its content, header aside. */
export type GatewayFingerprints = Readonly<Record<GatewayFormat, string>>;

/**
 * What each gateway would be given now, from one read: equal fingerprints, the same config but for its header
 * (the revision it names). The documents are hashed, not written.
 */
export async function gatewayFingerprints(
  db: Executor,
  env: Env = process.env,
): Promise<GatewayFingerprints> {
  const providers = gatewayProviders(providerSetup(env).all);
  const input = await inputOf(db, null, env, providers);
  const entries = GATEWAY_FORMATS.map(
    (format) => [format, valueFingerprint(documentOf({ ...input, format }))] as const,
  );
  return Object.fromEntries(entries) as Record<GatewayFormat, string>;
}
