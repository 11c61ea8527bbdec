// What a gateway config is written from: the offered models (as the consumer list serves them, with their
// provider's own id and the access groups that hold them), the providers, and the revision they were read at.
import type { ModelType } from '../types';
import type { GatewayFormat, GatewayProvider } from './targets';

export type GatewayModel = {
  /** The consumer API's id: what clients of the gateway ask for. */
  id: string;
  provider: string;
  /** The provider's own id, which the gateway sends on. */
  modelId: string;
  displayName: string;
  description: string | null;
  type: ModelType;
  contextLength: number | null;
  deprecation: { date: string; replacement: string | null } | null;
  isDefault: boolean;
  /** Per million tokens; null when unknown (never 0 for unknown). */
  price: { input: number | null; output: number | null };
  /** The access groups that hold it, in the catalog's order, without the built-in `all`. */
  groups: string[];
};

export type GatewayInput = {
  format: GatewayFormat;
  revision: number;
  /** The team the config is for (its models only), or null: every offered model. */
  team: string | null;
  models: GatewayModel[];
  providers: ReadonlyMap<string, GatewayProvider>;
};

/** The command that writes it again, for the header. */
function regenerateCommand(input: Pick<GatewayInput, 'format' | 'team'>): string {
  return `npm run gateways:export -- --format ${input.format}${input.team ? ` --team ${input.team}` : ''}`;
}

/** The models no gateway can route (their provider is neither built in nor declared), by provider. */
export function unroutedModels(input: GatewayInput): { provider: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const m of input.models) {
    if (!input.providers.has(m.provider)) counts.set(m.provider, (counts.get(m.provider) ?? 0) + 1);
  }
  return [...counts].sort(([a], [b]) => (a < b ? -1 : 1)).map(([provider, count]) => ({ provider, count }));
}

/** The header both formats start with: what wrote it, from which revision, and what it could not route. */
export function headerLines(input: GatewayInput, title: string): string[] {
  const lines = [
    `${title}, written by Model Registry from registry revision ${input.revision}${input.team ? ` for team ${input.team}` : ''}.`,
    `Do not edit by hand: regenerate it with \`${regenerateCommand(input)}\` (or GET /api/v1/gateways/${input.format}).`,
  ];
  for (const { provider, count } of unroutedModels(input)) {
    lines.push(
      `Not routed: ${count} model(s) of provider "${provider}", which is neither built in nor declared in PROVIDERS_PATH.`,
    );
  }
  return lines;
}
